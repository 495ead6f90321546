import { describe, expect, it } from 'vitest';
import { chooseByCrossValidation, ndcgPerDemand, type GridPoint } from '../../src/eval/choose-cv.js';
import { assignFolds } from '../../src/eval/folds.js';

const ids = Array.from({ length: 20 }, (_, i) => `D-${String(i).padStart(2, '0')}`);
const folds = assignFolds(ids, 5, 13);

const point = (label: string, score: (id: string) => number): GridPoint => ({
  label,
  scores: { full: new Map(ids.map((id) => [id, score(id)])), title: new Map(ids.map((id) => [id, score(id)])) },
});

describe('choosing a parameter under cross-validation', () => {
  it("never lets a fold's held-out demands choose its setting", () => {
    // 'peeks' is perfect on fold 0's test demands and poor elsewhere; 'steady' is fair everywhere.
    const test0 = new Set(folds[0]!.test);
    const grid = [point('steady', () => 0.5), point('peeks', (id) => (test0.has(id) ? 1 : 0.1))];
    const summary = chooseByCrossValidation(grid, folds);
    expect(summary.folds[0]!.chosen).toBe('steady');
    expect(summary.folds[0]!.test.full).toBe(0.5);
  });

  it('picks the setting best on the training demands of both views together', () => {
    const grid = [point('a', () => 0.4), point('b', () => 0.6)];
    const summary = chooseByCrossValidation(grid, folds);
    expect(summary.folds.map((f) => f.chosen)).toEqual(['b', 'b', 'b', 'b', 'b']);
    expect(summary.mean).toEqual({ full: 0.6, title: 0.6 });
    expect(summary.sd.full).toBeCloseTo(0, 12);
  });

  it('scores only demands with a relevant (grade >= 2) judgment', () => {
    const qrels = new Map([
      ['D-1', new Map([['a', 2]])],
      ['D-2', new Map([['b', 1]])],
    ]);
    expect(
      ndcgPerDemand(
        new Map([
          ['D-1', ['a']],
          ['D-2', ['b']],
        ]),
        qrels,
      ),
    ).toEqual(new Map([['D-1', 1]]));
  });
});
