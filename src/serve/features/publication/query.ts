/**
 * Query strings and bodies of the publication, catalogue, subscription and
 * webhook endpoints (issue 9), one strict zod schema each, like src/serve/query.ts.
 */
import { z } from 'zod';
import {
  COOPERATION_MODES,
  INDUSTRIES,
  MATURITY_LEVELS,
  PUBLICATION_STATUSES,
  QUARTER_PATTERN,
} from '../../../domain/index.js';
import { MAX_K } from '../../../engine/index.js';
import { IP_KINDS, IP_STATUSES } from '../../../domain/index.js';
import { PUBLICATION_ACTIONS } from '../../../publication/index.js';
import { DEFAULT_LIMIT, MAX_PAGE, commaList, wholeNumber } from '../../query.js';

const quarter = z.string().regex(QUARTER_PATTERN, 'must look like 2026Q4');

export const catalogueQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(2000)
    .optional()
    .describe('free text, ranked by the hybrid engine'),
  industry: commaList(z.enum(INDUSTRIES)).optional().describe('产业, any of'),
  region: commaList(z.string()).optional().describe('地区 at any level, any of; 长春 matches 吉林省长春市'),
  maturity: commaList(z.enum(MATURITY_LEVELS)).optional().describe('成熟度, any of'),
  quarter: commaList(quarter).optional().describe('公布批次, any of'),
  ipKind: commaList(z.enum(IP_KINDS)).optional().describe('知识产权类型, any of'),
  ipStatus: commaList(z.enum(IP_STATUSES)).optional().describe('法律状态, any of'),
  transferMode: commaList(z.enum(COOPERATION_MODES)).optional().describe('转化方式, any of'),
  fiscalFunded: z.enum(['true', 'false'], 'must be true or false').optional().describe('财政资金支持'),
  institution: commaList(z.string()).optional().describe('完成单位, any of'),
  status: commaList(z.enum(PUBLICATION_STATUSES))
    .optional()
    .describe('publication statuses to list (brokers and admins only; default published)'),
  limit: wholeNumber(1, MAX_K).optional().describe(`records per page, 1..${MAX_K} (default ${DEFAULT_LIMIT})`),
  page: wholeNumber(1, MAX_PAGE).optional().describe('1-based page number (or give offset)'),
  offset: wholeNumber(0, MAX_PAGE * MAX_K)
    .optional()
    .describe('records to skip (or give page)'),
});

export const transitionBody = z.strictObject({
  action: z.enum(PUBLICATION_ACTIONS),
  note: z.string().max(2000).optional().describe('why: required to return or withdraw'),
  quarter: quarter.optional().describe('approve: the batch the record is meant for'),
});

export const bulletinQuery = z.strictObject({
  format: z.enum(['json', 'xlsx', 'html'], 'must be json, xlsx or html').optional(),
});

export const digestListQuery = z.strictObject({
  format: z.enum(['json', 'csv', 'xlsx'], 'must be json, csv or xlsx').optional(),
});

export const subscriptionListQuery = z.strictObject({
  enterpriseId: z.string().min(1).optional().describe('brokers and admins: one enterprise only'),
});

export const webhookBody = z.strictObject({
  url: z.string().min(1).describe('http(s) URL without credentials'),
});

export const quarterParam = (value: unknown) => quarter.safeParse(value);
