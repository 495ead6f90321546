import { describe, expect, it } from 'vitest';
import { crossValidate, type CandidateList } from '../../src/eval/cv.js';
import { assignFolds, trainingSet } from '../../src/eval/folds.js';
import type { Qrels } from '../../src/eval/metrics.js';
import type { TrainingExample } from '../../src/match/rerank/index.js';

const ids = Array.from({ length: 80 }, (_, i) => `D-${String(i).padStart(2, '0')}`);

describe('cross-validation folds', () => {
  it('puts every demand in exactly one test part, in folds of equal size', () => {
    const folds = assignFolds(ids, 5, 13);
    expect(folds.map((f) => f.test.length)).toEqual([16, 16, 16, 16, 16]);
    expect(folds.flatMap((f) => f.test).sort()).toEqual([...ids].sort());
  });

  it('never trains a fold on its own test demands', () => {
    for (const fold of assignFolds(ids, 5, 13)) {
      const test = new Set(fold.test);
      expect(fold.train.filter((id) => test.has(id))).toEqual([]);
      expect(fold.train.length + fold.test.length).toBe(ids.length);
    }
  });

  it('is fixed by the seed and independent of input order', () => {
    const a = assignFolds(ids, 5, 13);
    expect(assignFolds([...ids].reverse(), 5, 13)).toEqual(a);
    expect(assignFolds(ids, 5, 14)).not.toEqual(a);
  });

  it('keeps only training demands in the training set', () => {
    const fold = assignFolds(ids, 5, 13)[2]!;
    const examples = ids.map((id) => ({ demandId: id }));
    const train = trainingSet(examples, fold, (e) => e.demandId);
    expect(train.map((e) => e.demandId)).toEqual(fold.train);
  });

  it('hands the trainer no example of a held-out demand, in either view', () => {
    const qrels: Qrels = new Map(ids.map((id) => [id, new Map([[`${id}-good`, 2]])]));
    const lists: CandidateList[] = ids.flatMap((id) =>
      (['full', 'title'] as const).map((view) => ({
        demandId: id,
        view,
        candidates: [
          { id: `${id}-bad`, features: [0] },
          { id: `${id}-good`, features: [1] },
        ],
      })),
    );
    const folds = assignFolds(ids, 5, 13);
    const seen: TrainingExample[][] = [];
    crossValidate(lists, qrels, folds, (examples) => {
      seen.push(examples);
      return null;
    });
    expect(seen).toHaveLength(5);
    seen.forEach((examples, i) => {
      const test = new Set(folds[i]!.test);
      expect(examples.length).toBe(folds[i]!.train.length * 4);
      expect(examples.some((e) => test.has(e.demandId))).toBe(false);
    });
  });
});
