import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/index/bm25.js';
import { relevanceModel, rm3Query, termCounts } from '../../src/match/rm3.js';

/** Three battery papers that also say 热管理 and 液冷, and one unrelated paper. */
function corpus(): Bm25Index {
  const index = new Bm25Index();
  index.put(0, [{ tokens: ['电池', '热管理', '液冷', '模组'], weight: 1 }]);
  index.put(1, [{ tokens: ['电池', '液冷', '板'], weight: 1 }]);
  index.put(2, [{ tokens: ['电池', '热管理', '仿真'], weight: 1 }]);
  index.put(3, [{ tokens: ['玉米', '淀粉', '发酵'], weight: 1 }]);
  index.put(4, [{ tokens: ['液冷', '服务器', '机柜'], weight: 1 }]);
  return index;
}

describe('RM3 pseudo-relevance feedback', () => {
  it("adds the feedback documents' shared terms to the query, weighted by how often they occur there", () => {
    const index = corpus();
    const model = relevanceModel(
      index.search(['电池'], 3).map((h) => ({ score: h.score, ...index.termFrequencies(h.label) })),
      3,
    );
    // 电池 is in all three, 液冷 and 热管理 in two each; 玉米 never appears.
    expect([...model.keys()][0]).toBe('电池');
    expect(new Set([...model.keys()].slice(1))).toEqual(new Set(['液冷', '热管理']));
    expect(model.has('玉米')).toBe(false);
    expect([...model.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('keeps originalWeight of the query and gives the rest to the expansion terms', () => {
    const index = corpus();
    const feedback = index.search(['电池'], 3).map((h) => ({ score: h.score, ...index.termFrequencies(h.label) }));
    const query = rm3Query(termCounts(['电池']), feedback, {
      feedbackDocs: 3,
      feedbackTerms: 3,
      originalWeight: 0.7,
      source: 'lexical',
    });
    expect([...query.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(query.get('电池')!).toBeGreaterThan(0.7);
    expect(query.get('液冷')!).toBeGreaterThan(0);
    // The expanded query now finds the liquid-cooling paper that never says 电池.
    expect(index.search(query, 10).map((h) => h.label)).toContain(4);
    expect(index.search(['电池'], 10).map((h) => h.label)).not.toContain(4);
  });

  it('weighs a better-matching feedback document more', () => {
    const model = relevanceModel(
      [
        { score: 3, terms: new Map([['甲', 1]]), length: 1 },
        { score: 1, terms: new Map([['乙', 1]]), length: 1 },
      ],
      2,
    );
    expect(model.get('甲')).toBeCloseTo(0.75, 10);
    expect(model.get('乙')).toBeCloseTo(0.25, 10);
  });

  it('leaves the query as it is when there is no feedback', () => {
    const params = { feedbackDocs: 3, feedbackTerms: 3, originalWeight: 0.5, source: 'lexical' } as const;
    expect(rm3Query(termCounts(['电池', '电池', '液冷']), [], params)).toEqual(
      new Map([
        ['电池', 2 / 3],
        ['液冷', 1 / 3],
      ]),
    );
  });
});
