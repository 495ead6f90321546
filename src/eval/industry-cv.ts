/**
 * Cross-validated industry accuracy of the blended tagger on labelled demands:
 * the blend's parameters are chosen on the training folds only (a small grid),
 * then the held-out demands are tagged. The prototypes come from achievements,
 * never from the demands' labels, so they need no folding.
 */
import type { Industry } from '../domain/index.js';
import { blendIndustry, type BlendParams, type IndustryPrototypes } from '../match/industry-tagger.js';
import { type Fold, trainingSet } from './folds.js';

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

/** A tagger's first and (when not confident) second industry, plus its ranked runner-up for the top-two figure. */
export interface TaggerGuess {
  industry: Industry;
  secondIndustry?: Industry;
  runnerUp?: Industry;
}

export interface TaggerCvResult {
  accuracy: number;
  /** The label is the first or the ranked runner-up (whether or not the runner-up was kept). */
  topTwoAccuracy: number;
  /** Share of held-out demands given a second industry. */
  secondAssigned: number;
  /** The label is the first or the assigned second industry: what filters see. */
  firstOrSecond: number;
  perFold: { fold: number; accuracy: number }[];
  confusion: Record<string, Record<string, number>>;
  /** Held-out demands whose first industry was wrong. */
  misses: string[];
}

/**
 * Cross-validates any tagger that is fitted on labelled demands: `fitTagger` sees only
 * the training part of each fold (through `trainingSet`, the one gate every CV
 * learner goes through) and returns the tagger the held-out part is measured with.
 */
export function taggerCrossValidation<Q extends { id: string; label: Industry }>(
  queries: readonly Q[],
  folds: readonly Fold[],
  fitTagger: (train: readonly Q[]) => (query: Q) => TaggerGuess,
): TaggerCvResult {
  const confusion: Record<string, Record<string, number>> = {};
  const counts = { correct: 0, topTwo: 0, second: 0, firstOrSecond: 0, total: 0 };
  const misses: string[] = [];
  const perFold = folds.map((fold) => {
    const tag = fitTagger(trainingSet(queries, fold, (q) => q.id));
    const test = new Set(fold.test);
    let foldCorrect = 0;
    let foldTotal = 0;
    for (const q of queries) {
      if (!test.has(q.id)) continue;
      const guess = tag(q);
      confusion[q.label] ??= {};
      confusion[q.label]![guess.industry] = (confusion[q.label]![guess.industry] ?? 0) + 1;
      const first = guess.industry === q.label;
      if (first) foldCorrect += 1;
      else misses.push(q.id);
      if (first || guess.runnerUp === q.label) counts.topTwo += 1;
      if (guess.secondIndustry) counts.second += 1;
      if (first || guess.secondIndustry === q.label) counts.firstOrSecond += 1;
      foldTotal += 1;
    }
    counts.correct += foldCorrect;
    counts.total += foldTotal;
    return { fold: fold.index, accuracy: foldCorrect / (foldTotal || 1) };
  });
  const share = (n: number) => n / (counts.total || 1);
  return {
    accuracy: share(counts.correct),
    topTwoAccuracy: share(counts.topTwo),
    secondAssigned: share(counts.second),
    firstOrSecond: share(counts.firstOrSecond),
    perFold,
    confusion,
    misses: misses.sort(),
  };
}
