import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/index/bm25.js';

function build() {
  const index = new Bm25Index();
  index.put(0, [
    { tokens: ['电池', '热管理'], weight: 3 },
    { tokens: ['电池', '温度'], weight: 1 },
  ]);
  index.put(1, [
    { tokens: ['玉米', '淀粉'], weight: 3 },
    { tokens: ['发酵'], weight: 1 },
  ]);
  index.put(2, [
    { tokens: ['电池', '回收'], weight: 3 },
    { tokens: [], weight: 1 },
  ]);
  return index;
}

const labels = (hits: { label: number }[]) => hits.map((h) => h.label);

describe('BM25 index', () => {
  it('finds only documents sharing a term, best match first', () => {
    const hits = build().search(['电池', '热管理'], 10);
    expect(labels(hits)).toEqual([0, 2]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('scores a document the same way search does', () => {
    const index = build();
    const hits = index.search(['电池', '热管理'], 10);
    expect(index.score(['电池', '热管理'], 0)).toBeCloseTo(hits[0]!.score, 10);
    expect(index.score(['电池', '热管理'], 1)).toBe(0);
  });

  it('matches the textbook BM25 formula for a single field', () => {
    const index = new Bm25Index({ k1: 1.2, b: 0.75 });
    index.put(0, [{ tokens: ['a', 'a', 'b'], weight: 1 }]);
    index.put(1, [{ tokens: ['b'], weight: 1 }]);
    const idf = Math.log(1 + (2 - 1 + 0.5) / (1 + 0.5));
    const expected = (idf * 2 * 2.2) / (2 + 1.2 * (1 - 0.75 + (0.75 * 3) / 2));
    expect(index.search(['a'], 1)[0]!.score).toBeCloseTo(expected, 6);
  });

  it('weights title terms above body terms', () => {
    const index = new Bm25Index();
    index.put(0, [
      { tokens: ['催化剂'], weight: 3 },
      { tokens: ['工艺'], weight: 1 },
    ]);
    index.put(1, [
      { tokens: ['工艺'], weight: 3 },
      { tokens: ['催化剂'], weight: 1 },
    ]);
    expect(labels(index.search(['催化剂'], 2))).toEqual([0, 1]);
  });

  it('removes and replaces documents without a rebuild', () => {
    const index = build();
    index.remove(0);
    expect(index.search(['热管理'], 10)).toEqual([]);
    index.put(2, [{ tokens: ['热管理'], weight: 1 }]);
    expect(labels(index.search(['热管理'], 10))).toEqual([2]);
    expect(index.search(['回收'], 10)).toEqual([]);
    expect(index.size).toBe(2);
  });

  it('applies the accept filter and keeps only the k best', () => {
    const index = build();
    expect(labels(index.search(['电池'], 10, (label) => label !== 0))).toEqual([2]);
    expect(index.search(['电池'], 1)).toHaveLength(1);
  });

  it('returns the same top k as a full sort over many documents', () => {
    const index = new Bm25Index();
    for (let label = 0; label < 300; label += 1) {
      index.put(label, [
        { tokens: Array.from({ length: (label % 7) + 1 }, (_, i) => `t${(label * 31 + i) % 13}`), weight: 1 },
      ]);
    }
    const query = ['t1', 't5', 't5', 't9'];
    const all = Array.from({ length: 300 }, (_, label) => ({ label, score: index.score(query, label) }))
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score || a.label - b.label);
    const top = index.search(query, 20);
    expect(labels(top)).toEqual(labels(all.slice(0, 20)));
  });

  it('survives a binary snapshot round trip with identical results', () => {
    const index = build();
    index.remove(1);
    const copy = Bm25Index.fromBuffer(index.toBuffer());
    expect(copy.search(['电池', '回收', '玉米'], 10)).toEqual(index.search(['电池', '回收', '玉米'], 10));
    expect(copy.termsOf(2).sort()).toEqual(['回收', '电池']);
    expect(copy.size).toBe(2);
  });
});

describe('BM25 index, weighted queries', () => {
  it('scores a weighted query as the token list with the same repeats', () => {
    const index = build();
    const tokens = index.search(['电池', '电池', '热管理'], 10);
    const weighted = index.search(
      new Map([
        ['电池', 2],
        ['热管理', 1],
      ]),
      10,
    );
    expect(weighted).toEqual(tokens);
    expect(index.score(new Map([['电池', 0.5]]), 0)).toBeCloseTo(index.score(['电池'], 0) / 2, 10);
  });

  it("reports a document's field-weighted term frequencies and length", () => {
    const { terms, length } = build().termFrequencies(0);
    expect(terms.get('电池')).toBe(4);
    expect(terms.get('温度')).toBe(1);
    expect(length).toBe(8);
  });
});
