/**
 * Cross-validated evaluation of the second stage: the first stage's top
 * candidates and their features are collected once per view; then, fold by
 * fold, a model is trained on the training demands only and measured on the
 * held-out ones. The held-out rankings of all folds together form one run file.
 */
import type { RankingParams } from '../match/rank.js';
import {
  SECOND_STAGE_TRAINING_DEPTH,
  SECOND_STAGE_FIRST_STAGE,
  scoreCandidate,
  trainReranker,
  type FeatureVector,
  type RerankModel,
  type TrainingExample,
} from '../match/rerank/index.js';
import { meanAndSpread, trainingSet, type Fold } from './folds.js';
import { evaluateRun, type Metrics, type Qrels, type Run } from './metrics.js';
import type { EvalSetup, QueryView } from './run-eval.js';

export interface CandidateList {
  demandId: string;
  view: QueryView;
  /** In first-stage order. */
  candidates: { id: string; features: FeatureVector }[];
}

/** The first stage's top candidates with their second-stage features, for every demand in one view. */
export async function collectCandidates(
  setup: EvalSetup,
  view: QueryView,
  ranking: Partial<RankingParams> = {},
  depth = SECOND_STAGE_TRAINING_DEPTH,
): Promise<CandidateList[]> {
  const lists: CandidateList[] = [];
  for (const demand of setup.demands) {
    const query = view === 'title' ? { text: demand.title } : { id: demand.id };
    const response = await setup.engine.matchDemand(query, {
      k: depth,
      // The plain first stage unless the caller names one: the second stage is trained and used on it.
      ranking: {
        firstStage: SECOND_STAGE_FIRST_STAGE,
        ...ranking,
        secondStage: { model: null, depth, keepFeatures: true },
      },
    });
    lists.push({
      demandId: demand.id,
      view,
      candidates: response.results.map((r) => ({ id: r.id, features: r.features ?? [] })),
    });
  }
  return lists;
}

export function toExamples(lists: readonly CandidateList[], qrels: Qrels): TrainingExample[] {
  return lists.flatMap((list) =>
    list.candidates.map((c) => ({
      group: `${list.view}:${list.demandId}`,
      demandId: list.demandId,
      candidateId: c.id,
      features: c.features,
      grade: qrels.get(list.demandId)?.get(c.id) ?? 0,
      judged: qrels.get(list.demandId)?.has(c.id) ?? false,
    })),
  );
}

/** The candidates re-ordered by a model (stable: ties keep the first stage's order). */
export function rerankList(list: CandidateList, model: RerankModel | null): string[] {
  if (!model) return list.candidates.map((c) => c.id);
  return list.candidates
    .map((c, position) => ({ id: c.id, position, score: scoreCandidate(model, c.features) }))
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .map((c) => c.id);
}

export type Trainer = (examples: TrainingExample[]) => RerankModel | null;

export interface FoldResult {
  fold: number;
  test: string[];
  metrics: Record<QueryView, Metrics>;
}

export interface CvSummary {
  folds: FoldResult[];
  mean: Record<QueryView, Record<string, number>>;
  sd: Record<QueryView, Record<string, number>>;
  /** Each demand ranked by the model of the fold that held it out. */
  heldOut: Record<QueryView, Run>;
}

const METRIC_NAMES = ['nDCG@10', 'Recall@10', 'MRR@10', 'P@1'] as const;

export function crossValidate(
  lists: readonly CandidateList[],
  qrels: Qrels,
  folds: readonly Fold[],
  trainer: Trainer = (examples) => trainReranker(examples),
): CvSummary {
  const examples = toExamples(lists, qrels);
  const views = [...new Set(lists.map((l) => l.view))];
  const heldOut = Object.fromEntries(views.map((v) => [v, new Map()])) as Record<QueryView, Run>;
  const results: FoldResult[] = folds.map((fold) => {
    const model = trainer(trainingSet(examples, fold, (e) => e.demandId));
    const test = new Set(fold.test);
    const metrics = {} as Record<QueryView, Metrics>;
    for (const view of views) {
      const run: Run = new Map();
      for (const list of lists)
        if (list.view === view && test.has(list.demandId)) run.set(list.demandId, rerankList(list, model));
      for (const [demand, ranked] of run) heldOut[view].set(demand, ranked);
      const foldQrels: Qrels = new Map([...qrels].filter(([demand]) => test.has(demand)));
      metrics[view] = evaluateRun(run, foldQrels);
    }
    return { fold: fold.index, test: fold.test, metrics };
  });
  const summarise = (pick: 'mean' | 'sd') =>
    Object.fromEntries(
      views.map((view) => [
        view,
        Object.fromEntries(
          METRIC_NAMES.map((m) => {
            const stats = meanAndSpread(results.map((r) => r.metrics[view][m]));
            return [m, Math.round(stats[pick] * 10000) / 10000];
          }),
        ),
      ]),
    ) as Record<QueryView, Record<string, number>>;
  return { folds: results, mean: summarise('mean'), sd: summarise('sd'), heldOut };
}
