import { describe, expect, it } from 'vitest';
import type { Industry } from '../../src/domain/index.js';
import {
  classifyIndustry,
  type ClassifierExample,
  secondFromClassifier,
  tagIndustry,
  tagWithLexicon,
  trainIndustryClassifier,
} from '../../src/match/industry-classifier.js';
import { industryTrainingExamples, PSEUDO_LABEL_MIN_CONFIDENCE } from '../../src/match/industry-training.js';

/** Unit vectors around the three axes of a 3-d space, one industry each, jittered towards both other axes alike. */
const unit = (x: number, y: number, z: number) => {
  const n = Math.hypot(x, y, z);
  return Float32Array.from([x / n, y / n, z / n]);
};
const AXES: [Industry, number][] = [
  ['汽车制造', 0],
  ['新一代信息网络', 1],
  ['智慧城市和数字社会', 2],
];
const examples: ClassifierExample[] = AXES.flatMap(([industry, axis]) =>
  [0, 1, 2]
    .filter((other) => other !== axis)
    .flatMap((other) =>
      [-0.2, 0.2].map((jitter) => {
        const v = [0, 0, 0];
        v[axis] = 1;
        v[other] = jitter;
        return { vector: unit(v[0]!, v[1]!, v[2]!), industry, weight: 1 };
      }),
    ),
);
const quick = { l2: 1e-3, iterations: 200, learningRate: 1, inputScale: 10 };

describe('industry classifier', () => {
  it('learns a tiny fixed set and tags unseen vectors near each industry', () => {
    const model = trainIndustryClassifier(examples, quick);
    expect(classifyIndustry(model, unit(0.9, 0.15, 0.05)).industry).toBe('汽车制造');
    expect(classifyIndustry(model, unit(0.1, 0.9, 0.2)).industry).toBe('新一代信息网络');
    expect(classifyIndustry(model, unit(0.05, 0.2, 0.9)).industry).toBe('智慧城市和数字社会');
  });

  it('is deterministic: the same examples give the same weights', () => {
    expect(trainIndustryClassifier(examples, quick)).toEqual(trainIndustryClassifier(examples, quick));
  });

  it('lets a heavier example pull the decision its way', () => {
    const between = unit(1, 1, 0);
    const towards = (industry: Industry) =>
      trainIndustryClassifier([...examples, { vector: between, industry, weight: 20 }], quick);
    expect(classifyIndustry(towards('汽车制造'), between).industry).toBe('汽车制造');
    expect(classifyIndustry(towards('新一代信息网络'), between).industry).toBe('新一代信息网络');
  });

  it('keeps the runner-up as a second industry only when the first is not confident', () => {
    const model = trainIndustryClassifier(examples, quick);
    const split = tagIndustry(model, unit(0, 1, 1), 0.6);
    expect(new Set([split.industry, split.secondIndustry])).toEqual(new Set(['新一代信息网络', '智慧城市和数字社会']));
    const clear = tagIndustry(model, unit(1, 0, 0), 0.6);
    expect(clear.industry).toBe('汽车制造');
    expect(clear.secondIndustry).toBeUndefined();
  });
});

describe('the classifier beside the lexicon', () => {
  const model = trainIndustryClassifier(examples, quick);
  const nearCars = unit(1, 0, 0);

  it('for a record: the classifier first, the lexicon second when the two disagree', () => {
    expect(tagWithLexicon(model, nearCars, '旅游', 0.6)).toMatchObject({
      industry: '汽车制造',
      secondIndustry: '旅游',
    });
    expect(tagWithLexicon(model, nearCars, '汽车制造', 0.6).secondIndustry).toBeUndefined();
    expect(tagWithLexicon(model, nearCars, '其他', 0.6).secondIndustry).toBeUndefined();
  });

  it('for a free text: the lexicon first, the classifier second when the two disagree', () => {
    expect(secondFromClassifier(model, nearCars, { industry: '旅游' })).toEqual({
      industry: '旅游',
      secondIndustry: '汽车制造',
    });
    const agreed = { industry: '汽车制造' as Industry, secondIndustry: '现代能源' as Industry };
    expect(secondFromClassifier(model, nearCars, agreed)).toEqual(agreed);
  });
});

describe('industry training examples', () => {
  it('keeps confident pseudo-labels of key industries and weighs labelled demands up', () => {
    const v = unit(1, 0, 0);
    const built = industryTrainingExamples(
      [
        { vector: v, industry: '汽车制造', confidence: PSEUDO_LABEL_MIN_CONFIDENCE },
        { vector: v, industry: '建筑', confidence: PSEUDO_LABEL_MIN_CONFIDENCE - 0.01 },
        { vector: v, industry: '其他', confidence: 1 },
      ],
      [{ vector: v, industry: '旅游' }],
      20,
    );
    expect(built.map((e) => [e.industry, e.weight])).toEqual([
      ['汽车制造', 1],
      ['旅游', 20],
    ]);
  });
});
