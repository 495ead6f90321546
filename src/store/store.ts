/**
 * The embedded store: achievements, demands and every other collection in one
 * lowdb JSON document, written through a crash-safe adapter. Mutations apply in
 * memory at once and are persisted by a coalescing writer, so 100 concurrent
 * creates cost a few file writes, and every caller's promise resolves only once
 * its change is on disk. A change that cannot be serialised is refused before it
 * touches memory, so it can never poison the writes queued behind it.
 */
import fs from 'node:fs';
import { Low } from 'lowdb';
import {
  VersionConflictError,
  ValidationError,
  type Achievement,
  type Demand,
  type RecordKind,
  type Stored,
} from '../domain/index.js';
import {
  checkCollectionName,
  matchesWhere,
  orderAndPage,
  type CollectionOp,
  type ListQuery,
  type StoredDoc,
  type Where,
} from './collections.js';
import type { RecordOf, Store, StoreChange } from './types.js';
import { removeStaleTempFiles, writeFileAtomic } from '../fs/index.js';
import path from 'node:path';

export interface StoreDocument {
  formatVersion: 1;
  achievements: Record<string, Stored<Achievement>>;
  demands: Record<string, Stored<Demand>>;
  /** Collection name → id → document. Absent in files written before collections existed. */
  collections?: Record<string, Record<string, StoredDoc>>;
}

class AtomicJsonAdapter {
  constructor(private readonly file: string) {}

  async read(): Promise<StoreDocument | null> {
    if (!fs.existsSync(this.file)) return null;
    const text = await fs.promises.readFile(this.file, 'utf8');
    try {
      return withNullPrototypes(JSON.parse(text) as StoreDocument);
    } catch (error) {
      // Atomic writes make this unreachable short of disk damage or a hand edit.
      throw new Error(
        `store file ${this.file} is not valid JSON (${(error as Error).message}); restore it from a backup`,
      );
    }
  }

  async write(data: StoreDocument): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(data));
  }
}

/**
 * Ids are user input: keyed by plain objects, `__proto__` or `constructor` would
 * hit Object.prototype. Every id-keyed table is a null-prototype object.
 */
function nullPrototypeTable<T>(entries: Record<string, T> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

function withNullPrototypes(document: StoreDocument): StoreDocument {
  const collections = nullPrototypeTable<Record<string, StoredDoc>>();
  for (const [name, docs] of Object.entries(document.collections ?? {})) collections[name] = nullPrototypeTable(docs);
  return {
    ...document,
    achievements: nullPrototypeTable(document.achievements),
    demands: nullPrototypeTable(document.demands),
    collections,
  };
}

function emptyDocument(): StoreDocument {
  return {
    formatVersion: 1,
    achievements: nullPrototypeTable(),
    demands: nullPrototypeTable(),
    collections: nullPrototypeTable(),
  };
}

/** Refuses what JSON cannot hold (cycles, nesting deeper than the stack) before it reaches memory. */
function assertSerializable(value: unknown, what: string): void {
  try {
    JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(`${what} cannot be stored: ${(error as Error).message}`, [
      { field: what, message: 'cannot be serialised (too deeply nested?)' },
    ]);
  }
}

export class RecordStore implements Store {
  private readonly revisions: Record<RecordKind, number> = { achievement: 0, demand: 0 };
  private readonly collectionRevisions = new Map<string, number>();
  private writing: Promise<void> | null = null;
  private pendingWrite: Promise<void> | null = null;

  private constructor(
    private readonly db: Low<StoreDocument>,
    readonly file: string,
  ) {}

  static async open(file: string): Promise<RecordStore> {
    removeStaleTempFiles(path.dirname(file));
    const db = new Low<StoreDocument>(new AtomicJsonAdapter(file), emptyDocument());
    await db.read();
    db.data ??= emptyDocument();
    return new RecordStore(db, file);
  }

  private table<K extends RecordKind>(kind: K): Record<string, Stored<RecordOf<K>>> {
    const data = this.db.data;
    return (kind === 'achievement' ? data.achievements : data.demands) as Record<string, Stored<RecordOf<K>>>;
  }

  get<K extends RecordKind>(kind: K, id: string): Stored<RecordOf<K>> | undefined {
    return this.table(kind)[id];
  }

  has(kind: RecordKind, id: string): boolean {
    return Object.hasOwn(this.table(kind), id);
  }

  all<K extends RecordKind>(kind: K): Stored<RecordOf<K>>[] {
    return Object.values(this.table(kind));
  }

  count(kind: RecordKind): number {
    return Object.keys(this.table(kind)).length;
  }

  revision(kind: RecordKind): number {
    return this.revisions[kind];
  }

  /**
   * Applies the changes in memory now; resolves when they are durable. A change
   * that cannot be serialised throws here, synchronously, before anything is
   * applied, so a caller that updates an index right after this call never
   * indexes what the store refused.
   */
  apply(changes: StoreChange[]): Promise<void> {
    for (const change of changes) {
      if (change.op === 'put') assertSerializable(change.stored, `${change.kind} ${change.stored.record.id}`);
    }
    for (const change of changes) {
      const table = this.table(change.kind) as Record<string, Stored<Achievement | Demand>>;
      if (change.op === 'put') table[change.stored.record.id] = change.stored;
      else delete table[change.id];
      this.revisions[change.kind] += 1;
    }
    return this.persist();
  }

  // ---- collections ----

  private collection(name: string): Record<string, StoredDoc> {
    checkCollectionName(name);
    this.db.data.collections ??= nullPrototypeTable();
    const collections = this.db.data.collections;
    collections[name] ??= nullPrototypeTable();
    return collections[name];
  }

  async getDoc<T>(collection: string, id: string): Promise<StoredDoc<T> | undefined> {
    return this.collection(collection)[id] as StoredDoc<T> | undefined;
  }

  async listDocs<T>(collection: string, query: ListQuery = {}): Promise<StoredDoc<T>[]> {
    const docs = Object.values(this.collection(collection)).filter((doc) => matchesWhere(doc.data, query.where));
    return orderAndPage(docs as StoredDoc<T>[], query);
  }

  async countDocs(collection: string, where?: Where): Promise<number> {
    return Object.values(this.collection(collection)).filter((doc) => matchesWhere(doc.data, where)).length;
  }

  collectionRevision(collection: string): string {
    return String(this.collectionRevisions.get(collection) ?? 0);
  }

  async transact(ops: CollectionOp[]): Promise<StoredDoc[]> {
    // Check everything first: a transaction that fails leaves memory and disk untouched.
    const seen = new Map<string, number>();
    for (const op of ops) {
      const current = this.collection(op.collection)[op.id];
      const key = `${op.collection}\u0000${op.id}`;
      const actual = seen.get(key) ?? current?.version ?? 0;
      if (op.expectVersion !== undefined && op.expectVersion !== actual) {
        throw new VersionConflictError(op.collection, op.id, op.expectVersion, actual);
      }
      seen.set(key, op.op === 'put' ? actual + 1 : 0);
      if (op.op === 'put') assertSerializable(op.data, `${op.collection} ${op.id}`);
    }
    const now = new Date().toISOString();
    const written: StoredDoc[] = [];
    for (const op of ops) {
      const docs = this.collection(op.collection);
      this.collectionRevisions.set(op.collection, (this.collectionRevisions.get(op.collection) ?? 0) + 1);
      if (op.op === 'delete') {
        delete docs[op.id];
        continue;
      }
      const doc: StoredDoc = { id: op.id, version: (docs[op.id]?.version ?? 0) + 1, updatedAt: now, data: op.data };
      docs[op.id] = doc;
      written.push(doc);
    }
    await this.persist();
    return written;
  }

  /**
   * Coalesces writes: while one write runs, every later change waits for a
   * single follow-up write that carries all of them.
   */
  private persist(): Promise<void> {
    if (this.pendingWrite) return this.pendingWrite;
    if (!this.writing) {
      this.writing = this.db.write().finally(() => {
        this.writing = null;
      });
      return this.writing;
    }
    this.pendingWrite = this.writing
      .catch(() => undefined)
      .then(() => {
        this.pendingWrite = null;
        return this.persist();
      });
    return this.pendingWrite;
  }

  /** Waits for every write already requested. */
  async flush(): Promise<void> {
    while (this.writing || this.pendingWrite) await (this.pendingWrite ?? this.writing);
  }

  /** Nothing to let go of but pending writes: the file is written whole each time. */
  close(): Promise<void> {
    return this.flush();
  }
}
