/**
 * Kept match lists (src/engine/match-cache.ts): a repeated match of a stored
 * record is served from the cache, and every change it depends on (a record of
 * either side, the index set, the caller's view) is seen at once.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { importJsonlText, MatchEngine } from '../../src/engine/index.js';
import { achievementSlice, demoDemandsText, tempDir, testEngineConfig } from '../helpers.js';
import { FakeEmbedder } from './fake-embedder.js';

let engine: MatchEngine;
beforeEach(async () => {
  engine = await MatchEngine.open(testEngineConfig(tempDir()), { embedder: new FakeEmbedder() });
  await importJsonlText(engine, 'achievement', achievementSlice(24));
  await importJsonlText(engine, 'demand', demoDemandsText());
});

const ids = (response: { results: { id: string }[] }) => response.results.map((r) => r.id);

describe('kept match lists', () => {
  it('serves a repeated match of a stored demand from the cache, the same list as computed', async () => {
    const first = await engine.matchDemand({ id: 'A-01' }, { k: 5 });
    const hits = engine.matchCache.hits;
    const again = await engine.matchDemand({ id: 'A-01' }, { k: 5 });
    expect(engine.matchCache.hits).toBe(hits + 1);
    expect(again).toEqual(first);
    // Another page, filter or side is another list.
    await engine.matchDemand({ id: 'A-01' }, { k: 5, offset: 5 });
    await engine.matchDemand({ id: 'A-01' }, { k: 5, filters: { industry: ['汽车制造'] } });
    expect(engine.matchCache.hits).toBe(hits + 1);
  });

  it('shows a record written, edited or deleted after a list was kept', async () => {
    await engine.matchDemand({ id: 'A-01' }, { k: 3 });
    const demand = engine.get('demand', 'A-01').record;
    await engine.putRecords('achievement', [
      { id: 'fit-1', title: demand.title, abstract: demand.description ?? demand.title },
    ]);
    expect(ids(await engine.matchDemand({ id: 'A-01' }, { k: 3 }))[0]).toBe('fit-1');
    await engine.putRecords('achievement', [
      { id: 'fit-1', title: '玉米秸秆青贮饲料发酵工艺', abstract: '乳酸菌发酵' },
    ]);
    const edited = await engine.matchDemand({ id: 'A-01' }, { k: 50 });
    expect(edited.results.find((r) => r.id === 'fit-1')?.record.title ?? '').not.toBe(demand.title);
    await engine.deleteRecord('achievement', 'fit-1');
    expect(ids(await engine.matchDemand({ id: 'A-01' }, { k: 50 }))).not.toContain('fit-1');
  });

  it('ranks an edited demand by its new text', async () => {
    const before = await engine.matchDemand({ id: 'A-01' }, { k: 3 });
    const target = engine.store.all('achievement').find((s) => !ids(before).includes(s.record.id))!.record;
    const demand = engine.get('demand', 'A-01').record;
    await engine.putRecords('demand', [{ ...demand, title: target.title, description: target.abstract }]);
    expect(ids(await engine.matchDemand({ id: 'A-01' }, { k: 3 }))[0]).toBe(target.id);
  });

  it('computes afresh after a rebuild swapped the index set', async () => {
    await engine.matchDemand({ id: 'A-01' }, { k: 3 });
    await engine.rebuild({ full: true });
    const hits = engine.matchCache.hits;
    await engine.matchDemand({ id: 'A-01' }, { k: 3 });
    expect(engine.matchCache.hits).toBe(hits);
  });

  it('keeps a list under a visibility rule only when the caller names the rule', async () => {
    const first = ids(await engine.matchDemand({ id: 'A-01' }, { k: 5 }));
    const hidden = first[0]!;
    const visible = (stored: { record: { id: string } }) => stored.record.id !== hidden;
    const hits = engine.matchCache.hits;
    for (let i = 0; i < 2; i += 1)
      expect(ids(await engine.matchDemand({ id: 'A-01' }, { k: 5, visible }))).not.toContain(hidden);
    expect(engine.matchCache.hits).toBe(hits);
    for (let i = 0; i < 2; i += 1)
      expect(
        ids(await engine.matchDemand({ id: 'A-01' }, { k: 5, visible, visibleKey: `hidden:${hidden}` })),
      ).not.toContain(hidden);
    expect(engine.matchCache.hits).toBe(hits + 1);
    // A different key is a different rule: the list without the rule is not served for it.
    expect(ids(await engine.matchDemand({ id: 'A-01' }, { k: 5, visible, visibleKey: 'other' }))).not.toContain(hidden);
  });

  it('never keeps free text, ranking overrides, or anything when its size is 0', async () => {
    const hits = engine.matchCache.hits;
    for (let i = 0; i < 2; i += 1) {
      await engine.matchDemand({ text: '动力电池热失控抑制' }, { k: 3 });
      await engine.matchDemand({ id: 'A-04' }, { k: 3, ranking: { candidatePool: 50 } });
    }
    expect(engine.matchCache.hits).toBe(hits);
    engine.matchCache.capacity = 0;
    expect(engine.matchCache.size).toBe(0);
    for (let i = 0; i < 2; i += 1) await engine.matchDemand({ id: 'A-07' }, { k: 3 });
    expect(engine.matchCache.hits).toBe(hits);
  });
});
