/**
 * The record store: achievements and demands in one lowdb JSON document,
 * written through a crash-safe adapter. Mutations apply in memory at once and
 * are persisted by a coalescing writer, so 100 concurrent creates cost a few
 * file writes, and every caller's promise resolves only once its change is on disk.
 */
import fs from 'node:fs';
import { Low } from 'lowdb';
import type { Achievement, Demand, RecordKind, Stored } from '../domain/index.js';
import { writeFileAtomic, removeStaleTempFiles } from './atomic-file.js';
import path from 'node:path';

export interface StoreDocument {
  formatVersion: 1;
  achievements: Record<string, Stored<Achievement>>;
  demands: Record<string, Stored<Demand>>;
}

type RecordOf<K extends RecordKind> = K extends 'achievement' ? Achievement : Demand;

class AtomicJsonAdapter {
  constructor(private readonly file: string) {}

  async read(): Promise<StoreDocument | null> {
    if (!fs.existsSync(this.file)) return null;
    const text = await fs.promises.readFile(this.file, 'utf8');
    try {
      return JSON.parse(text) as StoreDocument;
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

function emptyDocument(): StoreDocument {
  return { formatVersion: 1, achievements: {}, demands: {} };
}

export class RecordStore {
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

  /** Applies the changes in memory now; resolves when they are durable. */
  async apply(changes: StoreChange[]): Promise<void> {
    for (const change of changes) {
      const table = this.table(change.kind) as Record<string, Stored<Achievement | Demand>>;
      if (change.op === 'put') table[change.stored.record.id] = change.stored;
      else delete table[change.id];
    }
    await this.persist();
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
}

export type StoreChange =
  | { kind: 'achievement'; op: 'put'; stored: Stored<Achievement> }
  | { kind: 'demand'; op: 'put'; stored: Stored<Demand> }
  | { kind: RecordKind; op: 'delete'; id: string };
