/**
 * Cross-validation of a first-stage setting with a parameter (RRF k, an
 * expansion weight, RM3's weights): every setting on the grid ranks every
 * demand once; then, fold by fold, the setting with the best mean nDCG@10 on
 * the training demands (both views together) is measured on the held-out
 * demands. A grid of one setting is a plain per-fold measurement.
 */
import { meanAndSpread, trainingSet, type Fold } from './folds.js';
import { queryMetrics, type Qrels, type Run } from './metrics.js';
import type { QueryView } from './run-eval.js';

/** nDCG@10 per demand, for each view. */
export type DemandScores = Record<QueryView, Map<string, number>>;

export interface GridPoint {
  label: string;
  scores: DemandScores;
}

export interface ChosenFold {
  fold: number;
  /** The grid point chosen on this fold's training demands. */
  chosen: string;
  test: Record<QueryView, number>;
}

export interface ChoiceSummary {
  folds: ChosenFold[];
  mean: Record<QueryView, number>;
  sd: Record<QueryView, number>;
}

const VIEWS: readonly QueryView[] = ['full', 'title'];

/** nDCG@10 of each demand that has a grade >= 2 judgment (the demands the metrics average over). */
export function ndcgPerDemand(run: Run, qrels: Qrels): Map<string, number> {
  const scores = new Map<string, number>();
  for (const [demand, judged] of qrels)
    if ([...judged.values()].some((g) => g >= 2)) scores.set(demand, queryMetrics(run.get(demand) ?? [], judged)[0]);
  return scores;
}

function meanOver(scores: Map<string, number>, demands: readonly string[]): number {
  const values = demands.filter((d) => scores.has(d)).map((d) => scores.get(d)!);
  return values.reduce((s, v) => s + v, 0) / (values.length || 1);
}

/** Picks on training demands only (ties: the earlier grid point), measures on the held-out ones. */
export function chooseByCrossValidation(grid: readonly GridPoint[], folds: readonly Fold[]): ChoiceSummary {
  if (grid.length === 0) throw new Error('an empty grid has nothing to choose');
  const results = folds.map((fold) => {
    const train = trainingSet(fold.train, fold, (d) => d);
    let best = grid[0]!;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const point of grid) {
      const score = VIEWS.reduce((s, v) => s + meanOver(point.scores[v], train), 0) / VIEWS.length;
      if (score > bestScore) [best, bestScore] = [point, score];
    }
    const test = Object.fromEntries(VIEWS.map((v) => [v, meanOver(best.scores[v], fold.test)])) as Record<
      QueryView,
      number
    >;
    return { fold: fold.index, chosen: best.label, test };
  });
  const stat = (v: QueryView) => meanAndSpread(results.map((r) => r.test[v]));
  return {
    folds: results,
    mean: { full: stat('full').mean, title: stat('title').mean },
    sd: { full: stat('full').sd, title: stat('title').sd },
  };
}
