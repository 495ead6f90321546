import { describe, expect, it } from 'vitest';
import { DEFAULT_REGIONS_FILE } from '../../src/config/index.js';
import type { Demand, Stored } from '../../src/domain/index.js';
import {
  computeStatistics,
  cstDay,
  median,
  periodDays,
  type HistoryEntry,
  type Introduction,
  type IntroductionState,
  type PlacedIntroduction,
  type StatisticsQuery,
} from '../../src/introductions/index.js';
import { loadRegionDirectory } from '../../src/regions/index.js';
import { SETTINGS, demand } from './fixtures.js';

const regions = loadRegionDirectory(DEFAULT_REGIONS_FILE);
const DAY = 86_400_000;

/** An introduction created at `created` (CST noon of that day) that took the steps given as [state, day offset]. */
function intro(
  id: string,
  region: string,
  industry: string,
  created: string,
  steps: [IntroductionState, number][],
  extra: Partial<Introduction> = {},
  broker = 'key_b1',
): PlacedIntroduction {
  const t0 = Date.parse(`${created}T12:00:00+08:00`);
  const history: HistoryEntry[] = [
    { at: new Date(t0).toISOString(), from: null, to: 'proposed', actor: { keyId: broker, role: 'broker' } },
  ];
  let from: IntroductionState = 'proposed';
  for (const [to, days] of steps) {
    history.push({ at: new Date(t0 + days * DAY).toISOString(), from, to, actor: { keyId: broker, role: 'broker' } });
    from = to;
  }
  const introduction: Introduction = {
    id,
    demandId: `D-${id}`,
    achievementId: `X-${id}`,
    origin: 'broker',
    state: from,
    brokerKeyId: broker,
    createdAt: history[0]!.at,
    match: null,
    demand: { title: id, enterpriseId: 'e', region, industry },
    achievement: { title: id, industry },
    history,
    ...extra,
  };
  return { introduction, regionText: region, industry };
}

const decline = (code: string, label: string) => ({ decline: { code, label, by: 'enterprise' as const } });
const contract = (amountWan: number, signedOn: string, type: '技术开发' | '技术转让' = '技术开发') => ({
  contract: { type, amountWan, signedOn },
});

/**
 * The known history. Q4 2026 (Oct–Dec, CST) holds i1–i8; i9 is from Q3 but signs in Q4; i10 is from 2027.
 *   i1 长春市   汽车   sent d1, accepted d3, negotiating d5, signed d11 (contract 100万 on 2026-10-20)
 *   i2 农安县   农业   sent d0, accepted d2, signed d6 (contract 50.5万 on 2026-11-15, 技术转让)
 *   i3 延吉市   医药   sent d1, declined d4 (irrelevant)
 *   i4 长春市   汽车   sent d2, declined d3 (cost)
 *   i5 吉林市   汽车   sent d1, accepted d8
 *   i6 珲春市   医药   proposed only
 *   i7 长春市   汽车   sent d1, withdrawn d2           (broker key_b2)
 *   i8 火星基地 汽车   sent d0, expired d30             (unplaced)
 *   i9 长春市   汽车   created 2026-09-20: sent d1, accepted d2, signed d40 (contract 30万 on 2026-10-30)
 *   i10 长春市  汽车   created 2027-01-02: sent d1, declined d2 (cost)
 */
const HISTORY: PlacedIntroduction[] = [
  intro(
    'i1',
    '长春市',
    '汽车制造',
    '2026-10-01',
    [
      ['sent', 1],
      ['accepted', 3],
      ['negotiating', 5],
      ['signed', 11],
    ],
    contract(100, '2026-10-20'),
  ),
  intro(
    'i2',
    '农安县',
    '现代农业',
    '2026-10-05',
    [
      ['sent', 0],
      ['accepted', 2],
      ['signed', 6],
    ],
    contract(50.5, '2026-11-15', '技术转让'),
  ),
  intro(
    'i3',
    '延吉市',
    '医药健康',
    '2026-11-01',
    [
      ['sent', 1],
      ['declined', 4],
    ],
    decline('irrelevant', '与需求无关'),
  ),
  intro(
    'i4',
    '长春市',
    '汽车制造',
    '2026-11-02',
    [
      ['sent', 2],
      ['declined', 3],
    ],
    decline('cost', '成本或预算不符'),
  ),
  intro('i5', '吉林市', '汽车制造', '2026-11-03', [
    ['sent', 1],
    ['accepted', 8],
  ]),
  intro('i6', '珲春市', '医药健康', '2026-12-01', []),
  intro(
    'i7',
    '长春市',
    '汽车制造',
    '2026-12-02',
    [
      ['sent', 1],
      ['withdrawn', 2],
    ],
    {},
    'key_b2',
  ),
  intro('i8', '火星基地', '汽车制造', '2026-12-31', [
    ['sent', 0],
    ['expired', 30],
  ]),
  intro(
    'i9',
    '长春市',
    '汽车制造',
    '2026-09-20',
    [
      ['sent', 1],
      ['accepted', 2],
      ['signed', 40],
    ],
    contract(30, '2026-10-30'),
  ),
  intro(
    'i10',
    '长春市',
    '汽车制造',
    '2027-01-02',
    [
      ['sent', 1],
      ['declined', 2],
    ],
    decline('cost', '成本或预算不符'),
  ),
];

/** Demands: 3 created in Q4 (长春市, 农安县, 延吉市), 1 in Q3, 1 unplaced in Q4. */
const DEMANDS: Stored<Demand>[] = [
  demand('Q4-a', { region: '长春市' }, '2026-10-03T01:00:00Z'),
  demand('Q4-b', { region: '农安县', industry: '现代农业' }, '2026-11-03T01:00:00Z'),
  demand('Q4-c', { region: '延吉市', industry: '医药健康' }, '2026-12-30T15:00:00Z'),
  demand('Q3-a', { region: '长春市' }, '2026-09-30T15:59:59Z'),
  demand('Q4-x', { region: '火星基地' }, '2026-10-10T00:00:00Z'),
];

const run = (query: Partial<StatisticsQuery>) =>
  computeStatistics({
    introductions: HISTORY,
    demands: DEMANDS,
    regions,
    reasons: SETTINGS.reasons,
    query: { groupBy: 'none', ...periodDays('2026Q4'), ...query },
  });

describe('statistics reconcile with a known history', () => {
  it('counts every figure of 2026Q4 province-wide', () => {
    const stats = run({});
    expect(stats.period).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    const t = stats.totals;
    // Q3-a was created 2026-09-30T15:59:59Z = 23:59:59 CST on Sep 30: not in Q4. Q4-c (Dec 30 15:00Z = 23:00 CST) is.
    expect(t.demandsPublished).toBe(4);
    expect(t.introductions).toBe(8);
    expect(t.byState).toEqual({
      proposed: 1,
      sent: 0,
      accepted: 1,
      negotiating: 0,
      signed: 2,
      declined: 2,
      withdrawn: 1,
      expired: 1,
    });
    expect(t.reached).toEqual({ sent: 7, accepted: 3, signed: 2 });
    expect(t.acceptanceRate).toBe(0.4286);
    expect(t.signingRate).toBe(0.2857);
    // sent→accepted days: i1 2, i2 2, i5 7 → median 2. sent→signed: i1 10, i2 6 → median 8.
    expect(t.medianDaysSentToAccepted).toBe(2);
    expect(t.medianDaysSentToSigned).toBe(8);
    // Contracts signed in Q4: i1 100, i2 50.5, i9 30 (created in Q3, signed 2026-10-30).
    expect(t.contracts).toEqual({
      count: 3,
      totalWan: 180.5,
      byType: { 技术开发: { count: 2, totalWan: 130 }, 技术转让: { count: 1, totalWan: 50.5 } },
    });
    expect(t.declineReasons).toEqual([
      { code: 'cost', label: '成本或预算不符', count: 1 },
      { code: 'irrelevant', label: '与需求无关', count: 1 },
    ]);
    expect(stats.unplaced).toEqual({ demands: 1, introductions: 1, regionTexts: ['火星基地'] });
    expect(stats.includesSynthetic).toBe(false);
  });

  it('narrows to one sub-market: 长春分市场 holds 长春市 and 农安县 and nothing unplaced', () => {
    const t = run({ regionCode: 'SM-CC' }).totals;
    expect(t.demandsPublished).toBe(2);
    expect(t.introductions).toBe(4); // i1 i2 i4 i7
    expect(t.reached).toEqual({ sent: 4, accepted: 2, signed: 2 });
    expect(t.acceptanceRate).toBe(0.5);
    expect(t.signingRate).toBe(0.5);
    expect(t.contracts.count).toBe(3);
    expect(t.contracts.totalWan).toBe(180.5);
    expect(t.declineReasons).toEqual([{ code: 'cost', label: '成本或预算不符', count: 1 }]);
  });

  it('narrows to a county node, an industry and a broker', () => {
    const county = run({ regionCode: '220122' }).totals;
    expect([county.introductions, county.contracts.totalWan, county.demandsPublished]).toEqual([1, 50.5, 1]);
    const medicine = run({ industry: ['医药健康'] }).totals;
    expect([medicine.introductions, medicine.reached.sent, medicine.byState.declined]).toEqual([2, 1, 1]);
    const b2 = run({ brokerKeyId: 'key_b2' }).totals;
    expect([b2.introductions, b2.byState.withdrawn, b2.contracts.count]).toEqual([1, 1, 0]);
  });

  it('groups by sub-market so that the groups add up to the totals', () => {
    const stats = run({ groupBy: 'subMarket' });
    expect(stats.groups.map((g) => [g.key, g.figures.introductions, g.figures.contracts.totalWan])).toEqual([
      ['SM-CC', 4, 180.5],
      ['SM-JL', 1, 0],
      ['SM-YB', 2, 0],
      ['unplaced', 1, 0],
    ]);
    const sum = (pick: (g: (typeof stats.groups)[number]) => number) => stats.groups.reduce((s, g) => s + pick(g), 0);
    expect(sum((g) => g.figures.introductions)).toBe(stats.totals.introductions);
    expect(sum((g) => g.figures.contracts.count)).toBe(stats.totals.contracts.count);
    expect(sum((g) => g.figures.reached.sent)).toBe(stats.totals.reached.sent);
    expect(sum((g) => g.figures.demandsPublished ?? 0)).toBe(stats.totals.demandsPublished);
  });

  it('groups by broker without attributing demands to brokers', () => {
    const stats = run({ groupBy: 'broker' });
    expect(stats.groups.map((g) => [g.key, g.figures.introductions, g.figures.demandsPublished])).toEqual([
      ['key_b1', 7, null],
      ['key_b2', 1, null],
    ]);
  });

  it('takes a year, a date range, or no period at all', () => {
    expect(run({ ...periodDays('2027') }).totals.introductions).toBe(1);
    expect(run({ from: '2026-09-01', to: '2026-10-01' }).totals.introductions).toBe(2); // i9, i1
    expect(run({ from: undefined, to: undefined }).totals.introductions).toBe(10);
  });
});

describe('statistics helpers', () => {
  it('knows the quarters and the CST calendar day', () => {
    expect(periodDays('2026Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodDays('2024Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(periodDays('2026Q3')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(cstDay('2026-09-30T16:00:00Z')).toBe('2026-10-01');
    expect(median([5, 1, 3])).toBe(3);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
