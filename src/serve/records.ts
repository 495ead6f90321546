/**
 * Record operations behind the routes: list, free-text search, create,
 * replace (PATCH), delete and import. Every write goes through the engine,
 * so it is durable and matchable when it returns.
 * Access rules are the routes' business; these functions trust their input.
 */
import {
  ConflictError,
  ValidationError,
  parseOrThrow,
  schemaFor,
  type Achievement,
  type AnyRecord,
  type Demand,
  type RecordKind,
  type Stored,
} from '../domain/index.js';
import { importJsonlText, type ImportReport, type MatchEngine, type MatchResult } from '../engine/index.js';
import { passesFilters, type MatchFilters } from '../match/filters.js';
import type { ServiceContext } from './context.js';
import { applyMergePatch } from './merge-patch.js';
import type { Paging } from './query.js';

export type RecordOf<K extends RecordKind> = K extends 'achievement' ? Achievement : Demand;

export interface ListItem<K extends RecordKind> {
  record: RecordOf<K>;
  meta: Stored<RecordOf<K>>['meta'];
  /** Present when the list was ranked by free text `q`. */
  match?: Pick<MatchResult<RecordOf<K>>, 'rank' | 'score' | 'sharedTerms' | 'industryMatch' | 'reason'>;
}

export interface RecordPage<K extends RecordKind> {
  total: number;
  offset: number;
  limit: number;
  items: ListItem<K>[];
}

export interface ListRequest {
  filters: MatchFilters;
  /** Visibility and list-only conditions (e.g. a demand's status). */
  accept?: (stored: Stored<AnyRecord>) => boolean;
  paging: Paging;
}

/** Newest change first, then by id: a stable order for paging. */
function newestFirst(a: Stored<AnyRecord>, b: Stored<AnyRecord>): number {
  if (a.meta.updatedAt !== b.meta.updatedAt) return a.meta.updatedAt < b.meta.updatedAt ? 1 : -1;
  return a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0;
}

export function listRecords<K extends RecordKind>(engine: MatchEngine, kind: K, request: ListRequest): RecordPage<K> {
  const matching = (engine.store.all(kind) as Stored<AnyRecord>[])
    .filter((stored) => passesFilters(stored, request.filters) && (request.accept ? request.accept(stored) : true))
    .sort(newestFirst);
  const { offset, size } = request.paging;
  return {
    total: matching.length,
    offset,
    limit: size,
    items: matching.slice(offset, offset + size).map((s) => ({ record: s.record, meta: s.meta }) as ListItem<K>),
  };
}

/** Free text ranked by the hybrid engine, over one side. */
export async function searchRecords<K extends RecordKind>(
  engine: MatchEngine,
  kind: K,
  text: string,
  request: ListRequest,
): Promise<RecordPage<K>> {
  const options = {
    k: request.paging.size,
    offset: request.paging.offset,
    filters: request.filters,
    visible: request.accept,
  };
  // The text stands for the other side: a demand looks for achievements, an achievement for demands.
  const response =
    kind === 'achievement'
      ? await engine.matchDemand({ text }, options)
      : await engine.matchAchievement({ text }, options);
  // A record deleted since it was ranked has no meta left; it drops out of the page.
  const items = (response.results as MatchResult<AnyRecord>[]).flatMap((r) => {
    const stored = engine.store.get(kind, r.id);
    if (!stored) return [];
    return [
      {
        record: r.record,
        meta: stored.meta,
        match: {
          rank: r.rank,
          score: r.score,
          sharedTerms: r.sharedTerms,
          industryMatch: r.industryMatch,
          reason: r.reason,
        },
      },
    ];
  });
  return {
    total: response.total,
    offset: request.paging.offset,
    limit: request.paging.size,
    items: items as ListItem<K>[],
  };
}

export interface WriteResult<K extends RecordKind> {
  record: RecordOf<K>;
  meta: Stored<RecordOf<K>>['meta'];
  /** True when the text was longer than the model reads: stored in full, embedded truncated. */
  truncated: boolean;
}

async function put<K extends RecordKind>(ctx: ServiceContext, kind: K, record: unknown): Promise<WriteResult<K>> {
  const report = await ctx.engine.putRecords(kind, [record]);
  const stored = report.stored[0]!;
  return {
    record: stored.record as RecordOf<K>,
    meta: stored.meta,
    truncated: report.truncated.includes(stored.record.id),
  };
}

/** Creates a record; an id that exists (or is being created right now) is a conflict. */
export async function createRecord<K extends RecordKind>(
  ctx: ServiceContext,
  kind: K,
  input: unknown,
): Promise<WriteResult<K>> {
  const { id } = parseOrThrow(schemaFor[kind], input, kind) as AnyRecord;
  const slot = `${kind}:${id}`;
  if (ctx.engine.store.has(kind, id) || ctx.creating.has(slot)) {
    // One message for every caller: it must not tell an enterprise whose demand holds the id.
    throw new ConflictError(`the ${kind} id ${id} is taken; choose another id`, { id });
  }
  ctx.creating.add(slot);
  try {
    return await put(ctx, kind, input);
  } finally {
    ctx.creating.delete(slot);
  }
}

/** The record a merge patch makes of the stored one; the id cannot change. */
export function patchedRecord(current: AnyRecord, patch: unknown): Record<string, unknown> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new ValidationError('a PATCH body is a JSON merge patch: one JSON object', [
      { field: '(body)', message: 'must be a JSON object' },
    ]);
  }
  if ('id' in patch && (patch as { id: unknown }).id !== current.id) {
    throw new ValidationError(`the id cannot change (it is ${current.id}); create a new record instead`, [
      { field: 'id', message: 'cannot change' },
    ]);
  }
  return applyMergePatch(current, patch) as Record<string, unknown>;
}

/** Replaces a stored record with its patched form, validated against the full schema. */
export function replaceRecord<K extends RecordKind>(
  ctx: ServiceContext,
  kind: K,
  record: Record<string, unknown>,
): Promise<WriteResult<K>> {
  return put(ctx, kind, record);
}

export function deleteRecord(ctx: ServiceContext, kind: RecordKind, id: string): Promise<void> {
  return ctx.engine.deleteRecord(kind, id);
}

export function importRecords(ctx: ServiceContext, kind: RecordKind, text: string): Promise<ImportReport> {
  return importJsonlText(ctx.engine, kind, text);
}
