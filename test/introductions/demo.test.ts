import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_REGIONS_FILE, DEMO_INTRODUCTIONS_FILE } from '../../src/config/index.js';
import { generateDemoIntroductions, type DemoMatch } from '../../src/introductions/demo.js';
import { INTRODUCTIONS, introductionSchema, readStatistics } from '../../src/introductions/index.js';
import { loadRegionDirectory } from '../../src/regions/index.js';
import { loadDemoIntroductions } from '../../src/serve/features/introductions/seed.js';
import { RecordStore, type StoreChange } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import { SETTINGS, achievement, demand } from './fixtures.js';

const regions = loadRegionDirectory(DEFAULT_REGIONS_FILE);
const shipped = fs
  .readFileSync(DEMO_INTRODUCTIONS_FILE, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => introductionSchema.parse(JSON.parse(line)));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('the shipped demo history', () => {
  it('holds a few hundred synthetic introductions across all sub-markets, many industries and every state', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(200);
    expect(shipped.every((i) => i.synthetic === true)).toBe(true);
    const markets = new Set(shipped.map((i) => regions.subMarketOf(regions.place(i.demand.region ?? '') ?? '')?.code));
    expect([...markets].sort()).toEqual(['SM-CC', 'SM-JL', 'SM-SB', 'SM-SL', 'SM-TB', 'SM-YB']);
    expect(new Set(shipped.map((i) => i.demand.industry)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(shipped.map((i) => i.state)).size).toBe(8);
    // Each history is well-formed: it starts proposed, every step starts where the last ended, and ends at the state.
    for (const intro of shipped) {
      expect(intro.history[0]!.to).toBe('proposed');
      intro.history.slice(1).forEach((entry, i) => expect(entry.from).toBe(intro.history[i]!.to));
      expect(intro.history.at(-1)!.to).toBe(intro.state);
      expect(intro.state === 'signed').toBe(intro.contract !== undefined);
    }
  });

  it('loads into a store and gives non-empty statistics marked synthetic', async () => {
    const dir = tempDir('kjcg-demo-intro-');
    dirs.push(dir);
    const store = await RecordStore.open(path.join(dir, 'store.json'));
    const changes: StoreChange[] = [];
    for (const id of new Set(shipped.map((i) => i.demandId))) {
      const sample = shipped.find((i) => i.demandId === id)!;
      changes.push({ kind: 'demand', op: 'put', stored: demand(id, { region: sample.demand.region ?? undefined }) });
    }
    for (const id of new Set(shipped.map((i) => i.achievementId))) {
      changes.push({ kind: 'achievement', op: 'put', stored: achievement(id) });
    }
    await store.apply(changes);
    expect(await loadDemoIntroductions(store)).toBe(shipped.length);
    expect(await store.countDocs(INTRODUCTIONS)).toBe(shipped.length);
    const stats = await readStatistics(store, regions, SETTINGS, new Date('2026-11-30T00:00:00Z'), {
      groupBy: 'subMarket',
    });
    expect(stats.totals.introductions).toBe(shipped.length);
    expect(stats.totals.contracts.count).toBeGreaterThan(0);
    expect(stats.groups).toHaveLength(6);
    expect(stats.includesSynthetic).toBe(true);
    await store.flush();
  });
});

describe('the demo generator', () => {
  const matches = new Map<string, DemoMatch[]>(
    ['D1', 'D2'].map((d) => [
      d,
      Array.from({ length: 20 }, (_, i) => ({
        id: `${d}-X${i + 1}`,
        title: `成果${i + 1}`,
        industry: '汽车制造',
        rank: i + 1,
        score: 1 / (i + 1),
        reason: '',
        sharedTerms: [],
      })),
    ]),
  );
  const demands = [
    { id: 'D1', title: '甲', region: '长春市', industry: '汽车制造', budgetWan: 50, cooperation: '技术服务' },
    { id: 'D2', title: '乙', region: '延吉市', industry: '汽车制造' },
  ];
  const options = {
    seed: 7,
    since: new Date('2026-01-01T00:00:00Z'),
    until: new Date('2026-11-01T00:00:00Z'),
    perDemand: { min: 8, max: 8 },
    expiryDays: 30,
  };

  it('gives the same history for the same seed, and nothing after `until`', () => {
    const a = generateDemoIntroductions(demands, matches, regions, options);
    const b = generateDemoIntroductions(demands, matches, regions, options);
    expect(a).toEqual(b);
    expect(a).toHaveLength(16);
    expect(new Set(a.map((i) => `${i.demandId}|${i.achievementId}`)).size).toBe(16);
    for (const intro of a)
      for (const entry of intro.history) expect(entry.at <= options.until.toISOString()).toBe(true);
    expect(generateDemoIntroductions(demands, matches, regions, { ...options, seed: 8 })).not.toEqual(a);
  });
});
