/**
 * The feedback simulation: judgments play the broker. In each CV fold a model
 * is trained on the training demands; half of the held-out demands ("seen")
 * reveal outcomes for their top results (grade >= 2 accepted, grade 0 or
 * unjudged declined as irrelevant, grade 1 no outcome); the model is retrained
 * with those outcome pairs, and the seen demands also get the per-demand
 * adjustment. Residual nDCG@10 — the ranking of what the broker has not yet
 * seen, judged without the revealed pairs — is measured on the seen demands
 * and on the other held-out demands, against no feedback.
 */
import type { PairOutcome } from '../domain/outcomes.js';
import {
  adjustForOutcomes,
  outcomeExamples,
  scoreCandidate,
  trainReranker,
  type FeedbackParams,
  type RerankModel,
  type TrainParams,
} from '../match/rerank/index.js';
import { rerankList, toExamples, type CandidateList } from './cv.js';
import { meanAndSpread, trainingSet, type Fold } from './folds.js';
import { queryMetrics, type Qrels } from './metrics.js';

export interface SimulationInput {
  lists: readonly CandidateList[];
  qrels: Qrels;
  folds: readonly Fold[];
  /** Results the broker looks at per seen demand. */
  revealed: number;
  train: TrainParams;
  /** Per-demand adjustment settings to report, one row each. */
  feedback: FeedbackParams[];
  vectorOf: (achievementId: string) => Float32Array | undefined;
  /** How much an outcome pair counts against a judged one in the retrain (the nightly rebuild uses 0.5); default 1. */
  outcomeWeight?: number;
}

export interface SimulationRow {
  condition: string;
  seen: { mean: number; sd: number };
  unseen: { mean: number; sd: number };
}

function residualNdcg(ranked: readonly string[], judged: Map<string, number>, revealed: ReadonlySet<string>): number {
  const rest = new Map([...judged].filter(([id]) => !revealed.has(id)));
  return queryMetrics(
    ranked.filter((id) => !revealed.has(id)),
    rest,
  )[0];
}

function scored(list: CandidateList, model: RerankModel) {
  return list.candidates.map((c) => ({ id: c.id, score: scoreCandidate(model, c.features) }));
}

export function simulateFeedback(input: SimulationInput): SimulationRow[] {
  const full = input.lists.filter((l) => l.view === 'full');
  const listOf = new Map(full.map((l) => [l.demandId, l]));
  const examples = toExamples(input.lists, input.qrels);
  const perFold = {
    none: { seen: [] as number[], unseen: [] as number[] },
    retrain: { seen: [] as number[], unseen: [] as number[] },
  };
  const adjusted: { seen: number[]; unseen: number[] }[] = [];
  for (const fold of input.folds) {
    const heldOut = fold.test.filter(
      (id) => listOf.has(id) && [...(input.qrels.get(id)?.values() ?? [])].some((g) => g >= 2),
    );
    const seen = heldOut.filter((_, i) => i % 2 === 0);
    const unseen = heldOut.filter((_, i) => i % 2 === 1);
    const base = trainReranker(
      trainingSet(examples, fold, (e) => e.demandId),
      input.train,
    );
    const outcomes: PairOutcome[] = [];
    const revealedOf = new Map<string, Set<string>>();
    for (const demandId of seen) {
      const top = rerankList(listOf.get(demandId)!, base).slice(0, input.revealed);
      revealedOf.set(demandId, new Set(top));
      for (const achievementId of top) {
        const grade = input.qrels.get(demandId)?.get(achievementId) ?? 0;
        if (grade === 1) continue;
        outcomes.push({
          demandId,
          achievementId,
          label: grade >= 2 ? 1 : -1,
          source: 'simulated',
          at: '2026-11-30T00:00:00Z',
        });
      }
    }
    const featuresOf = (d: string, a: string) => listOf.get(d)?.candidates.find((c) => c.id === a)?.features;
    const retrained = trainReranker(
      [
        ...trainingSet(examples, fold, (e) => e.demandId),
        ...outcomeExamples(outcomes, featuresOf, input.outcomeWeight ?? 1),
      ],
      input.train,
    );
    const judged = (d: string) => input.qrels.get(d) ?? new Map<string, number>();
    const noneSeen = new Set<string>();
    const mean = (xs: number[]) => meanAndSpread(xs).mean;
    const measure = (demands: string[], rank: (d: string) => string[]) =>
      mean(demands.map((d) => residualNdcg(rank(d), judged(d), revealedOf.get(d) ?? noneSeen)));
    perFold.none.seen.push(measure(seen, (d) => rerankList(listOf.get(d)!, base)));
    perFold.none.unseen.push(measure(unseen, (d) => rerankList(listOf.get(d)!, base)));
    perFold.retrain.seen.push(measure(seen, (d) => rerankList(listOf.get(d)!, retrained)));
    perFold.retrain.unseen.push(measure(unseen, (d) => rerankList(listOf.get(d)!, retrained)));
    input.feedback.forEach((feedback, k) => {
      adjusted[k] ??= { seen: [], unseen: [] };
      adjusted[k]!.seen.push(
        measure(seen, (d) =>
          adjustForOutcomes(
            scored(listOf.get(d)!, retrained),
            outcomes.filter((o) => o.demandId === d),
            input.vectorOf,
            feedback,
          ).map((c) => c.id),
        ),
      );
      // The adjustment only touches demands with outcomes.
      adjusted[k]!.unseen.push(perFold.retrain.unseen.at(-1)!);
    });
  }
  const row = (condition: string, r: { seen: number[]; unseen: number[] }): SimulationRow => ({
    condition,
    seen: meanAndSpread(r.seen),
    unseen: meanAndSpread(r.unseen),
  });
  return [
    row('no feedback', perFold.none),
    row('retrained with outcomes', perFold.retrain),
    ...input.feedback.map((f, k) => row(`retrained + per-demand adjustment (weight ${f.weight})`, adjusted[k]!)),
  ];
}
