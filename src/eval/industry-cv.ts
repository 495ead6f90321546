/**
 * Cross-validated industry accuracy of the blended tagger on labelled demands:
 * the blend's parameters are chosen on the training folds only (a small grid),
 * then the held-out demands are tagged. The prototypes come from achievements,
 * never from the demands' labels, so they need no folding.
 */
import type { Industry } from '../domain/index.js';
import { blendIndustry, type BlendParams, type IndustryPrototypes } from '../match/industry-tagger.js';
import type { Fold } from './folds.js';

export interface LabelledQuery {
  id: string;
  label: Industry;
  lexiconScores: Partial<Record<Industry, number>>;
  vector: Float32Array;
}

export const BLEND_GRID: BlendParams[] = [0, 0.2, 0.35, 0.5, 0.65, 0.8, 1].flatMap((lexiconWeight) =>
  [0.01, 0.02, 0.03, 0.05].map((temperature) => ({ lexiconWeight, temperature, secondBelow: 0.6 })),
);

function accuracyOf(queries: readonly LabelledQuery[], prototypes: IndustryPrototypes, params: BlendParams): number {
  const correct = queries.filter(
    (q) => blendIndustry(q.lexiconScores, q.vector, prototypes, params).industry === q.label,
  ).length;
  return correct / (queries.length || 1);
}

export interface IndustryCvResult {
  accuracy: number;
  /** The label is the first or the second industry. */
  topTwoAccuracy: number;
  perFold: { fold: number; accuracy: number; params: BlendParams }[];
  /** label → predicted → count, over all held-out demands. */
  confusion: Record<string, Record<string, number>>;
}

export function industryCrossValidation(
  queries: readonly LabelledQuery[],
  prototypesFor: (train: readonly LabelledQuery[]) => IndustryPrototypes,
  folds: readonly Fold[],
  grid: readonly BlendParams[] = BLEND_GRID,
): IndustryCvResult {
  const byId = new Map(queries.map((q) => [q.id, q]));
  const confusion: Record<string, Record<string, number>> = {};
  let correct = 0;
  let topTwo = 0;
  let total = 0;
  const perFold = folds.map((fold) => {
    const train = fold.train.flatMap((id) => byId.get(id) ?? []);
    const test = fold.test.flatMap((id) => byId.get(id) ?? []);
    const prototypes = prototypesFor(train);
    // First best on the training part wins ties: the grid is ordered from simple to less so.
    let best = grid[0]!;
    let bestAccuracy = -1;
    for (const params of grid) {
      const accuracy = accuracyOf(train, prototypes, params);
      if (accuracy > bestAccuracy) {
        best = params;
        bestAccuracy = accuracy;
      }
    }
    let foldCorrect = 0;
    for (const q of test) {
      const guess = blendIndustry(q.lexiconScores, q.vector, prototypes, best);
      confusion[q.label] ??= {};
      confusion[q.label]![guess.industry] = (confusion[q.label]![guess.industry] ?? 0) + 1;
      if (guess.industry === q.label) foldCorrect += 1;
      if (guess.industry === q.label || guess.secondIndustry === q.label) topTwo += 1;
    }
    correct += foldCorrect;
    total += test.length;
    return { fold: fold.index, accuracy: foldCorrect / (test.length || 1), params: best };
  });
  return { accuracy: correct / (total || 1), topTwoAccuracy: topTwo / (total || 1), perFold, confusion };
}
