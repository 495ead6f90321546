import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VectorIndex } from '../../src/index/index.js';
import { tempDir } from '../helpers.js';

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values.map((v) => v / norm));
}

/** Seeded unit vectors (mulberry-style LCG), so a failure reproduces. */
function randomUnitVectors(count: number, dims: number, seed: number): Float32Array[] {
  let state = seed;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  return Array.from({ length: count }, () => unit(Array.from({ length: dims }, next)));
}

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

function build(): VectorIndex {
  const index = VectorIndex.create(3, 4, { m: 8, efConstruction: 50, efSearch: 20 });
  index.put(0, unit([1, 0, 0]));
  index.put(1, unit([0.9, 0.1, 0]));
  index.put(2, unit([0, 1, 0]));
  index.put(3, unit([0, 0, 1]));
  return index;
}

describe('vector index', () => {
  it('finds nearest neighbours by cosine, growing past its initial capacity', () => {
    const index = build();
    index.put(4, unit([0.95, 0.05, 0]));
    expect(index.search(unit([1, 0, 0]), 3).map((h) => h.label)).toEqual([0, 4, 1]);
    expect(index.search(unit([1, 0, 0]), 1)[0]!.similarity).toBeCloseTo(1, 5);
  });

  it('updates a vector in place and forgets a removed one', () => {
    const index = build();
    index.put(3, unit([1, 0.01, 0]));
    expect(index.search(unit([1, 0, 0]), 2).map((h) => h.label)).toContain(3);
    index.remove(0);
    expect(index.search(unit([1, 0, 0]), 4).map((h) => h.label)).not.toContain(0);
    index.put(0, unit([0, 0, 1]));
    expect(index.search(unit([0, 0, 1]), 1)[0]!.label).toBe(0);
  });

  it('searches exactly within a small accepted set so k results come back', () => {
    const index = build();
    const hits = index.search(unit([1, 0, 0]), 2, (label) => label >= 2, [2, 3]);
    expect(hits.map((h) => h.label).sort()).toEqual([2, 3]);
  });

  it('saves and loads with the same results', () => {
    const index = build();
    index.remove(1);
    const dir = tempDir();
    index.save(path.join(dir, 'g.hnsw'), path.join(dir, 'v.bin'));
    const loaded = VectorIndex.load(path.join(dir, 'g.hnsw'), path.join(dir, 'v.bin'), 3, index.params);
    expect(loaded.size).toBe(3);
    expect(loaded.search(unit([1, 0, 0]), 3)).toEqual(index.search(unit([1, 0, 0]), 3));
  });

  it('finds the same filtered top k as a float brute force, with similarities within 1e-5', () => {
    const vectors = randomUnitVectors(3000, 128, 7);
    const index = VectorIndex.create(128, 3000, { m: 8, efConstruction: 16, efSearch: 16 });
    vectors.forEach((v, label) => index.put(label, v));
    const accept = (label: number) => label % 3 === 0;
    let found = 0;
    for (const query of randomUnitVectors(20, 128, 8)) {
      const truth = vectors
        .map((v, label) => ({ label, similarity: cosine(query, v) }))
        .filter((h) => accept(h.label))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 50);
      const hits = index.search(query, 50, accept, vectors.map((_, label) => label).filter(accept));
      const truthLabels = new Set(truth.map((h) => h.label));
      found += hits.filter((h) => truthLabels.has(h.label)).length;
      for (const hit of hits) expect(Math.abs(hit.similarity - cosine(query, vectors[hit.label]!))).toBeLessThan(1e-5);
    }
    // A swap between two records whose cosines differ by < 1e-5 is allowed, no more.
    expect(found / (20 * 50)).toBeGreaterThanOrEqual(0.999);
  });

  it('loads a vectors file longer than one read chunk, and saves it back unchanged', () => {
    const vectors = randomUnitVectors(2500, 8, 9);
    const index = VectorIndex.create(8, 2500, { m: 8, efConstruction: 16, efSearch: 16 });
    vectors.forEach((v, label) => index.put(label, v));
    index.remove(1234);
    const dir = tempDir();
    index.save(path.join(dir, 'g.hnsw'), path.join(dir, 'v.bin'));
    const loaded = VectorIndex.load(path.join(dir, 'g.hnsw'), path.join(dir, 'v.bin'), 8, index.params);
    expect(loaded.size).toBe(2499);
    expect(loaded.has(1234)).toBe(false);
    for (const label of [0, 1023, 1024, 2047, 2499]) {
      const read = loaded.vector(label)!;
      vectors[label]!.forEach((x, i) => expect(Math.abs(read[i]! - x)).toBeLessThan(1e-5));
    }
    loaded.save(path.join(dir, 'g2.hnsw'), path.join(dir, 'v2.bin'));
    expect(fs.readFileSync(path.join(dir, 'v2.bin')).equals(fs.readFileSync(path.join(dir, 'v.bin')))).toBe(true);
  });
});
