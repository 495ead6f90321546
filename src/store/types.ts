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
}
