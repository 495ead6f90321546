/**
 * The funnel and the money: what the province counts its transfer work by.
 * `computeStatistics` is a pure function of the introductions (expiry already
 * applied), the demands and the region directory; `readStatistics` feeds it
 * from the store.
 *
 * What "in the period" means, per figure:
 * - introductions (the funnel, rates, medians, decline reasons): those created in the
 *   period, counted by where they stand now (a cohort);
 * - contracts (count and 万元): those whose contract was signed (signedOn) in the period;
 * - demands published: demands created in the store in the period.
 * Periods are China Standard Time (UTC+8) calendar days; `to` is inclusive.
 */
import type { Demand, Stored } from '../domain/index.js';
import type { RegionDirectory } from '../regions/index.js';
import type { Store } from '../store/index.js';
import type { DeclineReason } from './reasons.js';
import { INTRODUCTION_STATES, type Introduction, type IntroductionState } from './schema.js';
import { allIntroductions, type IntroductionSettings } from './service.js';

export const GROUP_BY = ['none', 'subMarket', 'city', 'county', 'industry', 'broker'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface StatisticsQuery {
  /** First day, YYYY-MM-DD (UTC+8), inclusive. */
  from?: string;
  /** Last day, YYYY-MM-DD (UTC+8), inclusive. */
  to?: string;
  /** Any level: sub-market, 市州 or county code. */
  regionCode?: string;
  industry?: string[];
  brokerKeyId?: string;
  groupBy: GroupBy;
}

export interface Figures {
  /** Demands created in the period (not attributable to a broker: null in broker groups). */
  demandsPublished: number | null;
  /** Introductions created in the period. */
  introductions: number;
  /** Where those introductions stand now. */
  byState: Record<IntroductionState, number>;
  /** How many of them ever reached each stage. */
  reached: { sent: number; accepted: number; signed: number };
  /** reached.accepted / reached.sent; null when none was sent. */
  acceptanceRate: number | null;
  /** reached.signed / reached.sent; null when none was sent. */
  signingRate: number | null;
  medianDaysSentToAccepted: number | null;
  medianDaysSentToSigned: number | null;
  /** Contracts signed in the period. */
  contracts: { count: number; totalWan: number; byType: Record<string, { count: number; totalWan: number }> };
  declineReasons: { code: string; label: string; count: number }[];
}

export interface StatisticsGroup {
  key: string;
  label: string;
  figures: Figures;
}

export interface Statistics {
  period: { from: string | null; to: string | null };
  regionCode: string | null;
  groupBy: GroupBy;
  totals: Figures;
  groups: StatisticsGroup[];
  /** Records whose region text places nowhere; they are in the totals only when no region is asked for. */
  unplaced: { demands: number; introductions: number; regionTexts: string[] };
  /** True when any introduction counted is demo data. */
  includesSynthetic: boolean;
}

const DAY_MS = 86_400_000;

/** `2026Q4`, `2026` → first and last day. */
export function periodDays(period: string): { from: string; to: string } | undefined {
  const quarter = /^(\d{4})Q([1-4])$/.exec(period);
  if (quarter) {
    const year = Number(quarter[1]);
    const q = Number(quarter[2]);
    const firstMonth = (q - 1) * 3 + 1;
    const lastDay = new Date(Date.UTC(year, firstMonth + 2, 0)).getUTCDate();
    const mm = (m: number) => String(m).padStart(2, '0');
    return { from: `${year}-${mm(firstMonth)}-01`, to: `${year}-${mm(firstMonth + 2)}-${lastDay}` };
  }
  if (/^\d{4}$/.test(period)) return { from: `${period}-01-01`, to: `${period}-12-31` };
  return undefined;
}

/** The calendar day (UTC+8) of an instant. */
export function cstDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

function inDays(day: string, query: Pick<StatisticsQuery, 'from' | 'to'>): boolean {
  return (query.from === undefined || day >= query.from) && (query.to === undefined || day <= query.to);
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value * 100) / 100;
}

function firstAt(intro: Introduction, state: IntroductionState): number | undefined {
  const entry = intro.history.find((e) => e.to === state);
  return entry ? Date.parse(entry.at) : undefined;
}

/** An introduction with what statistics group it by. */
export interface PlacedIntroduction {
  introduction: Introduction;
  regionText: string | null;
  industry: string;
}

function figuresOf(
  cohort: PlacedIntroduction[],
  contracts: PlacedIntroduction[],
  demands: number | null,
  reasons: DeclineReason[],
): Figures {
  const byState = Object.fromEntries(INTRODUCTION_STATES.map((s) => [s, 0])) as Record<IntroductionState, number>;
  const reached = { sent: 0, accepted: 0, signed: 0 };
  const toAccepted: number[] = [];
  const toSigned: number[] = [];
  const declines = new Map<string, number>();
  for (const { introduction: intro } of cohort) {
    byState[intro.state] += 1;
    const sent = firstAt(intro, 'sent');
    const accepted = firstAt(intro, 'accepted');
    const signed = firstAt(intro, 'signed');
    if (sent !== undefined) reached.sent += 1;
    if (accepted !== undefined) reached.accepted += 1;
    if (signed !== undefined) reached.signed += 1;
    if (sent !== undefined && accepted !== undefined) toAccepted.push((accepted - sent) / DAY_MS);
    if (sent !== undefined && signed !== undefined) toSigned.push((signed - sent) / DAY_MS);
    if (intro.state === 'declined' && intro.decline) {
      declines.set(intro.decline.code, (declines.get(intro.decline.code) ?? 0) + 1);
    }
  }
  const byType: Figures['contracts']['byType'] = {};
  let totalWan = 0;
  for (const { introduction } of contracts) {
    const contract = introduction.contract!;
    const slot = byType[contract.type] ?? { count: 0, totalWan: 0 };
    byType[contract.type] = slot;
    slot.count += 1;
    slot.totalWan = roundWan(slot.totalWan + contract.amountWan);
    totalWan = roundWan(totalWan + contract.amountWan);
  }
  const labelOf = (code: string) =>
    reasons.find((r) => r.code === code)?.label ??
    cohort.find((c) => c.introduction.decline?.code === code)?.introduction.decline?.label ??
    code;
  return {
    demandsPublished: demands,
    introductions: cohort.length,
    byState,
    reached,
    acceptanceRate: reached.sent === 0 ? null : round4(reached.accepted / reached.sent),
    signingRate: reached.sent === 0 ? null : round4(reached.signed / reached.sent),
    medianDaysSentToAccepted: median(toAccepted),
    medianDaysSentToSigned: median(toSigned),
    contracts: { count: contracts.length, totalWan, byType },
    declineReasons: [...declines.entries()]
      .map(([code, count]) => ({ code, label: labelOf(code), count }))
      .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1)),
  };
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;
/** Amounts are 万元 with at most 4 decimals (元 precision); rounding keeps sums free of float dust. */
const roundWan = (x: number) => Math.round(x * 10000) / 10000;

export interface StatisticsInput {
  introductions: PlacedIntroduction[];
  demands: Stored<Demand>[];
  regions: RegionDirectory;
  reasons: DeclineReason[];
  query: StatisticsQuery;
}

export function computeStatistics(input: StatisticsInput): Statistics {
  const { regions, query } = input;
  const placeOf = (text: string | null | undefined) => regions.place(text ?? undefined);
  const passesPlace = (text: string | null | undefined, industry: string) => {
    if (query.industry?.length && !query.industry.includes(industry)) return false;
    if (query.regionCode === undefined) return true;
    const code = placeOf(text);
    return code !== undefined && regions.contains(query.regionCode, code);
  };

  const unplacedTexts = new Set<string>();
  let unplacedDemands = 0;
  let unplacedIntroductions = 0;

  const demands = input.demands.filter((d) => {
    if (!inDays(cstDay(d.meta.createdAt), query)) return false;
    if (placeOf(d.record.region) === undefined) {
      unplacedDemands += 1;
      unplacedTexts.add(d.record.region ?? '(none)');
    }
    return passesPlace(d.record.region, d.meta.industry);
  });
  const selected = input.introductions.filter(
    (p) =>
      passesPlace(p.regionText, p.industry) &&
      (query.brokerKeyId === undefined || p.introduction.brokerKeyId === query.brokerKeyId),
  );
  const cohort = selected.filter((p) => inDays(cstDay(p.introduction.createdAt), query));
  for (const p of cohort) {
    if (placeOf(p.regionText) === undefined) {
      unplacedIntroductions += 1;
      unplacedTexts.add(p.regionText ?? '(none)');
    }
  }
  const contracts = selected.filter(
    (p) =>
      p.introduction.state === 'signed' && p.introduction.contract && inDays(p.introduction.contract.signedOn, query),
  );

  const groupOf = groupKey(regions, query.groupBy);
  const keys = new Map<string, string>();
  const remember = (key: { key: string; label: string } | null) => {
    if (key) keys.set(key.key, key.label);
    return key?.key;
  };
  const demandGroup = new Map(
    demands.map((d) => [d, remember(groupOf(d.record.region ?? null, d.meta.industry, null))]),
  );
  const introGroup = new Map(
    [...cohort, ...contracts].map((p) => [
      p,
      remember(groupOf(p.regionText, p.industry, p.introduction.brokerKeyId ?? '(enterprise request)')),
    ]),
  );
  const groups: StatisticsGroup[] =
    query.groupBy === 'none'
      ? []
      : [...keys.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, label]) => ({
            key,
            label,
            figures: figuresOf(
              cohort.filter((p) => introGroup.get(p) === key),
              contracts.filter((p) => introGroup.get(p) === key),
              query.groupBy === 'broker' ? null : demands.filter((d) => demandGroup.get(d) === key).length,
              input.reasons,
            ),
          }));

  return {
    period: { from: query.from ?? null, to: query.to ?? null },
    regionCode: query.regionCode ?? null,
    groupBy: query.groupBy,
    totals: figuresOf(cohort, contracts, demands.length, input.reasons),
    groups,
    unplaced: {
      demands: unplacedDemands,
      introductions: unplacedIntroductions,
      regionTexts: [...unplacedTexts].sort(),
    },
    includesSynthetic: [...cohort, ...contracts].some((p) => p.introduction.synthetic === true),
  };
}

const UNPLACED = { key: 'unplaced', label: '未定位' };

function groupKey(
  regions: RegionDirectory,
  groupBy: GroupBy,
): (regionText: string | null, industry: string, broker: string | null) => { key: string; label: string } | null {
  const byRegion = (pick: (code: string) => { code: string; name: string } | undefined) => (text: string | null) => {
    const code = regions.place(text ?? undefined);
    if (code === undefined) return UNPLACED;
    const node = pick(code);
    return node ? { key: node.code, label: node.name } : { key: 'other', label: '其他（未到此层级）' };
  };
  switch (groupBy) {
    case 'none':
      return () => null;
    case 'subMarket':
      return byRegion((code) => regions.subMarketOf(code));
    case 'city':
      return byRegion((code) => regions.cityOf(code));
    case 'county':
      return byRegion((code) => {
        const node = regions.node(code);
        return node?.level === 'county' ? node : undefined;
      });
    case 'industry':
      return (_text, industry) => ({ key: industry, label: industry });
    case 'broker':
      return (_text, _industry, broker) => (broker === null ? null : { key: broker, label: broker });
  }
}

/** Places each introduction by its demand: the record as it is now, or the snapshot once deleted. */
export function placeIntroductions(store: Store, introductions: Introduction[]): PlacedIntroduction[] {
  return introductions.map((introduction) => {
    const demand = store.get('demand', introduction.demandId);
    return {
      introduction,
      regionText: demand ? (demand.record.region ?? null) : introduction.demand.region,
      industry: demand ? demand.meta.industry : introduction.demand.industry,
    };
  });
}

export async function readStatistics(
  store: Store,
  regions: RegionDirectory,
  settings: IntroductionSettings,
  now: Date,
  query: StatisticsQuery,
): Promise<Statistics> {
  const introductions = await allIntroductions(store, settings, now);
  return computeStatistics({
    introductions: placeIntroductions(store, introductions),
    demands: store.all('demand'),
    regions,
    reasons: settings.reasons,
    query,
  });
}
