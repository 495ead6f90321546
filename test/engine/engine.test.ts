import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importJsonlText, type MatchEngine } from '../../src/engine/index.js';
import { achievementSlice, demoDemandsText, openTestEngine, tempDir } from '../helpers.js';

// The real model on a small slice of the real data: 150 achievements (CSL full records) and the 40 demo demands.
let engine: MatchEngine;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir();
  engine = await openTestEngine(dataDir);
  const achievements = await importJsonlText(engine, 'achievement', achievementSlice(150));
  const demands = await importJsonlText(engine, 'demand', demoDemandsText());
  expect(achievements.errors).toEqual([]);
  expect(demands.imported).toHaveLength(40);
});

describe('matching with the real model', () => {
  it('returns k ranked, explained achievements for a stored demand', async () => {
    const response = await engine.matchDemand({ id: 'A-01' }, { k: 5 });
    expect(response.results).toHaveLength(5);
    expect(response.results.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    const scores = response.results.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const result of response.results) {
      expect(result.reason).toMatch(/。$/);
      expect(typeof result.industryMatch).toBe('boolean');
      expect(result.components.dense).not.toBeNull();
      expect(engine.store.has('achievement', result.id)).toBe(true);
    }
    expect(response.query.industry).toBe('汽车制造');
  });

  it('derives key terms for each record, domain terms of its text included', () => {
    const keywords = engine.get('demand', 'A-01').meta.keywords ?? [];
    expect(keywords).toContain('热失控');
    expect(keywords.length).toBeGreaterThan(2);
    const given = engine.store.all('achievement').find((s) => (s.record.keywords ?? []).length > 0)!;
    expect(given.meta.keywords!.slice(0, given.record.keywords!.length)).toEqual(
      given.record.keywords!.map((k) => k.toLowerCase()),
    );
  });

  it('ranks an achievement written for the demand first, with the shared key terms named', async () => {
    await engine.putRecords('achievement', [
      {
        id: 'fit-1',
        title: '动力电池模组均温散热与热失控抑制技术',
        abstract:
          '针对大电流放电工况下电芯温差大的问题，建立电芯发热与温度场仿真模型，提出紧凑型均温板散热结构，模组温差控制在3℃以内。',
        keywords: ['动力电池', '热失控', '温度场仿真'],
      },
    ]);
    const response = await engine.matchDemand({ id: 'A-01' }, { k: 3 });
    expect(response.results[0]!.id).toBe('fit-1');
    expect(response.results[0]!.sharedTerms).toContain('动力电池');
    expect(response.results[0]!.components.denseRank).toBe(1);
  });

  it('matches free text both ways', async () => {
    const forDemand = await engine.matchDemand({ text: '玉米深加工废水处理' }, { k: 3 });
    expect(forDemand.results).toHaveLength(3);
    const forAchievement = await engine.matchAchievement({ id: 'fit-1' }, { k: 3 });
    expect(forAchievement.results[0]!.id).toBe('A-01');
    const textToDemands = await engine.matchAchievement({ text: '油田三次采油聚合物驱' }, { k: 3 });
    expect(textToDemands.results.every((r) => engine.store.has('demand', r.id))).toBe(true);
  });

  it('returns k results under a filter whenever k records pass it', async () => {
    // A record whose inferred industry was not clear-cut passes on its second industry too.
    const isBuilding = (meta: { industry: string; secondIndustry?: string }) =>
      meta.industry === '建筑' || meta.secondIndustry === '建筑';
    const chosen = engine.store.all('achievement').filter((s) => isBuilding(s.meta));
    expect(chosen.length).toBeGreaterThanOrEqual(3);
    const response = await engine.matchDemand({ id: 'A-01' }, { k: chosen.length, filters: { industry: ['建筑'] } });
    expect(response.results).toHaveLength(chosen.length);
    expect(response.results.every((r) => isBuilding(engine.store.get('achievement', r.id)!.meta))).toBe(true);
    const none = await engine.matchDemand({ id: 'A-01' }, { k: 5, filters: { publishedQuarter: ['1999Q1'] } });
    expect(none.results).toEqual([]);
  });

  it('pages without overlap', async () => {
    const first = await engine.matchDemand({ id: 'B-01' }, { k: 5 });
    const second = await engine.matchDemand({ id: 'B-01' }, { k: 5, offset: 5 });
    const both = await engine.matchDemand({ id: 'B-01' }, { k: 10 });
    expect([...first.results, ...second.results].map((r) => r.id)).toEqual(both.results.map((r) => r.id));
    expect(second.results[0]!.rank).toBe(6);
  });

  it('rejects an out-of-range k and an unknown id with typed errors', async () => {
    await expect(engine.matchDemand({ id: 'A-01' }, { k: 0 })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(engine.matchDemand({ id: 'no-such-demand' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(engine.matchDemand({ text: '   ' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('shows a deletion in matches at once', async () => {
    await engine.putRecords('achievement', [
      { id: 'gone-1', title: '重型卡车驾驶室低阶模态有限元优化', abstract: '驾驶室地板振动与模态分析。' },
    ]);
    expect((await engine.matchDemand({ id: 'A-04' }, { k: 3 })).results.map((r) => r.id)).toContain('gone-1');
    await engine.deleteRecord('achievement', 'gone-1');
    expect((await engine.matchDemand({ id: 'A-04' }, { k: 50 })).results.map((r) => r.id)).not.toContain('gone-1');
  });
});

describe('index lifecycle', () => {
  it('embeds nothing on a rebuild over an unchanged store, and only the changed records after an edit', async () => {
    const unchanged = await engine.rebuild();
    expect(unchanged.embedded).toBe(0);
    expect(unchanged.added + unchanged.updated + unchanged.removed).toBe(0);

    const edited = engine.store
      .all('achievement')
      .slice(0, 2)
      .map((s) => ({ ...s.record, title: `${s.record.title}（修订）` }));
    // Changes written to the store behind the index's back, as another process would.
    const now = new Date().toISOString();
    await engine.store.apply(
      edited.map((record) => ({
        kind: 'achievement',
        op: 'put',
        stored: { record, meta: { ...engine.get('achievement', record.id).meta, updatedAt: now } },
      })),
    );
    const incremental = await engine.rebuild();
    expect(incremental.embedded).toBe(2);
    expect(incremental.updated).toBe(2);

    const full = await engine.rebuild({ full: true });
    expect(full.embedded).toBe(0);
    expect(full.added).toBe(engine.store.count('achievement') + engine.store.count('demand'));
  });

  it('loads the persisted index on reopen and repairs records the index missed', async () => {
    engine.saveIndex(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(dataDir, 'index', 'manifest.json'), 'utf8'));
    await engine.store.apply([
      {
        kind: 'achievement',
        op: 'put',
        stored: {
          record: { id: 'late-1', title: '盐碱地水稻种植技术' },
          meta: {
            createdAt: manifest.builtAt,
            updatedAt: manifest.builtAt,
            industry: '现代农业',
            industrySource: 'given',
            industryConfidence: 1,
          },
        },
      },
    ]);
    const reopened = await openTestEngine(dataDir, engine.embedder);
    expect(reopened.indexedCount('achievement')).toBe(engine.store.count('achievement'));
    // A query naming the record's title finds it first, the short-query title-only weight notwithstanding.
    const response = await reopened.matchDemand({ text: '盐碱地水稻种植' }, { k: 1 });
    expect(response.results[0]!.id).toBe('late-1');
  });

  it('takes an index written by another process on reload', async () => {
    const other = await openTestEngine(dataDir, engine.embedder);
    const written = await other.rebuild({ full: true });
    const reload = await engine.reloadIndex();
    expect(reload.reloaded).toBe(true);
    expect(engine.manifest?.version).toBe(written.manifest.version);
    expect((await engine.matchDemand({ id: 'A-01' }, { k: 1 })).results).toHaveLength(1);
  });
});
