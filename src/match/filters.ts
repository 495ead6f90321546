/**
 * Filters on the records a match may return, defined once: the schema below is
 * the JSON body of POST /v1/match, the source of every query string's filter
 * parameters (serve/query.ts), and the type the predicates read. Each field
 * given narrows the result; values within a field are alternatives
 * (industry=汽车制造,装备制造 means either).
 */
import { z } from 'zod';
import {
  COOPERATION_MODES,
  INDUSTRIES,
  ipKindLabels,
  ipKindOf,
  isoInstantSchema,
  MATURITY_LEVELS,
  QUARTER_PATTERN,
  type Achievement,
  type Demand,
  type Stored,
} from '../domain/index.js';
import { activeRegions } from '../regions/index.js';

export const matchFiltersSchema = z.strictObject({
  industry: z.array(z.enum(INDUSTRIES)).optional().describe('产业, any of'),
  region: z
    .array(z.string())
    .optional()
    .describe(
      "地区, any of: contained in the record's region (长春 matches 吉林省长春市), or a region at any level " +
        "(分市场, 市州, county; name or code) the record's region lies in (长春市 matches 农安县)",
    ),
  maturity: z.array(z.enum(MATURITY_LEVELS)).optional().describe('成熟度, any of'),
  publishedQuarter: z
    .array(z.string().regex(QUARTER_PATTERN, 'must look like 2026Q1'))
    .optional()
    .describe('公布批次, any of, e.g. 2025Q3'),
  fiscalFunded: z.boolean().optional().describe('财政资金支持'),
  cooperation: z
    .array(z.enum(COOPERATION_MODES))
    .optional()
    .describe('转化方式 of an achievement (any of its transferModes) or 合作方式 of a demand, any of'),
  ipType: z
    .array(z.string())
    .optional()
    .describe(
      '知识产权类型, any of: an IP kind (发明专利, 实用新型, 软件著作权, …; 实用新型专利 is read as 实用新型) that one of the ' +
        "achievement's ipItems or its ipType names, or its ipType word for word",
    ),
  changedSince: isoInstantSchema.optional().describe('only records created or changed at or after this instant'),
});
export type MatchFilters = z.infer<typeof matchFiltersSchema>;

/** The filters that mean something for demands (the others read achievement fields). */
export const demandFiltersSchema = matchFiltersSchema.pick({
  industry: true,
  region: true,
  cooperation: true,
  changedSince: true,
});

export function hasFilters(filters: MatchFilters): boolean {
  return Object.values(filters).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0));
}

function anyOf(wanted: string[] | undefined, value: string | undefined): boolean {
  if (!wanted || wanted.length === 0) return true;
  return value !== undefined && wanted.includes(value);
}

/**
 * Whether one of a record's IP labels (ipKindLabels: its kinds, and a legacy ipType that
 * names none) answers an IP filter value: the kind the value names (实用新型专利 asks for
 * 实用新型), or the value word for word. The attribute index indexes the same labels.
 */
export function ipFilterAccepts(wanted: string, label: string): boolean {
  return label === wanted || label === ipKindOf(wanted);
}

function passesIpFilter(wanted: string[] | undefined, record: Partial<Achievement>): boolean {
  if (!wanted || wanted.length === 0) return true;
  const values = ipKindLabels(record);
  return wanted.some((w) => values.some((value) => ipFilterAccepts(w, value)));
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
  if (!passesIpFilter(filters.ipType, record)) return false;
  if (filters.fiscalFunded !== undefined && record.fiscalFunded !== filters.fiscalFunded) return false;
  if (filters.cooperation?.length) {
    const modes = [...(record.transferModes ?? []), ...(record.cooperation ? [record.cooperation] : [])];
    if (!modes.some((m) => filters.cooperation!.includes(m))) return false;
  }
  if (filters.changedSince && Date.parse(stored.meta.updatedAt) < Date.parse(filters.changedSince)) return false;
  return true;
}
