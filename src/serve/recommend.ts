/**
 * Recommendations for one enterprise: each of its open demands is matched
 * against the catalogue, and the lists are merged into one. An achievement
 * that serves several demands appears once, ranked by its best score, and
 * names every demand it serves.
 *
 * Paging is exact: an achievement in the merged top N is in the top N of the
 * demand it scores best for, so each demand is matched to depth offset + k.
 */
import type { AnyRecord, Demand, Stored } from '../domain/index.js';
import { bothVisible } from './policy.js';
import type { MatchEngine } from '../engine/index.js';
import type { MatchFilters } from '../match/filters.js';
import type { Recommendation, Recommendations, ServedDemand } from './schemas.js';

export type { Recommendation, Recommendations, ServedDemand };
import type { PairMarks } from '../introductions/index.js';
import { hideDeclined, hideDeclinedKey, markOf } from './pair-marks.js';

function startOfDay(date: Date): number {
  const day = new Date(date);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/** Open: not closed, and its deadline (if any) not before today. */
export function isOpenDemand(demand: Demand, now = new Date()): boolean {
  if (demand.status === 'closed') return false;
  if (demand.deadline && Date.parse(demand.deadline) < startOfDay(now)) return false;
  return true;
}

export function openDemandsOf(engine: MatchEngine, enterpriseId: string, now = new Date()): Stored<Demand>[] {
  return engine.store
    .all('demand')
    .filter((s) => s.record.enterpriseId === enterpriseId && isOpenDemand(s.record, now))
    .sort((a, b) => (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0));
}

export async function recommendForEnterprise(
  engine: MatchEngine,
  enterpriseId: string,
  options: {
    k: number;
    offset: number;
    filters: MatchFilters;
    since?: string;
    /** Which achievements the caller may see (published only, for an enterprise key). */
    visible?: (stored: Stored<AnyRecord>) => boolean;
    /** Names `visible` by value (MatchOptions.visibleKey), so each demand's list may be kept. */
    visibleKey?: string;
    /** Which of the enterprise's demands the caller may see (a scoped broker's); all when absent. */
    includeDemand?: (demand: Stored<Demand>) => boolean;
    /** Introductions' marks of one demand: hide declined pairs, mark live ones. */
    marksFor?: (demandId: string) => Promise<PairMarks>;
    showDeclined?: boolean;
  },
): Promise<Recommendations> {
  const demands = openDemandsOf(engine, enterpriseId).filter((d) => options.includeDemand?.(d) ?? true);
  const filters: MatchFilters = options.since ? { ...options.filters, changedSince: options.since } : options.filters;
  const merged = new Map<string, Omit<Recommendation, 'rank'>>();
  // One demand after the other: matching is CPU-bound, running them together only interleaves.
  for (const demand of demands) {
    const marks = await options.marksFor?.(demand.record.id);
    const visible = bothVisible(options.visible, marks ? hideDeclined(marks, options.showDeclined) : undefined);
    const visibleKey =
      options.visible && options.visibleKey === undefined
        ? undefined
        : `${options.visibleKey ?? ''} ${marks ? hideDeclinedKey(marks, options.showDeclined) : ''}`;
    const response = await engine.matchDemand(
      { id: demand.record.id },
      { k: options.offset + options.k, filters, visible, visibleKey },
    );
    for (const result of response.results) {
      const served: ServedDemand = {
        ...(marks ? markOf(marks, result.id) : {}),
        demandId: demand.record.id,
        demandTitle: demand.record.title,
        rank: result.rank,
        score: result.score,
        sharedTerms: result.sharedTerms,
        industryMatch: result.industryMatch,
        reason: result.reason,
      };
      const seen = merged.get(result.id);
      if (seen) {
        seen.serves.push(served);
        seen.score = Math.max(seen.score, result.score);
      } else {
        const updatedAt = engine.store.get('achievement', result.id)?.meta.updatedAt ?? '';
        merged.set(result.id, {
          id: result.id,
          score: result.score,
          industry: result.industry,
          serves: [served],
          record: result.record,
          updatedAt,
        });
      }
    }
  }
  const ranked = [...merged.values()].sort(
    (a, b) => b.score - a.score || b.serves.length - a.serves.length || (a.id < b.id ? -1 : 1),
  );
  for (const item of ranked) item.serves.sort((a, b) => b.score - a.score);
  return {
    enterpriseId,
    since: options.since ?? null,
    demands: demands.map((d) => ({ id: d.record.id, title: d.record.title })),
    total: ranked.length,
    results: ranked
      .slice(options.offset, options.offset + options.k)
      .map((item, i) => ({ rank: options.offset + i + 1, ...item })),
  };
}
