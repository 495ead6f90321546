import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/index/bm25.js';

function build() {
  const index = new Bm25Index();
  index.put(0, [{ tokens: ['电池', '热管理'], weight: 3 }, { tokens: ['电池', '温度'], weight: 1 }]);
  index.put(1, [{ tokens: ['玉米', '淀粉'], weight: 3 }, { tokens: ['发酵'], weight: 1 }]);
  index.put(2, [{ tokens: ['电池', '回收'], weight: 3 }, { tokens: [], weight: 1 }]);
  return index;
}

describe('BM25 index', () => {
  it('scores only documents sharing a term, best match first', () => {
    const scores = build().scoreAll(['电池', '热管理']);
    expect([...scores.keys()].sort()).toEqual([0, 2]);
    expect(scores.get(0)!).toBeGreaterThan(scores.get(2)!);
  });

  it('weights title terms above body terms', () => {
    const index = new Bm25Index();
    index.put(0, [{ tokens: ['催化剂'], weight: 3 }, { tokens: ['工艺'], weight: 1 }]);
    index.put(1, [{ tokens: ['工艺'], weight: 3 }, { tokens: ['催化剂'], weight: 1 }]);
    const scores = index.scoreAll(['催化剂']);
    expect(scores.get(0)!).toBeGreaterThan(scores.get(1)!);
  });

  it('removes and replaces documents without a rebuild', () => {
    const index = build();
    index.remove(0);
    expect(index.scoreAll(['热管理']).size).toBe(0);
    index.put(2, [{ tokens: ['热管理'], weight: 1 }]);
    expect([...index.scoreAll(['热管理']).keys()]).toEqual([2]);
    expect(index.scoreAll(['回收']).size).toBe(0);
    expect(index.size).toBe(2);
  });

  it('applies the accept filter', () => {
    const scores = build().scoreAll(['电池'], (label) => label !== 0);
    expect([...scores.keys()]).toEqual([2]);
  });

  it('survives a snapshot round trip with identical scores', () => {
    const index = build();
    const copy = Bm25Index.fromSnapshot(JSON.parse(JSON.stringify(index.snapshot())));
    expect(copy.scoreAll(['电池', '回收'])).toEqual(index.scoreAll(['电池', '回收']));
  });
});
