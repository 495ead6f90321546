import { describe, expect, it } from 'vitest';
import { fuse, minMaxNormalize, reciprocalRankFusion } from '../../src/match/fuse.js';

const dense = [
  { label: 1, score: 0.9 },
  { label: 2, score: 0.8 },
  { label: 3, score: 0.5 },
];
const lexical = [
  { label: 3, score: 12 },
  { label: 4, score: 7 },
];

describe('fusion', () => {
  it('RRF rewards a document found by both retrievers over one found by a single retriever at the same rank', () => {
    const scores = reciprocalRankFusion(dense, lexical, { method: 'rrf', rrfK: 60, denseWeight: 0.5 });
    expect(scores.get(3)).toBeCloseTo(1 / 63 + 1 / 61, 10);
    expect(scores.get(1)).toBeCloseTo(1 / 61, 10);
    expect(scores.get(3)!).toBeGreaterThan(scores.get(1)!);
  });

  it('min-max normalisation maps the best to 1 and the worst to 0', () => {
    const normalized = minMaxNormalize(lexical);
    expect(normalized.get(3)).toBe(1);
    expect(normalized.get(4)).toBe(0);
  });

  it('weighted fusion with all weight on dense keeps the dense order', () => {
    const fused = fuse(dense, lexical, { method: 'weighted', rrfK: 60, denseWeight: 1 });
    expect(fused.slice(0, 3).map((h) => h.label)).toEqual([1, 2, 3]);
  });

  it('reports each retriever rank and null where a retriever missed', () => {
    const fused = fuse(dense, lexical);
    const four = fused.find((h) => h.label === 4)!;
    expect(four.denseRank).toBeNull();
    expect(four.lexicalRank).toBe(2);
    expect(fused[0]!.label).toBe(3);
  });

  it('breaks RRF ties toward the dense side, whatever the labels', () => {
    // Rank i in one list only ties with rank i in the other only. Lexical labels are the
    // smaller ones here, so a tie-break by label would put them first.
    const denseOnly = [
      { label: 50, score: 0.9 },
      { label: 60, score: 0.8 },
    ];
    const lexicalOnly = [
      { label: 5, score: 9 },
      { label: 6, score: 8 },
    ];
    const fused = fuse(denseOnly, lexicalOnly, { method: 'rrf', rrfK: 20, denseWeight: 0.5 });
    expect(fused[0]!.score).toBe(fused[1]!.score);
    expect(fused.map((h) => h.label)).toEqual([50, 5, 60, 6]);
  });

  it('counts an extra list at weight 0.5 as much as the dense list at equal weights', () => {
    const params = { method: 'rrf', rrfK: 20, denseWeight: 0.5 } as const;
    const scores = reciprocalRankFusion(dense, lexical, params, [{ hits: [{ label: 4, score: 1 }], weight: 0.5 }]);
    expect(scores.get(4)).toBeCloseTo(1 / 22 + 1 / 21, 12);
    expect(scores.get(1)).toBeCloseTo(1 / 21, 12);
  });
});
