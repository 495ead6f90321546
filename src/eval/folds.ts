/**
 * Cross-validation folds over demands: every quality figure is measured on
 * demands the method was not fitted on. The assignment is a pure function of
 * the ids and a seed, so a fold means the same demands in every run.
 */
import { createRandom } from '../random/prng.js';

export interface Fold {
  index: number;
  /** Demands the method may be fitted on. */
  train: string[];
  /** Demands it is measured on; never in `train`. */
  test: string[];
}

/** The seed behind every figure in docs/quality.md. */
export const CV_SEED = 13;

/**
 * Splits the ids into k folds of (nearly) equal size: the ids are sorted
 * (so input order does not matter), shuffled by the seed, then dealt round-robin.
 */
export function assignFolds(ids: readonly string[], k: number, seed = CV_SEED): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`cross-validation needs k >= 2 folds, got ${k}`);
  const unique = [...new Set(ids)].sort();
  if (unique.length < k) throw new Error(`cannot split ${unique.length} demands into ${k} folds`);
  const random = createRandom(seed);
  for (let i = unique.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [unique[i], unique[j]] = [unique[j]!, unique[i]!];
  }
  const buckets: string[][] = Array.from({ length: k }, () => []);
  unique.forEach((id, i) => buckets[i % k]!.push(id));
  return buckets.map((test, index) => ({
    index,
    test: [...test].sort(),
    train: buckets.flatMap((b, j) => (j === index ? [] : b)).sort(),
  }));
}

/**
 * The training examples of one fold: only those whose demand is in the fold's
 * training part. Every learner in the CV goes through this one gate.
 */
export function trainingSet<T>(examples: readonly T[], fold: Fold, demandOf: (example: T) => string): T[] {
  const train = new Set(fold.train);
  return examples.filter((example) => train.has(demandOf(example)));
}

/** Mean and (population) standard deviation of per-fold figures. */
export function meanAndSpread(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / (values.length || 1);
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length || 1);
  return { mean, sd: Math.sqrt(variance) };
}
