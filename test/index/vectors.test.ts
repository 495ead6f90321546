import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VectorIndex } from '../../src/index/index.js';
import { tempDir } from '../helpers.js';

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values.map((v) => v / norm));
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
    const hits = index.search(unit([1, 0, 0]), 2, (label) => label >= 2, 2);
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
});
