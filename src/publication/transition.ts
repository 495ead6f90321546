/**
 * Takes one publication action on a stored record (who may take it is the
 * caller's business: status.ts `mayTake`). The check and the write
 * happen in one tick (the store applies in memory at once), so two concurrent
 * actions on one record cannot both pass the check.
 */
import {
  NotFoundError,
  parseOrThrow,
  schemaFor,
  type AnyRecord,
  type RecordKind,
  type Stored,
} from '../domain/index.js';
import type { Store, StoreChange } from '../store/index.js';
import type { PublishedView } from './batches.js';
import { publicationOf } from './effective.js';
import { type PublicationAction, nextStatus } from './status.js';

export interface TransitionRequest {
  action: PublicationAction;
  note?: string;
  /** approve: the quarter the record is meant for (any later batch takes it otherwise). */
  quarter?: string;
}

export async function transitionRecord(
  store: Store,
  kind: RecordKind,
  id: string,
  request: TransitionRequest,
  context: { view: PublishedView; now: Date },
): Promise<Stored<AnyRecord>> {
  const current = store.get(kind, id);
  if (!current) throw new NotFoundError(`no ${kind} with id ${id}`);
  const from = publicationOf(current.record, context.view);
  const to = nextStatus(from.status, request.action, request.note);
  const {
    publicationNote: _note,
    publicationBatch: _batch,
    ...rest
  } = current.record as AnyRecord & { publicationNote?: string; publicationBatch?: string };
  const record = parseOrThrow(
    schemaFor[kind],
    {
      ...rest,
      // A withdrawn record keeps the quarter it was published in, for the record.
      ...(from.status === 'published' && from.quarter ? { publishedQuarter: from.quarter } : {}),
      publicationStatus: to,
      ...(request.note?.trim() ? { publicationNote: request.note.trim() } : {}),
      ...(to === 'approved' && request.quarter ? { publicationBatch: request.quarter } : {}),
    },
    kind,
  ) as AnyRecord;
  const stored = { record, meta: { ...current.meta, updatedAt: context.now.toISOString() } };
  await store.apply([{ kind, op: 'put', stored } as StoreChange]);
  return stored;
}
