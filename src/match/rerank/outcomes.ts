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

export function outcomeExamples(
  outcomes: readonly PairOutcome[],
  featuresOf: (demandId: string, achievementId: string) => FeatureVector | undefined,
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
  const vectors = (label: 1 | -1) =>
    outcomes.flatMap((o) => (o.label === label ? (vectorOf(o.achievementId) ?? []) : []));
  const accepted = vectors(1);
  const declined = vectors(-1);
  const best = (v: Float32Array, set: Float32Array[]) => (set.length ? Math.max(...set.map((s) => dot(v, s))) : 0);
  return candidates
    .filter((c) => !decided.has(c.id))
    .map((c, position) => {
      const v = vectorOf(c.id);
      const shift = v ? params.weight * (best(v, accepted) - best(v, declined)) : 0;
      return { id: c.id, score: c.score + shift, position };
    })
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .map(({ id, score }) => ({ id, score }));
}
