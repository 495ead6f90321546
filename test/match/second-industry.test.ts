import { describe, expect, it } from 'vitest';
import type { Achievement, Stored } from '../../src/domain/index.js';
import { passesFilters } from '../../src/match/filters.js';
import { blendIndustry, buildPrototypes } from '../../src/match/industry-tagger.js';
import { inferIndustry } from '../../src/text/index.js';

const stored = (meta: Partial<Stored<Achievement>['meta']>): Stored<Achievement> => ({
  record: { id: 'a', title: 't' } as Achievement,
  meta: {
    createdAt: '',
    updatedAt: '',
    industry: '智慧城市和数字社会',
    industrySource: 'inferred',
    industryConfidence: 0.4,
    ...meta,
  },
});

describe('a second industry when the first is not confident', () => {
  it('lets an industry filter accept either industry of a record', () => {
    const both = stored({ secondIndustry: '新一代信息网络' });
    expect(passesFilters(both, { industry: ['新一代信息网络'] })).toBe(true);
    expect(passesFilters(both, { industry: ['智慧城市和数字社会'] })).toBe(true);
    expect(passesFilters(stored({}), { industry: ['新一代信息网络'] })).toBe(false);
  });

  it('keeps the runner-up only when the lexicon evidence is split', () => {
    const clear = inferIndustry({ title: '动力电池热失控预警', text: '新能源汽车动力电池包热管理，整车电池安全。' });
    expect(clear.secondIndustry).toBeUndefined();
    const split = inferIndustry({
      title: '城市交通信号的5G通信与物联网平台',
      text: '智慧城市交通管理，5G基站与物联网通信网络。',
    });
    expect(split.secondIndustry).toBeDefined();
    expect(split.secondIndustry).not.toBe(split.industry);
  });

  it('blends lexicon and prototypes, and names a second industry below the confidence bar', () => {
    const v = (x: number, y: number) => Float32Array.from([x, y]);
    const prototypes = buildPrototypes([
      { vector: v(1, 0), industry: '新一代信息网络' },
      { vector: v(0, 1), industry: '智慧城市和数字社会' },
    ]);
    const guess = blendIndustry({ 智慧城市和数字社会: 1 }, v(1, 0), prototypes, {
      lexiconWeight: 0.5,
      temperature: 0.05,
      secondBelow: 0.6,
    });
    expect(new Set([guess.industry, guess.secondIndustry])).toEqual(new Set(['新一代信息网络', '智慧城市和数字社会']));
    expect(blendIndustry({ 汽车制造: 5 }, undefined, prototypes).industry).toBe('汽车制造');
  });
});
