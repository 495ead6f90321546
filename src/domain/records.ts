/**
 * The records the engine matches: 科技成果 (Achievement) and 企业技术需求 (Demand).
 * One zod schema per input format; the TypeScript types are inferred from them.
 * Only `id` and `title` are required: real listings are often just a title.
 * Unknown fields are kept (`passthrough`) so an import never drops what a
 * publisher sent.
 */
import { z } from 'zod';
import { ipItemSchema } from './ip-items.js';
import { isoDateSchema, isoInstantSchema } from './dates.js';
import { INDUSTRIES } from './industries.js';
import {
  MAX_BODY_TEXT_CHARS,
  MAX_KEYWORD_CHARS,
  MAX_KEYWORDS,
  MAX_RECORD_DEPTH,
  MAX_RECORD_JSON_CHARS,
  MAX_SHORT_TEXT_CHARS,
  MAX_TITLE_CHARS,
  UNSAFE_KEYS,
  jsonDepth,
  withoutUnsafeKeys,
} from './limits.js';

/**
 * An id is one clean URL path segment: it is addressed as /v1/…/{id}. So no
 * whitespace, control or invisible format characters, no "/", "?", "#", "%"
 * (which a client would have to escape, and a proxy may unescape) or "\\",
 * and no ".." (a client or proxy normalises it away).
 */
const id = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(
    /^[^\s\p{Cc}\p{Cf}\p{Cs}/?#%\\]+$/u,
    'must not contain whitespace, control characters, "/", "?", "#", "%" or "\\"',
  )
  .refine((s) => !s.includes('..') && s !== '.', 'must not be "." or contain ".."');
const title = z
  .string()
  .max(MAX_TITLE_CHARS, `must be at most ${MAX_TITLE_CHARS} characters`)
  .refine((s) => s.trim().length > 0, 'must not be empty');
const shortText = z.string().max(MAX_SHORT_TEXT_CHARS, `must be at most ${MAX_SHORT_TEXT_CHARS} characters`);
const optionalText = shortText.optional();
const bodyText = z.string().max(MAX_BODY_TEXT_CHARS, `must be at most ${MAX_BODY_TEXT_CHARS} characters`).optional();

/** 成熟度: how far from the lab the result is. */
export const MATURITY_LEVELS = ['实验室', '小试', '中试', '产业化'] as const;
/** 合作方式 / 转化方式 */
export const COOPERATION_MODES = [
  '技术转让',
  '技术许可',
  '合作开发',
  '委托开发',
  '技术咨询',
  '技术服务',
  '作价入股',
] as const;

export const QUARTER_PATTERN = /^\d{4}Q[1-4]$/;

/**
 * 发布状态: draft → submitted (by the holder) → approved / returned (by a
 * reviewer) → published (in a quarterly batch) → withdrawn. The rules of who
 * moves a record where are in src/publication/.
 */
export const PUBLICATION_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'published', 'withdrawn'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];
const quarter = z.string().regex(QUARTER_PATTERN, 'must look like 2026Q4');

/**
 * What every record goes through before its fields are checked:
 * - Publishers send null for "not given" (the dev demands do, for budgetWan);
 *   it means the same as an absent field, so top-level nulls are dropped.
 * - UNSAFE_KEYS (`__proto__`, `constructor`, `prototype`) are dropped at any depth.
 * - A field nested deeper than MAX_RECORD_DEPTH is refused naming the field;
 *   a record larger than MAX_RECORD_JSON_CHARS as JSON (boundedSize) as `(record)`.
 */
function cleanRecord(value: unknown, ctx: z.RefinementCtx): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const clean: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (UNSAFE_KEYS.has(key) || (field === null && key !== 'id' && key !== 'title')) continue;
    if (jsonDepth(field, MAX_RECORD_DEPTH).depth + 1 > MAX_RECORD_DEPTH) {
      ctx.addIssue({ code: 'custom', path: [key], message: `must not nest deeper than ${MAX_RECORD_DEPTH} levels` });
      continue;
    }
    clean[key] = withoutUnsafeKeys(field);
  }
  return clean;
}

/** Checked after the fields, so that an over-long field is named rather than the whole record. */
function boundedSize(record: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (JSON.stringify(record).length > MAX_RECORD_JSON_CHARS) {
    ctx.addIssue({ code: 'custom', path: [], message: `must be at most ${MAX_RECORD_JSON_CHARS} characters as JSON` });
  }
}

function publicationFields() {
  return {
    /**
     * Absent: published when the record names its publishedQuarter (the demo data arrives so),
     * a draft otherwise; see publicationOf in src/publication/effective.ts.
     */
    publicationStatus: z.enum(PUBLICATION_STATUSES).optional(),
    /** The reviewer's note on a return or a withdrawal. */
    publicationNote: optionalText,
    /** The quarter an approved record waits for. */
    publicationBatch: quarter.optional(),
    /** When its batch was published (ISO). */
    publishedAt: isoInstantSchema.optional(),
  };
}

const achievementObject = z
  .object({
    id,
    title,
    abstract: bodyText,
    keywords: z
      .array(z.string().max(MAX_KEYWORD_CHARS, `must be at most ${MAX_KEYWORD_CHARS} characters`))
      .max(MAX_KEYWORDS, `must have at most ${MAX_KEYWORDS} keywords`)
      .optional(),
    industry: z.enum(INDUSTRIES).optional(),
    discipline: optionalText,
    category: optionalText,
    institution: optionalText,
    /** 课题组 / 团队: the research team behind the result, as the publisher spells it. */
    team: optionalText,
    /** 完成人 / 发明人, leader first. */
    inventors: z.array(shortText).max(100, 'must name at most 100 people').optional(),
    region: optionalText,
    maturity: z.enum(MATURITY_LEVELS).optional(),
    /** 知识产权类型, e.g. 发明专利 / 实用新型 / 软件著作权 */
    ipType: optionalText,
    patentNo: optionalText,
    /** 财政资金支持 */
    fiscalFunded: z.boolean().optional(),
    transferModes: z.array(z.enum(COOPERATION_MODES)).optional(),
    /** 按季度公布: the batch this achievement was published in. */
    publishedQuarter: quarter.optional(),
    contact: optionalText,
    /** 知识产权信息 */
    ipItems: z.array(ipItemSchema).optional(),
    ...publicationFields(),
  })
  .passthrough();

const demandObject = z
  .object({
    id,
    title,
    description: bodyText,
    industry: z.enum(INDUSTRIES).optional(),
    region: optionalText,
    enterprise: optionalText,
    /** The enterprise account that owns the demand; set from the API key on create. */
    enterpriseId: optionalText,
    cooperation: z.enum(COOPERATION_MODES).optional(),
    /** 预算（万元） */
    budgetWan: z.number().nonnegative().optional(),
    deadline: isoDateSchema.optional(),
    status: z.enum(['open', 'closed']).optional(),
    ...publicationFields(),
  })
  .passthrough();

export const achievementSchema = z.preprocess(cleanRecord, achievementObject.superRefine(boundedSize));
export const demandSchema = z.preprocess(cleanRecord, demandObject.superRefine(boundedSize));

export type Achievement = z.infer<typeof achievementSchema>;
export type Demand = z.infer<typeof demandSchema>;

export type RecordKind = 'achievement' | 'demand';
export type AnyRecord = Achievement | Demand;

/** Bookkeeping the store adds to every record; never sent by clients. */
export const recordMetaSchema = z.object({
  createdAt: z.string().describe('ISO instant'),
  updatedAt: z.string().describe('ISO instant'),
  industry: z.enum(INDUSTRIES).describe("the record's own industry when given, otherwise the inferred one"),
  industrySource: z.enum(['given', 'inferred']),
  industryConfidence: z.number().describe("1 when given; the tagger's confidence in [0, 1] when inferred"),
  secondIndustry: z
    .enum(INDUSTRIES)
    .optional()
    .describe('when the inferred industry was not clear-cut: the runner-up, which filters also accept'),
  keywords: z
    .array(z.string())
    .optional()
    .describe("key terms: the publisher's keywords, then domain terms and TF-IDF terms of the text"),
});
export type RecordMeta = z.infer<typeof recordMetaSchema>;

/** A record exactly as sent, plus what the engine derived for it. */
export interface Stored<T extends AnyRecord> {
  record: T;
  meta: RecordMeta;
}

export const schemaFor = { achievement: achievementSchema, demand: demandSchema } as const;
