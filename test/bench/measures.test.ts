/** The bench's own arithmetic: percentiles, the exact top-k peer, seeded randomness, the synthetic corpus. */
import { describe, expect, it } from 'vitest';
import { FlatVectors } from '../../src/bench/peers/index.js';
import { createRandom, sampleInOrder } from '../../src/random/prng.js';
import { percentile, summarize } from '../../src/bench/stats.js';
import { perturbVectors, synthesizeRecords } from '../../src/bench/synthetic-corpus.js';

describe('percentiles', () => {
  it('uses the nearest observed sample (nearest rank)', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('summarises unsorted samples', () => {
    const s = summarize([5, 1, 3, 2, 4]);
    expect([s.samples, s.p50, s.p99, s.mean]).toEqual([5, 3, 5, 3]);
  });
});

describe('exact cosine top-k', () => {
  const unit = (...xs: number[]) => {
    const n = Math.hypot(...xs);
    return Float32Array.from(xs.map((x) => x / n));
  };

  it('returns the k most similar rows, best first, ties to the lower row', () => {
    const flat = FlatVectors.fromVectors([unit(1, 0), unit(0, 1), unit(1, 1), unit(1, 0), unit(-1, 0)], 2);
    const hits = flat.topK(unit(1, 0), 3);
    expect(hits.map((h) => h.row)).toEqual([0, 3, 2]);
    expect(hits[0]!.similarity).toBeCloseTo(1);
  });

  it('returns every row when k exceeds the count', () => {
    expect(
      FlatVectors.fromVectors([unit(1, 0), unit(0, 1)], 2)
        .topK(unit(0, 1), 10)
        .map((h) => h.row),
    ).toEqual([1, 0]);
  });
});

describe('seeded randomness and the synthetic corpus', () => {
  const source = {
    records: [
      { id: 'a', title: '动力电池热管理', abstract: '建立了电池温度场模型。提出了均温散热结构。', keywords: ['电池'] },
      { id: 'b', title: '玉米秸秆还田技术' },
    ],
    vectors: [Float32Array.from([1, 0, 0, 0]), Float32Array.from([0, 1, 0, 0])],
  };

  it('draws the same sample for the same seed', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(sampleInOrder(createRandom(3), items, 10)).toEqual(sampleInOrder(createRandom(3), items, 10));
    expect(sampleInOrder(createRandom(3), items, 10)).not.toEqual(sampleInOrder(createRandom(4), items, 10));
  });

  it('synthesises the same records for the same seed, each from a real parent', () => {
    const one = synthesizeRecords(source, 20, 9);
    const two = synthesizeRecords(source, 20, 9);
    expect(one.records).toEqual(two.records);
    expect(one.records.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `syn-${i}`));
    one.records.forEach((r, i) =>
      expect(r.abstract !== undefined).toBe(source.records[one.parents[i]!]!.abstract !== undefined),
    );
  });

  it('derives unit vectors close to their parent', () => {
    const { parents } = synthesizeRecords(source, 20, 9);
    const vectors = perturbVectors(source, parents, 0.5, 10);
    for (let i = 0; i < 20; i += 1) {
      const v = vectors.subarray(i * 4, i * 4 + 4);
      const parent = source.vectors[parents[i]!]!;
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
      expect(v.reduce((sum, x, d) => sum + x * parent[d]!, 0)).toBeGreaterThan(0.6);
    }
  });
});
