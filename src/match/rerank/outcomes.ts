/**
 * Learning from brokers' outcomes (src/domain/outcomes.ts). Two uses:
 * - at the nightly rebuild, every pair with an outcome becomes a training
 *   example (accepted / negotiating / signed as relevant, declined as
 *   irrelevant as not), grouped by demand, beside the judgments;
 * - right away, for the demand itself: what the broker accepted pulls up
 *   candidates that look like it, what was declined pushes its look-alikes
 *   down (Rocchio on the result vectors), and the pairs already decided leave
 *   the list of what is still to be looked at.
 * Pure: features and vectors are passed in.
 */
import type { PairOutcome } from '../../domain/outcomes.js';
import { dot } from '../../index/index.js';
import type { FeatureVector } from './features.js';
import type { TrainingExample } from './train.js';

/** Grade given to a pair the broker took forward, and to one declined as irrelevant. */
const POSITIVE_GRADE = 2;
const NEGATIVE_GRADE = 0;

/**
 * How much an outcome pair counts in training against a judged one (1). Below 1 because outcome
 * pairs are a biased sample of the model's own top 10: the first feedback simulation saw them cost
 * other demands 0.013 nDCG@10 at weight 1. 0.5 is a cautious choice: re-run on 2026-11-30, weights 1
 * and 0.5 were within the spread of each other (docs/quality.md).
 */
export const OUTCOME_EXAMPLE_WEIGHT = 0.5;

export function outcomeExamples(
  outcomes: readonly PairOutcome[],
  featuresOf: (demandId: string, achievementId: string) => FeatureVector | undefined,
  weight = 1,
): TrainingExample[] {
  // The latest outcome of a pair wins (a decline after an acceptance, or the reverse).
  const latest = new Map<string, PairOutcome>();
  for (const o of [...outcomes].sort((a, b) => a.at.localeCompare(b.at)))
    latest.set(`${o.demandId}\u0000${o.achievementId}`, o);
  return [...latest.values()].flatMap((o) => {
    const features = featuresOf(o.demandId, o.achievementId);
    if (!features) return [];
    return [
      {
        group: `outcome:${o.demandId}`,
        demandId: o.demandId,
        candidateId: o.achievementId,
        features,
        grade: o.label > 0 ? POSITIVE_GRADE : NEGATIVE_GRADE,
        judged: true,
        ...(weight === 1 ? {} : { weight }),
      },
    ];
  });
}

export interface FeedbackParams {
  /** Score added per unit of (best cosine to an accepted result − best cosine to a declined one). */
  weight: number;
}

/** Measured by scripts/outcome-sim.ts (docs/quality.md). */
export const DEFAULT_FEEDBACK: FeedbackParams = { weight: 3 };

/**
 * The per-demand adjustment: candidates re-scored by their likeness to the
 * demand's accepted and declined results; pairs with an outcome are dropped
 * (the broker has seen them). Returns ids, best first.
 */
export function adjustForOutcomes(
  candidates: readonly { id: string; score: number }[],
  outcomes: readonly PairOutcome[],
  vectorOf: (id: string) => Float32Array | undefined,
  params: FeedbackParams = DEFAULT_FEEDBACK,
): { id: string; score: number }[] {
  const decided = new Set(outcomes.map((o) => o.achievementId));
  return rescoreForOutcomes(
    candidates.filter((c) => !decided.has(c.id)),
    outcomes,
    vectorOf,
    params,
  );
}

/**
 * The same re-scoring, keeping the decided pairs (the engine's match list: the service shows an
 * accepted pair with its introduction and hides a declined one itself). A decided pair is its own
 * nearest look-alike, so an accepted one rises by the full weight and a declined one sinks by it.
 * Stable: equal scores keep the input order.
 */
export function rescoreForOutcomes<C extends { id: string; score: number }>(
  candidates: readonly C[],
  outcomes: readonly PairOutcome[],
  vectorOf: (id: string) => Float32Array | undefined,
  params: FeedbackParams = DEFAULT_FEEDBACK,
): C[] {
  const vectors = (label: 1 | -1) =>
    outcomes.flatMap((o) => (o.label === label ? (vectorOf(o.achievementId) ?? []) : []));
  const accepted = vectors(1);
  const declined = vectors(-1);
  const best = (v: Float32Array, set: Float32Array[]) => (set.length ? Math.max(...set.map((s) => dot(v, s))) : 0);
  return candidates
    .map((c, position) => {
      const v = vectorOf(c.id);
      const shift = v ? params.weight * (best(v, accepted) - best(v, declined)) : 0;
      return { candidate: { ...c, score: c.score + shift }, position };
    })
    .sort((a, b) => b.candidate.score - a.candidate.score || a.position - b.position)
    .map(({ candidate }) => candidate);
}
