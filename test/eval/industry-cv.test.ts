import { describe, expect, it } from 'vitest';
import type { Industry } from '../../src/domain/index.js';
import { assignFolds } from '../../src/eval/folds.js';
import { taggerCrossValidation } from '../../src/eval/industry-cv.js';

const INDUSTRIES: Industry[] = ['汽车制造', '建筑', '旅游', '现代农业'];
const queries = Array.from({ length: 40 }, (_, i) => ({
  id: `D-${String(i).padStart(2, '0')}`,
  label: INDUSTRIES[i % INDUSTRIES.length]!,
}));

describe('industry tagging under cross-validation', () => {
  it('fits each fold on its training demands only and measures every demand once', () => {
    const folds = assignFolds(
      queries.map((q) => q.id),
      5,
      13,
    );
    const fitted: string[][] = [];
    const measured: string[] = [];
    taggerCrossValidation(queries, folds, (train) => {
      fitted.push(train.map((q) => q.id));
      return (q) => {
        measured.push(q.id);
        return { industry: q.label };
      };
    });
    folds.forEach((fold, i) => {
      expect(fitted[i]!.filter((id) => fold.test.includes(id))).toEqual([]);
      expect(fitted[i]!.sort()).toEqual(fold.train);
    });
    expect(measured.sort()).toEqual(queries.map((q) => q.id).sort());
  });

  it('counts first choice, runner-up and assigned second industry apart', () => {
    const folds = assignFolds(
      queries.map((q) => q.id),
      2,
      13,
    );
    // A tagger that learns the majority label of its training part: wrong on three quarters.
    const result = taggerCrossValidation(queries, folds, () => (q) => ({
      industry: '汽车制造',
      runnerUp: '建筑',
      ...(q.label === '旅游' ? { secondIndustry: '旅游' as Industry } : {}),
    }));
    expect(result.accuracy).toBe(0.25);
    expect(result.topTwoAccuracy).toBe(0.5);
    expect(result.secondAssigned).toBe(0.25);
    expect(result.firstOrSecond).toBe(0.5);
    expect(result.misses).toHaveLength(30);
  });
});
