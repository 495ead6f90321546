/** The engine's settings, and what its verbs take and give back. */
import { z } from 'zod';
import { type AnyRecord, INDUSTRIES, type Stored } from '../domain/index.js';
import type { HnswParams, IndexManifest } from '../index/index.js';
import type { MatchFilters } from '../match/filters.js';
import type { IndustryClassifier } from '../match/industry-classifier.js';
import { DEFAULT_FUSION } from '../match/fuse.js';
import { type RankingParams, rankedMatchSchema } from '../match/rank.js';
import { DEFAULT_FIRST_STAGE } from '../match/retrieve.js';

export interface EngineConfig {
  dataDir: string;
  modelDir: string;
  /** Prepend bge's retrieval instruction to demand queries (decided by the dev eval). */
  useQueryInstruction: boolean;
  ranking: RankingParams;
  hnsw: HnswParams;
  /**
   * Tags free-text queries and demands without a given industry from their vector
   * (src/match/industry-classifier.ts); absent: the lexicon alone (inferIndustry).
   */
  industryModel?: IndustryClassifier | null;
  /** Match lists of stored records kept per process (match-cache.ts); 0 turns the cache off. */
  matchCacheLists?: number;
}

export const DEFAULT_RANKING: RankingParams = {
  fusion: DEFAULT_FUSION,
  candidatePool: 100,
  industryBoost: 0,
  retrievers: 'hybrid',
  firstStage: DEFAULT_FIRST_STAGE,
};

export const MAX_K = 200;

export type Progress = (stage: string, done: number, total: number) => void;

export const syncReportSchema = z.object({
  embedded: z.number().int().describe('texts run through the model'),
  reused: z.number().int().describe('texts whose vectors came from the embedding cache'),
  added: z.number().int(),
  updated: z.number().int(),
  removed: z.number().int(),
});
export type SyncReport = z.infer<typeof syncReportSchema>;

/** What the nightly rebuild did with the second stage (second-stage.ts). */
export type RetrainReport =
  | { retrained: true; outcomes: number; outcomePairs: number; examples: number; trainingDataHash: string }
  | { retrained: false; reason: string };

export interface RebuildReport extends SyncReport {
  full: boolean;
  seconds: number;
  manifest: IndexManifest;
  /** Whether the second stage was retrained with brokers' outcomes, and on what (second-stage.ts). */
  secondStage: RetrainReport;
}

export interface ReloadReport {
  reloaded: boolean;
  manifest: IndexManifest | null;
  sync: SyncReport;
}

export type MatchQuery = { id: string } | { text: string };

export interface MatchOptions {
  k?: number;
  offset?: number;
  filters?: MatchFilters;
  /** Visibility rule of the caller (e.g. an enterprise sees only its own demands). */
  visible?: (stored: Stored<AnyRecord>) => boolean;
  /**
   * Names `visible` by value: two matches with equal keys have rules that accept the same
   * records. Without it a match with a `visible` rule is never kept (matchCacheKey in match.ts).
   */
  visibleKey?: string;
  /** Only these records may be returned (e.g. a batch just published); far cheaper than a `visible` rule over them. */
  within?: ReadonlySet<string>;
  /** Overrides of the configured ranking, for ablations and tuning. */
  ranking?: Partial<RankingParams>;
}

/** One ranked, explained result: the ranking's fields, its 1-based rank, and the record. */
export function matchResultSchema<R extends z.ZodType>(record: R) {
  return rankedMatchSchema.extend({ rank: z.number().int().min(1), record });
}

/**
 * `total` counts the distinct candidates the dense and lexical retrievers found under
 * the filters, before paging: each retriever returns at most max(candidate pool,
 * offset + k), so total is at most twice that. It is not the number of records that
 * pass the filters (a list without q reports that).
 */
export function matchResponseSchema<R extends z.ZodType>(record: R) {
  return z.object({
    query: z.object({
      id: z.string().optional().describe('the stored record matched, when matched by id'),
      text: z.string().describe('the text matched (title。body of a stored record)'),
      industry: z.enum(INDUSTRIES).describe('产业 of the query: the record’s own, or inferred from free text'),
      truncated: z.boolean().describe('the query text was embedded truncated'),
    }),
    total: z
      .number()
      .int()
      .describe(
        'distinct candidates the dense and lexical retrievers found under the filters, before paging; ' +
          'at most twice max(candidate pool 100, offset + k), and not a count of every record that passes the filters',
      ),
    results: z.array(matchResultSchema(record)),
  });
}

export type MatchResult<T extends AnyRecord> = z.infer<ReturnType<typeof matchResultSchema<z.ZodType<T>>>>;
export type MatchResponse<T extends AnyRecord> = z.infer<ReturnType<typeof matchResponseSchema<z.ZodType<T>>>>;

export interface PutReport<T extends AnyRecord> {
  stored: Stored<T>[];
  /** Ids whose text was longer than the model reads and was embedded truncated. */
  truncated: string[];
}
