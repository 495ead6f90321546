/**
 * The engine's verbs over a real store and real indexes, with the fake
 * embedder standing in for the model: writes, matching, rebuild, save, reload
 * and a damaged manifest, each in milliseconds.
 */
import fs from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { dataPaths } from '../../src/config/paths.js';
import { importJsonlText, MatchEngine } from '../../src/engine/index.js';
import { RecordStore } from '../../src/store/index.js';
import { achievementSlice, demoDemandsText, tempDir, testEngineConfig } from '../helpers.js';
import { FakeEmbedder } from './fake-embedder.js';

let embedder: FakeEmbedder;
beforeEach(() => {
  embedder = new FakeEmbedder();
});

async function seeded(achievements = 24): Promise<{ engine: MatchEngine; dataDir: string }> {
  const dataDir = tempDir();
  const engine = await MatchEngine.open(testEngineConfig(dataDir), { embedder });
  await importJsonlText(engine, 'achievement', achievementSlice(achievements));
  await importJsonlText(engine, 'demand', demoDemandsText());
  return { engine, dataDir };
}

const open = (dataDir: string) => MatchEngine.open(testEngineConfig(dataDir), { embedder });

describe('writes and matching', () => {
  it('makes a put record matchable at once and a deleted one unmatchable at once', async () => {
    const { engine } = await seeded();
    await engine.putRecords('achievement', [
      { id: 'fit-1', title: '动力电池热失控抑制技术', abstract: '电芯温差控制' },
    ]);
    const found = await engine.matchDemand({ text: '动力电池热失控抑制' }, { k: 3 });
    expect(found.results[0]!.id).toBe('fit-1');
    expect(found.results[0]!.record.title).toBe('动力电池热失控抑制技术');
    await engine.deleteRecord('achievement', 'fit-1');
    const after = await engine.matchDemand({ text: '动力电池热失控抑制' }, { k: 50 });
    expect(after.results.map((r) => r.id)).not.toContain('fit-1');
  });

  it('applies filters to a record as it is now: after a change, a deletion, and within a given set', async () => {
    const { engine } = await seeded();
    const query = { text: '动力电池热失控抑制' };
    await engine.putRecords('achievement', [
      { id: 'fit-1', title: '动力电池热失控抑制技术', abstract: '电芯温差控制', maturity: '中试' },
    ]);
    const ids = async (options: Parameters<MatchEngine['matchDemand']>[1]) =>
      (await engine.matchDemand(query, { k: 50, ...options })).results.map((r) => r.id);
    expect(await ids({ filters: { maturity: ['中试'] } })).toContain('fit-1');
    await engine.putRecords('achievement', [
      { id: 'fit-1', title: '动力电池热失控抑制技术', abstract: '电芯温差控制', maturity: '产业化' },
    ]);
    expect(await ids({ filters: { maturity: ['中试'] } })).not.toContain('fit-1');
    expect(await ids({ filters: { maturity: ['产业化'] } })).toContain('fit-1');
    const within = new Set(['fit-1', engine.store.all('achievement')[0]!.record.id]);
    expect((await ids({ within })).sort()).toEqual([...within].sort());
    expect(await ids({ within, filters: { maturity: ['中试'] } })).not.toContain('fit-1');
    await engine.deleteRecord('achievement', 'fit-1');
    expect(await ids({ filters: { maturity: ['产业化'] } })).not.toContain('fit-1');
    expect(await ids({ within })).not.toContain('fit-1');
  });

  it('validates every record of a batch before writing any, naming the position and field', async () => {
    const { engine } = await seeded(5);
    const before = engine.store.count('achievement');
    await expect(
      engine.putRecords('achievement', [{ id: 'ok-1', title: '好的' }, { id: 'bad' }]),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: { issues: [{ field: '1.title' }] },
    });
    expect(engine.store.count('achievement')).toBe(before);
    expect(engine.indexedCount('achievement')).toBe(before);
  });

  it('pages without overlap and numbers ranks from the offset', async () => {
    const { engine } = await seeded();
    const both = await engine.matchDemand({ id: 'A-01' }, { k: 10 });
    const first = await engine.matchDemand({ id: 'A-01' }, { k: 5 });
    const second = await engine.matchDemand({ id: 'A-01' }, { k: 5, offset: 5 });
    expect([...first.results, ...second.results].map((r) => r.id)).toEqual(both.results.map((r) => r.id));
    expect(second.results.map((r) => r.rank)).toEqual([6, 7, 8, 9, 10]);
  });

  it('reports as total the distinct candidates both retrievers found: at most twice the pool', async () => {
    const { engine } = await seeded();
    const pool = 8;
    const dense = await engine.matchDemand(
      { id: 'A-01' },
      { k: 5, ranking: { candidatePool: pool, retrievers: 'dense' } },
    );
    expect(dense.total).toBe(pool);
    const hybrid = await engine.matchDemand({ id: 'A-01' }, { k: 5, ranking: { candidatePool: pool } });
    expect(hybrid.total).toBeGreaterThan(pool);
    expect(hybrid.total).toBeLessThanOrEqual(2 * pool);
    // Not the number of records that pass the (empty) filter.
    expect(hybrid.total).toBeLessThan(engine.store.count('achievement'));
  });

  it('applies filters and the caller’s visibility to the candidates', async () => {
    const { engine } = await seeded();
    const own = await engine.matchAchievement(
      { text: '动力电池 电机 控制' },
      { k: 20, visible: (stored) => (stored.record as { enterpriseId?: string }).enterpriseId === 'demo-ent-a' },
    );
    expect(own.results.length).toBeGreaterThan(0);
    expect(own.results.every((r) => r.record.enterpriseId === 'demo-ent-a')).toBe(true);
    const none = await engine.matchDemand({ id: 'A-01' }, { k: 5, filters: { publishedQuarter: ['1999Q1'] } });
    expect(none.results).toEqual([]);
  });

  it('rejects an out-of-range k, an unknown id and empty text with typed errors', async () => {
    const { engine } = await seeded(5);
    await expect(engine.matchDemand({ id: 'A-01' }, { k: 0 })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(engine.matchDemand({ id: 'no-such' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(engine.matchDemand({ text: '  ' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('opens on a store it is given instead of the data directory’s', async () => {
    const dataDir = tempDir();
    const storeDir = tempDir();
    const store = await RecordStore.open(`${storeDir}/elsewhere.json`);
    const engine = await MatchEngine.open(testEngineConfig(dataDir), { embedder, store });
    await engine.putRecords('achievement', [{ id: 'x-1', title: '盐碱地水稻' }]);
    expect(engine.store).toBe(store);
    expect(fs.existsSync(dataPaths(dataDir).storeFile)).toBe(false);
  });
});

describe('index lifecycle', () => {
  it('embeds nothing on a rebuild over an unchanged store, and only the changed records after an edit', async () => {
    const { engine } = await seeded();
    const unchanged = await engine.rebuild();
    expect(unchanged.embedded).toBe(0);
    expect(unchanged.added + unchanged.updated + unchanged.removed).toBe(0);

    // Changes written to the store behind the index's back, as another process would.
    const now = new Date().toISOString();
    await engine.store.apply(
      engine.store
        .all('achievement')
        .slice(0, 2)
        .map((s) => ({
          kind: 'achievement' as const,
          op: 'put' as const,
          stored: { record: { ...s.record, title: `${s.record.title}（修订）` }, meta: { ...s.meta, updatedAt: now } },
        })),
    );
    const incremental = await engine.rebuild();
    expect(incremental.embedded).toBe(2);
    expect(incremental.updated).toBe(2);

    const full = await engine.rebuild({ full: true });
    expect(full.added).toBe(engine.store.count('achievement') + engine.store.count('demand'));
    expect(engine.manifest?.version).toBe(full.manifest.version);
  });

  it('loads the persisted index on reopen without embedding, and repairs records the index missed', async () => {
    const { engine, dataDir } = await seeded();
    await engine.close();
    const late = { id: 'late-1', title: '盐碱地水稻种植技术' };
    const meta = engine.get('achievement', engine.store.all('achievement')[0]!.record.id).meta;
    await engine.store.apply([{ kind: 'achievement', op: 'put', stored: { record: late, meta } }]);
    const before = embedder.stats.embedded;
    const reopened = await open(dataDir);
    expect(embedder.stats.embedded - before).toBe(1);
    expect(reopened.indexedCount('achievement')).toBe(reopened.store.count('achievement'));
    // Looked up by its title: first, although a title-only record weighs less for short queries.
    expect((await reopened.matchDemand({ text: '盐碱地水稻种植' }, { k: 1 })).results[0]!.id).toBe('late-1');
  });

  it('takes an index written by another process on reload, and keeps its own when nothing is new', async () => {
    const { engine, dataDir } = await seeded();
    await engine.close();
    expect((await engine.reloadIndex()).reloaded).toBe(false);
    const other = await open(dataDir);
    const written = await other.rebuild({ full: true });
    const reload = await engine.reloadIndex();
    expect(reload.reloaded).toBe(true);
    expect(engine.manifest?.version).toBe(written.manifest.version);
    expect((await engine.matchDemand({ id: 'A-01' }, { k: 1 })).results).toHaveLength(1);
  });

  it('rebuilds a truncated manifest from the store on open, and refuses it on reload with a clear error', async () => {
    const { engine, dataDir } = await seeded(30);
    await engine.close();
    const { manifestFile } = dataPaths(dataDir);
    const whole = fs.readFileSync(manifestFile, 'utf8');
    fs.writeFileSync(manifestFile, whole.slice(0, whole.length / 2));

    await expect(engine.reloadIndex()).rejects.toMatchObject({
      code: 'index_unavailable',
      message: expect.stringMatching(/manifest.*unreadable.*rebuild/),
    });
    expect((await engine.matchDemand({ id: 'A-01' }, { k: 1 })).results).toHaveLength(1);

    const reopened = await open(dataDir);
    expect(reopened.indexedCount('achievement')).toBe(30);
    expect(reopened.indexedCount('demand')).toBe(reopened.store.count('demand'));
    expect(JSON.parse(fs.readFileSync(manifestFile, 'utf8')).version).toBe(reopened.manifest?.version);
  });
});
