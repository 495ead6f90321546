/**
 * The shapes the service answers with, each defined once in zod. Routes type
 * their answers with the inferred types, and the OpenAPI document's
 * components are generated from these same schemas (openapi.ts), so the
 * document cannot drift from what is sent; test/serve/responses.test.ts
 * checks real responses against the served document.
 */
import { z } from 'zod';
import { achievementSchema, demandSchema, fieldIssueSchema, INDUSTRIES, recordMetaSchema } from '../domain/index.js';
import { matchResponseSchema, syncReportSchema } from '../engine/index.js';
import { indexManifestSchema } from '../index/index.js';
import { INTRODUCTION_STATES } from '../introductions/index.js';
import { lineErrorSchema } from '../ingest/index.js';
import { rankedMatchSchema } from '../match/rank.js';

const count = () => z.number().int().min(0);

function storedRecord<R extends z.ZodType>(record: R) {
  return z.object({ record, meta: recordMetaSchema });
}

function writeResult<R extends z.ZodType>(record: R) {
  return storedRecord(record).extend({
    truncated: z.boolean().describe('stored in full, embedded truncated (longer than the model reads)'),
  });
}

function recordPage<R extends z.ZodType>(record: R) {
  return z.object({
    total: count().describe(
      'records that pass the filters; when ranked by q, the candidates found as in a match list (see its total)',
    ),
    offset: count(),
    limit: count(),
    items: z.array(
      storedRecord(record).extend({
        match: rankedMatchSchema
          .pick({ score: true, sharedTerms: true, industryMatch: true, reason: true })
          .extend({ rank: z.number().int().min(1) })
          .optional()
          .describe('only when ranked by q'),
      }),
    ),
  });
}

/** Introductions' marks on a pair (serve/pair-marks.ts): so two brokers don't propose it twice. */
const pairMarks = {
  introduction: z
    .object({ introductionId: z.string(), state: z.enum(INTRODUCTION_STATES) })
    .optional()
    .describe("the pair's live introduction (对接), so two brokers don't propose it twice"),
  declined: z
    .object({ introductionId: z.string(), reason: z.string(), label: z.string() })
    .optional()
    .describe('demand matches with showDeclined=true: the decline that otherwise hides the pair'),
};

function matchList<R extends z.ZodType>(record: R) {
  const response = matchResponseSchema(record);
  return response.extend({
    k: count().describe('results per page'),
    offset: count(),
    results: z.array(response.shape.results.element.extend(pairMarks)),
  });
}

export const storedAchievementSchema = storedRecord(achievementSchema);
export const storedDemandSchema = storedRecord(demandSchema);
export const achievementWrittenSchema = writeResult(achievementSchema);
export const demandWrittenSchema = writeResult(demandSchema);
export const achievementPageSchema = recordPage(achievementSchema);
export const demandPageSchema = recordPage(demandSchema);
export const achievementMatchesSchema = matchList(achievementSchema);
export const demandMatchesSchema = matchList(demandSchema);

export const importReportSchema = z.object({
  importedCount: count(),
  rejectedCount: count(),
  imported: z.array(z.string()).describe('ids stored and indexed'),
  errors: z.array(lineErrorSchema).describe('every bad line, with its number and fields'),
  truncated: z.array(z.string()).describe('ids stored in full, embedded truncated'),
});

export const servedDemandSchema = z.object({
  ...pairMarks,
  demandId: z.string(),
  demandTitle: z.string(),
  rank: z.number().int().min(1).describe("rank of the achievement in this demand's own match list"),
  score: z.number(),
  sharedTerms: z.array(z.string()),
  industryMatch: z.boolean(),
  reason: z.string(),
});

export const recommendationSchema = z.object({
  rank: z.number().int().min(1),
  id: z.string(),
  score: z.number().describe('the best score over the demands served'),
  industry: z.enum(INDUSTRIES),
  serves: z.array(servedDemandSchema).describe('the demands it serves, best first'),
  record: achievementSchema,
  updatedAt: z.string().describe('when the achievement was published or last changed'),
});

export const recommendationsSchema = z.object({
  enterpriseId: z.string(),
  since: z.string().nullable(),
  demands: z
    .array(z.object({ id: z.string(), title: z.string() }))
    .describe('the open demands the recommendations were computed for'),
  total: count().describe('distinct achievements found to depth offset + k, before paging'),
  results: z.array(recommendationSchema),
});

export const recommendationsPageSchema = recommendationsSchema.extend({ k: count(), offset: count() });

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']).describe('degraded: the model failed its last call (model.lastError says why)'),
  model: z.object({
    loaded: z.boolean().describe('the model is in memory and its last call succeeded'),
    lastError: z.string().nullable(),
    id: z.string(),
    dims: z.number().int(),
  }),
  records: z.object({ achievements: count(), demands: count() }),
  index: z.object({
    version: z.string().nullable(),
    builtAt: z.string().nullable(),
    indexed: z.object({ achievements: count(), demands: count() }),
  }),
});

export const reloadReportSchema = z.object({
  reloaded: z.boolean().describe('false when the manifest names the index already in force'),
  manifest: indexManifestSchema.nullable(),
  sync: syncReportSchema.describe('records embedded, added, updated or removed to bring the new index in line'),
  seconds: z.number(),
});

export const errorSchema = z.object({
  error: z.object({
    code: z.string().meta({
      examples: [
        'validation_failed',
        'malformed_json',
        'unauthorized',
        'forbidden',
        'not_found',
        'conflict',
        'payload_too_large',
        'unsupported_media_type',
      ],
    }),
    message: z.string(),
    details: z
      .unknown()
      .describe('for validation_failed: { issues: [{ field, message }] }; otherwise an object or null'),
  }),
});

/** The named components of the OpenAPI document, by name. */
export const RESPONSE_SCHEMAS: Record<string, z.ZodType> = {
  Achievement: achievementSchema,
  Demand: demandSchema,
  RecordMeta: recordMetaSchema,
  FieldIssue: fieldIssueSchema,
  StoredAchievement: storedAchievementSchema,
  StoredDemand: storedDemandSchema,
  AchievementWritten: achievementWrittenSchema,
  DemandWritten: demandWrittenSchema,
  AchievementPage: achievementPageSchema,
  DemandPage: demandPageSchema,
  AchievementMatches: achievementMatchesSchema,
  DemandMatches: demandMatchesSchema,
  ImportReport: importReportSchema,
  Recommendations: recommendationsPageSchema,
  Health: healthSchema,
  ReloadReport: reloadReportSchema,
  Error: errorSchema,
};

export type Health = z.infer<typeof healthSchema>;
export type ImportSummary = z.infer<typeof importReportSchema>;
export type ReloadAnswer = z.infer<typeof reloadReportSchema>;
export type ServedDemand = z.infer<typeof servedDemandSchema>;
export type Recommendation = z.infer<typeof recommendationSchema>;
export type Recommendations = z.infer<typeof recommendationsSchema>;
export type ErrorBody = z.infer<typeof errorSchema>;
