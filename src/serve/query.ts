/**
 * Query strings, path ids and the match body, parsed with zod. Each endpoint has one
 * strict schema, so an unknown or misspelt parameter is a 400 naming it
 * rather than a silently ignored filter; the OpenAPI document lists the same
 * schemas' keys. Lists are comma-separated (`industry=汽车制造,装备制造`) or repeated.
 */
import type { Request } from 'express';
import { z } from 'zod';
import {
  COOPERATION_MODES,
  INDUSTRIES,
  MATURITY_LEVELS,
  MAX_QUERY_TEXT_CHARS,
  QUARTER_PATTERN,
  ValidationError,
  isoInstantSchema,
  type FieldIssue,
} from '../domain/index.js';
import { MAX_K } from '../engine/index.js';
import type { MatchFilters } from '../match/filters.js';

/** Deepest ranked result served (offset + k): ranking cost grows with it, and nobody pages this far. */
export const MAX_RANKED_DEPTH = 1000;
export const MAX_PAGE = 1_000_000;
export const DEFAULT_K = 10;
export const DEFAULT_LIMIT = 20;

const isoDate = isoInstantSchema;

function wholeNumber(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** `a,b` or `?x=a&x=b` → ['a', 'b']; full-width commas count too. */
function commaList<T>(item: z.ZodType<T, string>) {
  return z.preprocess(
    (value) => (Array.isArray(value) ? value.join(',') : value),
    z
      .string()
      .transform((s) =>
        s
          .split(/[,，]/)
          .map((part) => part.trim())
          .filter((part) => part.length > 0),
      )
      .pipe(z.array(item)),
  );
}

const booleanParam = z.enum(['true', 'false'], 'must be true or false').transform((v) => v === 'true');

/** Filters that apply to achievements (the catalogue side). */
export const achievementFilterParams = {
  industry: commaList(z.enum(INDUSTRIES)).optional().describe('产业, any of (comma-separated)'),
  region: commaList(z.string())
    .optional()
    .describe(
      '地区, any of; 长春 matches 吉林省长春市; a region of any level includes its parts (长春市 matches 农安县)',
    ),
  maturity: commaList(z.enum(MATURITY_LEVELS)).optional().describe('成熟度, any of'),
  publishedQuarter: commaList(z.string().regex(QUARTER_PATTERN, 'must look like 2026Q1'))
    .optional()
    .describe('公布批次, any of, e.g. 2025Q3'),
  fiscalFunded: booleanParam.optional().describe('财政资金支持'),
  cooperation: commaList(z.enum(COOPERATION_MODES)).optional().describe('转化方式, any of'),
  ipType: commaList(z.string()).optional().describe('知识产权类型, any of'),
  changedSince: isoDate.optional().describe('only records created or changed at or after this instant'),
};

/** Filters that apply to demands. */
export const demandFilterParams = {
  industry: achievementFilterParams.industry,
  region: achievementFilterParams.region,
  cooperation: commaList(z.enum(COOPERATION_MODES)).optional().describe('合作方式, any of'),
  changedSince: achievementFilterParams.changedSince,
};

const rankedPaging = {
  k: wholeNumber(1, MAX_K).optional().describe(`results per page, 1..${MAX_K} (default ${DEFAULT_K})`),
  page: wholeNumber(1, MAX_PAGE).optional().describe('1-based page number (or give offset)'),
  offset: wholeNumber(0, MAX_RANKED_DEPTH).optional().describe('results to skip (or give page)'),
};

const listPaging = {
  limit: wholeNumber(1, MAX_K).optional().describe(`records per page, 1..${MAX_K} (default ${DEFAULT_LIMIT})`),
  page: wholeNumber(1, MAX_PAGE).optional().describe('1-based page number (or give offset)'),
  offset: wholeNumber(0, MAX_PAGE * MAX_K)
    .optional()
    .describe('records to skip (or give page)'),
  q: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_QUERY_TEXT_CHARS, `must be at most ${MAX_QUERY_TEXT_CHARS} characters`)
    .optional()
    .describe('free text, ranked by the hybrid engine'),
};

const format = {
  format: z
    .enum(['json', 'csv'], 'must be json or csv')
    .optional()
    .describe('csv: Excel-friendly export (or send Accept: text/csv)'),
};

export const achievementListQuery = z.strictObject({ ...achievementFilterParams, ...listPaging });

export const demandListQuery = z.strictObject({
  ...demandFilterParams,
  ...listPaging,
  enterpriseId: z.string().min(1).optional().describe('only demands of this enterprise account'),
  status: z.enum(['open', 'closed'], 'must be open or closed').optional().describe('open: status open or not given'),
});

/** Introductions' outcomes: pairs declined as irrelevant or solved are hidden unless asked for. */
const showDeclined = {
  showDeclined: booleanParam
    .optional()
    .describe('true: include achievements declined for the demand as irrelevant or solved, marked `declined`'),
};

/** Matches of a demand are achievements, filtered as the catalogue is. */
export const demandMatchesQuery = z.strictObject({
  ...achievementFilterParams,
  ...rankedPaging,
  ...format,
  ...showDeclined,
});
/** Matches of an achievement are demands. */
export const achievementMatchesQuery = z.strictObject({ ...demandFilterParams, ...rankedPaging, ...format });

const { changedSince: _changedSince, ...catalogueFiltersWithoutChangedSince } = achievementFilterParams;

/** `since` takes the place of changedSince here: it is what a polling client asks. */
export const recommendationsQuery = z.strictObject({
  ...catalogueFiltersWithoutChangedSince,
  ...rankedPaging,
  ...format,
  ...showDeclined,
  since: isoDate
    .optional()
    .describe('only achievements published or changed at or after this instant (their updatedAt)'),
});

export const formatQuery = z.strictObject({ ...format });

const filtersBody = z.strictObject({
  industry: z.array(z.enum(INDUSTRIES)).optional(),
  region: z.array(z.string()).optional(),
  maturity: z.array(z.enum(MATURITY_LEVELS)).optional(),
  publishedQuarter: z.array(z.string().regex(QUARTER_PATTERN, 'must look like 2026Q1')).optional(),
  fiscalFunded: z.boolean().optional(),
  cooperation: z.array(z.enum(COOPERATION_MODES)).optional(),
  ipType: z.array(z.string()).optional(),
  changedSince: isoDate.optional(),
});

/** POST /v1/match: free text against either side. */
export const matchBody = z.strictObject({
  text: z
    .string()
    .max(MAX_QUERY_TEXT_CHARS, `must be at most ${MAX_QUERY_TEXT_CHARS} characters`)
    .refine((s) => s.trim().length > 0, 'must not be empty'),
  against: z.enum(['achievements', 'demands'], 'must be achievements or demands').default('achievements'),
  k: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_K, `must be at most ${MAX_K}`)
    .default(DEFAULT_K),
  page: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_PAGE).optional(),
  offset: z.number().int('must be a whole number').min(0, 'must be at least 0').max(MAX_RANKED_DEPTH).optional(),
  filters: filtersBody.default({}),
});

/**
 * zod issues → our field issues. An unknown key is named as the field itself;
 * in a query string the field is the parameter (`industry`, not `industry.0`).
 */
function issuesOf(error: z.ZodError, what: 'query' | 'body'): FieldIssue[] {
  const name = (path: PropertyKey[]) =>
    path.length === 0 ? `(${what})` : what === 'query' ? String(path[0]) : path.map(String).join('.');
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: name([...issue.path, key]), message: 'is not a parameter of this endpoint' }))
      : [{ field: name(issue.path), message: issue.message }],
  );
}

/** The `:id` of a route path. */
export function pathId(req: Request): string {
  const id = req.params.id;
  if (typeof id !== 'string' || id.length === 0)
    throw new ValidationError('the path needs a record id', [{ field: 'id', message: 'missing' }]);
  return id;
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: 'query' | 'body'): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = issuesOf(result.error, what);
  throw new ValidationError(
    `invalid ${what === 'query' ? 'query parameters' : 'request body'}: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`,
    issues,
  );
}

export interface Paging {
  /** Results per page (k or limit). */
  size: number;
  offset: number;
}

/** page and offset are alternatives; ranked lists stop at MAX_RANKED_DEPTH. */
export function resolvePaging(
  input: { size?: number; page?: number; offset?: number },
  defaultSize: number,
  options: { ranked: boolean; sizeField: string },
): Paging {
  const size = input.size ?? defaultSize;
  if (input.page !== undefined && input.offset !== undefined) {
    throw new ValidationError('give page or offset, not both', [
      { field: 'page', message: 'not together with offset' },
    ]);
  }
  const offset = input.page !== undefined ? (input.page - 1) * size : (input.offset ?? 0);
  if (options.ranked && offset + size > MAX_RANKED_DEPTH) {
    const field = input.page !== undefined ? 'page' : input.offset !== undefined ? 'offset' : options.sizeField;
    throw new ValidationError(
      `ranked results stop at ${MAX_RANKED_DEPTH}: offset + ${options.sizeField} must be at most ${MAX_RANKED_DEPTH}`,
      [{ field, message: `offset + ${options.sizeField} must be at most ${MAX_RANKED_DEPTH}` }],
    );
  }
  return { size, offset };
}

/** The engine's filter object from parsed parameters (unknown keys were already rejected). */
export function filtersFrom(parsed: Partial<Record<keyof MatchFilters, unknown>>): MatchFilters {
  const filters: MatchFilters = {};
  const keys: (keyof MatchFilters)[] = [
    'industry',
    'region',
    'maturity',
    'publishedQuarter',
    'fiscalFunded',
    'cooperation',
    'ipType',
    'changedSince',
  ];
  for (const key of keys) {
    if (parsed[key] !== undefined) (filters as Record<string, unknown>)[key] = parsed[key];
  }
  return filters;
}
