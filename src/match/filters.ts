/**
 * Filters on the records a match may return. Pure predicates over a stored
 * record; each field given narrows the result, values within a field are
 * alternatives (industry=汽车制造,装备制造 means either).
 */
import type { Achievement, Demand, Industry, Stored } from '../domain/index.js';
import { activeRegions } from '../regions/index.js';

export interface MatchFilters {
  industry?: Industry[];
  /**
   * Matches when the record's region contains any of these (长春 matches 吉林省长春市), or
   * when one names a region (any level: 分市场, 市州, county; name or code) that the
   * record's region lies in (长春市 matches 农安县).
   */
  region?: string[];
  maturity?: string[];
  publishedQuarter?: string[];
  fiscalFunded?: boolean;
  /** Achievements: any of their transferModes; demands: their cooperation mode. */
  cooperation?: string[];
  ipType?: string[];
  /** Only records created or changed at or after this instant (ISO date). */
  changedSince?: string;
}

export function hasFilters(filters: MatchFilters): boolean {
  return Object.values(filters).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0));
}

function anyOf(wanted: string[] | undefined, value: string | undefined): boolean {
  if (!wanted || wanted.length === 0) return true;
  return value !== undefined && wanted.includes(value);
}

/** Text containment as before, or containment in the region hierarchy. */
export function regionMatches(wanted: string, region: string | undefined): boolean {
  if ((region ?? '').includes(wanted)) return true;
  const regions = activeRegions();
  const code = regions.lookup(wanted);
  return code !== undefined && regions.inScope(code, region);
}

export function passesFilters(stored: Stored<Achievement | Demand>, filters: MatchFilters): boolean {
  const record = stored.record as Partial<Achievement & Demand>;
  const { industry, secondIndustry } = stored.meta;
  // A record tagged with two industries (the tagger was unsure) passes a filter on either.
  if (filters.industry?.length && !filters.industry.some((i) => i === industry || i === secondIndustry)) return false;
  if (filters.region?.length && !filters.region.some((r) => regionMatches(r, record.region))) return false;
  if (!anyOf(filters.maturity, record.maturity)) return false;
  if (!anyOf(filters.publishedQuarter, record.publishedQuarter)) return false;
  if (!anyOf(filters.ipType, record.ipType)) return false;
  if (filters.fiscalFunded !== undefined && record.fiscalFunded !== filters.fiscalFunded) return false;
  if (filters.cooperation?.length) {
    const modes = [...(record.transferModes ?? []), ...(record.cooperation ? [record.cooperation] : [])];
    if (!modes.some((m) => filters.cooperation!.includes(m))) return false;
  }
  if (filters.changedSince && Date.parse(stored.meta.updatedAt) < Date.parse(filters.changedSince)) return false;
  return true;
}
