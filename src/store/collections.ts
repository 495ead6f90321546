/**
 * The collections beside the records: introductions, batches, subscriptions,
 * digests, the outbox, challenges, proposals, teams, and whatever the next
 * workflow needs. One interface, so the embedded lowdb store and PostgreSQL
 * hold the same things.
 *
 * Every document has an id (unique within its collection) and a version that
 * the store bumps on each write. A write may name the version it read
 * (`expectVersion`; 0 means "must not exist yet"): if another writer got there
 * first, the whole transaction fails with VersionConflictError and nothing is
 * applied. That is how two concurrent transitions of one introduction cannot
 * both win, and how HTTP's If-Match maps onto the store.
 */
import { ValidationError } from '../domain/index.js';

/** Collection names: lower-case words, so PostgreSQL and lowdb can use them as they are. */
export const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,47}$/;

/** A document as stored: its data plus the store's bookkeeping. */
export interface StoredDoc<T = unknown> {
  id: string;
  /** 1 after the first write; +1 on every write. */
  version: number;
  /** ISO time of the last write. */
  updatedAt: string;
  data: T;
}

export type CollectionOp =
  | { op: 'put'; collection: string; id: string; data: unknown; expectVersion?: number }
  | { op: 'delete'; collection: string; id: string; expectVersion?: number };

/** Equality on top-level fields of `data`; PostgreSQL runs it as jsonb containment. */
export type Where = Record<string, string | number | boolean | null>;

export interface ListQuery {
  where?: Where;
  /** Order by a top-level field of `data` (strings and numbers), then by id; default: id. */
  orderBy?: { field: string; direction?: 'asc' | 'desc' };
  limit?: number;
  offset?: number;
}

export interface CollectionStore {
  getDoc<T>(collection: string, id: string): Promise<StoredDoc<T> | undefined>;
  listDocs<T>(collection: string, query?: ListQuery): Promise<StoredDoc<T>[]>;
  countDocs(collection: string, where?: Where): Promise<number>;
  /**
   * Applies every op or none, durably, and returns the written documents (puts
   * only) with their new versions. Throws VersionConflictError on a stale
   * `expectVersion`, ValidationError on a document that cannot be stored.
   */
  transact(ops: CollectionOp[]): Promise<StoredDoc[]>;
  /**
   * Changes whenever a document of the collection may have changed, written by this
   * process or (a shared store) by another. A read kept with the revision taken before
   * it stays valid while the revision is the same (see CollectionReadCache).
   */
  collectionRevision(collection: string): string;
}

/**
 * Reads of one collection kept until the collection changes: per-request reads that
 * would otherwise go to the database every time (which batches are published, one
 * demand's introductions). The revision is taken before the read, so a change that
 * lands while it runs makes the kept value stale at once.
 */
export class CollectionReadCache<T> {
  private readonly kept = new Map<string, { revision: string; value: T }>();

  constructor(
    private readonly store: CollectionStore,
    private readonly collection: string,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, read: () => Promise<T>): Promise<T> {
    const revision = this.store.collectionRevision(this.collection);
    const held = this.kept.get(key);
    if (held?.revision === revision) return held.value;
    const value = await read();
    this.kept.delete(key);
    this.kept.set(key, { revision, value });
    if (this.kept.size > this.maxEntries) this.kept.delete(this.kept.keys().next().value!);
    return value;
  }
}

export function checkCollectionName(collection: string): void {
  if (!COLLECTION_NAME.test(collection)) {
    throw new ValidationError(`invalid collection name ${JSON.stringify(collection)}`, [
      { field: 'collection', message: 'must match ' + COLLECTION_NAME.source },
    ]);
  }
}

/** Whether a document's data matches a `where` clause (the in-memory stores' filter). */
export function matchesWhere(data: unknown, where: Where | undefined): boolean {
  if (!where) return true;
  if (typeof data !== 'object' || data === null) return false;
  const record = data as Record<string, unknown>;
  return Object.entries(where).every(([field, value]) =>
    value === null ? record[field] === null || record[field] === undefined : record[field] === value,
  );
}

/** Sorts and pages documents as `ListQuery` says (the in-memory stores' ordering). */
export function orderAndPage<T>(docs: StoredDoc<T>[], query: ListQuery): StoredDoc<T>[] {
  const { orderBy } = query;
  const sign = orderBy?.direction === 'desc' ? -1 : 1;
  const key = (doc: StoredDoc<T>) =>
    orderBy ? ((doc.data as Record<string, unknown>)?.[orderBy.field] as string | number | undefined) : undefined;
  const sorted = [...docs].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) {
      if (ka === undefined) return 1;
      if (kb === undefined) return -1;
      return (ka < kb ? -1 : 1) * sign;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const offset = query.offset ?? 0;
  return sorted.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
}
