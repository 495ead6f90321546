/**
 * The one store interface: records (kept in memory by every implementation,
 * because the index and the filters read them synchronously on each match) and
 * the collections beside them (read on demand). The lowdb store and the
 * PostgreSQL store both implement it.
 */
import type { Achievement, Demand, RecordKind, Stored } from '../domain/index.js';
import type { CollectionStore } from './collections.js';

export type RecordOf<K extends RecordKind> = K extends 'achievement' ? Achievement : Demand;

export type StoreChange =
  | { kind: 'achievement'; op: 'put'; stored: Stored<Achievement> }
  | { kind: 'demand'; op: 'put'; stored: Stored<Demand> }
  | { kind: RecordKind; op: 'delete'; id: string };

export interface RecordReads {
  get<K extends RecordKind>(kind: K, id: string): Stored<RecordOf<K>> | undefined;
  has(kind: RecordKind, id: string): boolean;
  all<K extends RecordKind>(kind: K): Stored<RecordOf<K>>[];
  count(kind: RecordKind): number;
  /**
   * A number that changes whenever a record of this kind changes in memory (by any
   * path: a local write, another replica's, a write put back): lets a reader keep
   * something derived from the records and refresh it only when it is stale.
   */
  revision(kind: RecordKind): number;
}

export interface Store extends RecordReads, CollectionStore {
  /**
   * Applies record changes (visible to reads at once); resolves when they are
   * durable. A change that cannot be stored throws synchronously, before
   * anything is applied: the engine indexes right after this call.
   */
  apply(changes: StoreChange[]): Promise<void>;
  /** Waits for every write already requested. */
  flush(): Promise<void>;
  /** Flushes and lets go of files and connections; whoever opened the store closes it. */
  close(): Promise<void>;
  /**
   * Records that changed in memory without this process's `apply`: written by
   * another replica, or put back after a write that failed. Only stores shared
   * between processes have them; the engine re-indexes the ids.
   */
  onExternalChange?(listener: (changes: ExternalRecordChange[]) => void): void;
}

export interface ExternalRecordChange {
  kind: RecordKind;
  id: string;
  op: 'put' | 'delete';
}

/** Named locks a store can hold across processes (a lock dies with its holder). */
export type StoreLockName = 'rebuild' | 'outbox';

/**
 * What a store shared by several service processes adds: news of other
 * processes' writes and index builds, and locks. PostgreSQL has it; the
 * embedded store belongs to one process.
 */
export interface SharedStore {
  onCollectionChange(collection: string, listener: () => void): void;
  /** Tells every replica that a new index was saved (by the nightly rebuild). */
  publishIndex(version: string): Promise<void>;
  onIndexPublished(listener: (version: string) => void): void;
  /** The lock, or null when another process holds it; the returned function releases it. */
  tryLock(name: StoreLockName): Promise<(() => Promise<void>) | null>;
  /** Counts `by` hits (default 1) against a rate-limit budget shared by every replica; a new window starts after `windowMs`. */
  countHit(key: string, windowMs: number, by?: number): Promise<{ hits: number; resetAt: Date }>;
  uncountHit(key: string): Promise<void>;
  resetHits(key: string): Promise<void>;
}

export function isShared(store: Store): store is Store & SharedStore {
  return typeof (store as Partial<SharedStore>).publishIndex === 'function';
}
