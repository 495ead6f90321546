/**
 * The PostgreSQL store: the same Store as the embedded one, shared by every
 * replica of the service.
 *
 * Records are kept in memory (the index and the filters read them
 * synchronously), loaded at open and written through: `apply` changes memory
 * at once and resolves when the transaction has committed; if it fails, memory
 * is put back and the caller gets the error. Other processes' record writes
 * arrive by LISTEN/NOTIFY: each write takes the next `seq` and notifies it, and
 * every replica fetches the rows past the highest seq it has seen (tombstones
 * included, so deletions travel too) and tells its engine which ids changed.
 *
 * Collections are read from the database on each call; `transact` is one SQL
 * transaction whose version checks are conditional upserts, so two replicas
 * writing the same version cannot both win.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import {
  ValidationError,
  VersionConflictError,
  type Achievement,
  type Demand,
  type RecordKind,
  type Stored,
} from '../../domain/index.js';
import { checkCollectionName, type CollectionOp, type ListQuery, type StoredDoc, type Where } from '../collections.js';
import type { ExternalRecordChange, RecordOf, SharedStore, Store, StoreChange, StoreLockName } from '../types.js';
import { storeError } from './errors.js';
import { LOCK_KEYS, NAMED_LOCKS } from './locks.js';
import { migrate } from './migrate.js';

const CHANNELS = { records: 'kjcg_records', documents: 'kjcg_documents', index: 'kjcg_index' } as const;

export interface PgStoreOptions {
  url: string;
  /** Connections in the pool; each replica has its own. */
  poolSize?: number;
  /** How long a request waits for a connection before it is told the database is unavailable. */
  connectTimeoutMs?: number;
  /** Apply migrations at open (the service does; tests of the migrator do not). */
  migrate?: boolean;
  /** Log of what happens in the background (reconnects, catch-ups). */
  onEvent?: (message: string, details?: Record<string, unknown>) => void;
}

type AnyStored = Stored<Achievement | Demand>;

interface RecordRow {
  kind: RecordKind;
  id: string;
  stored: AnyStored | null;
  seq: string;
}

interface DocRow {
  id: string;
  version: number;
  updated_at: Date;
  data: unknown;
}

interface RecordEntry {
  kind: RecordKind;
  id: string;
  json: string | null;
}

/** Record changes waiting for the next write transaction; `done` settles when it commits. */
interface RecordBatch {
  entries: Map<string, RecordEntry>;
  done: Promise<Map<string, number>>;
}

const keyOf = (kind: RecordKind, id: string) => `${kind}\u0000${id}`;

/** JSON text of a value, refused before it reaches memory when PostgreSQL's jsonb could not hold it. */
function jsonFor(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(`${what} cannot be stored: ${(error as Error).message}`, [
      { field: what, message: 'cannot be serialised (too deeply nested?)' },
    ]);
  }
  if (text === undefined) {
    throw new ValidationError(`${what} cannot be stored: it is not JSON`, [{ field: what, message: 'not JSON' }]);
  }
  // jsonb refuses the NUL character in strings.
  if (text.includes('\\u0000')) {
    throw new ValidationError(`${what} cannot be stored: it contains a NUL (\\u0000) character`, [
      { field: what, message: 'contains \\u0000' },
    ]);
  }
  return text;
}

export class PgStore implements Store, SharedStore {
  /** Tells this process's own notifications from other replicas'. */
  readonly origin = crypto.randomBytes(8).toString('hex');
  private readonly tables: Record<RecordKind, Map<string, AnyStored>> = { achievement: new Map(), demand: new Map() };
  private readonly revisions: Record<RecordKind, number> = { achievement: 0, demand: 0 };
  /** seq of the value held in memory, per record. */
  private readonly knownSeq = new Map<string, number>();
  /** Local writes not yet committed, per record: rows fetched meanwhile are older than them or refetched after. */
  private readonly pendingWrites = new Map<string, number>();
  /** Records whose memory may differ from the database (a failed or skipped write): refetched on the next catch-up. */
  private readonly dirty = new Set<string>();
  private highWater = 0;
  private nextBatch: RecordBatch | null = null;
  private writingBatch: Promise<unknown> = Promise.resolve();
  private readonly heldLocks = new Set<pg.PoolClient>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly externalListeners: ((changes: ExternalRecordChange[]) => void)[] = [];
  private readonly collectionListeners = new Map<string, Set<() => void>>();
  /** Per collection: changes seen (local commits, other replicas' notifications). */
  private readonly collectionChanges = new Map<string, number>();
  /** Grows when notifications may have been missed (the listening connection was lost). */
  private listenEpoch = 0;
  private uncachedReads = 0;
  private readonly indexListeners: ((version: string) => void)[] = [];
  private listener: pg.Client | null = null;
  private closed = false;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly pool: pg.Pool,
    private readonly options: PgStoreOptions,
  ) {}

  static async open(options: PgStoreOptions): Promise<PgStore> {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 16,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      // A query that outlives this fails instead of hanging a request.
      query_timeout: 30_000,
      idleTimeoutMillis: 30_000,
    });
    // Idle connections die when PostgreSQL restarts; the next query reconnects.
    pool.on('error', (error) => options.onEvent?.('idle database connection lost', { error: error.message }));
    // A connection in use (a held lock, a transaction) that dies must not crash the process: its query fails instead.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const store = new PgStore(pool, options);
    try {
      if (options.migrate !== false) await migrate(pool);
      await store.listen();
      await store.loadRecords();
    } catch (error) {
      await store.close();
      throw storeError(error, 'opening the store');
    }
    return store;
  }

  // ---- records: memory ----

  get<K extends RecordKind>(kind: K, id: string): Stored<RecordOf<K>> | undefined {
    return this.tables[kind].get(id) as Stored<RecordOf<K>> | undefined;
  }

  has(kind: RecordKind, id: string): boolean {
    return this.tables[kind].has(id);
  }

  all<K extends RecordKind>(kind: K): Stored<RecordOf<K>>[] {
    return [...this.tables[kind].values()] as Stored<RecordOf<K>>[];
  }

  count(kind: RecordKind): number {
    return this.tables[kind].size;
  }

  revision(kind: RecordKind): number {
    return this.revisions[kind];
  }

  private async loadRecords(): Promise<void> {
    const { rows } = await this.pool.query<RecordRow>('SELECT kind, id, stored, seq FROM records ORDER BY seq');
    for (const row of rows) this.takeRow(row);
  }

  /** Puts a fetched row into memory if it is newer than what memory holds; says what changed. */
  private takeRow(row: RecordRow): ExternalRecordChange | null {
    const seq = Number(row.seq);
    if (seq > this.highWater) this.highWater = seq;
    const key = keyOf(row.kind, row.id);
    if (this.pendingWrites.has(key)) {
      // Our own write is committing: if this row is newer, refetch once ours is done.
      this.dirty.add(key);
      return null;
    }
    if (seq <= (this.knownSeq.get(key) ?? 0) && !this.dirty.has(key)) return null;
    this.knownSeq.set(key, seq);
    this.dirty.delete(key);
    const table = this.tables[row.kind];
    if (row.stored === null) {
      if (!table.delete(row.id)) return null;
      this.revisions[row.kind] += 1;
      return { kind: row.kind, id: row.id, op: 'delete' };
    }
    table.set(row.id, row.stored);
    this.revisions[row.kind] += 1;
    return { kind: row.kind, id: row.id, op: 'put' };
  }

  // ---- records: writes ----

  /**
   * A change that cannot be stored throws here, synchronously, before memory changes (as
   * the embedded store does), so a caller that indexes right after this call never indexes
   * what the store refused.
   */
  apply(changes: StoreChange[]): Promise<void> {
    // Last change per record wins; refuse what cannot be stored before memory changes.
    const final = new Map<string, { kind: RecordKind; id: string; stored: AnyStored | null; json: string | null }>();
    for (const change of changes) {
      const id = change.op === 'put' ? change.stored.record.id : change.id;
      const json = change.op === 'put' ? jsonFor(change.stored, `${change.kind} ${id}`) : null;
      final.set(keyOf(change.kind, id), {
        kind: change.kind,
        id,
        stored: change.op === 'put' ? change.stored : null,
        json,
      });
    }
    return this.applyChecked(final);
  }

  private async applyChecked(
    final: Map<string, { kind: RecordKind; id: string; stored: AnyStored | null; json: string | null }>,
  ): Promise<void> {
    if (final.size === 0) return;
    const previous = new Map<string, AnyStored | undefined>();
    for (const [key, change] of final) {
      const table = this.tables[change.kind];
      previous.set(key, table.get(change.id));
      if (change.stored) table.set(change.id, change.stored);
      else table.delete(change.id);
      this.revisions[change.kind] += 1;
      this.pendingWrites.set(key, (this.pendingWrites.get(key) ?? 0) + 1);
    }
    const write = this.queueRecordWrite([...final.values()]);
    this.track(write);
    try {
      const seqs = await write;
      for (const [key, seq] of seqs) this.knownSeq.set(key, Math.max(this.knownSeq.get(key) ?? 0, seq));
    } catch (error) {
      // Put memory back as it was, unless a later local write changed it since; ask the database once it is back.
      const reverted: ExternalRecordChange[] = [];
      for (const [key, change] of final) {
        const table = this.tables[change.kind];
        if (table.get(change.id) !== (change.stored ?? undefined)) continue;
        const before = previous.get(key);
        if (before) table.set(change.id, before);
        else table.delete(change.id);
        this.revisions[change.kind] += 1;
        this.dirty.add(key);
        reverted.push({ kind: change.kind, id: change.id, op: before ? 'put' : 'delete' });
      }
      this.emitExternal(reverted);
      setTimeout(() => void this.requestCatchUp(), 1000).unref();
      throw storeError(error, 'writing records');
    } finally {
      for (const key of final.keys()) {
        const left = (this.pendingWrites.get(key) ?? 1) - 1;
        if (left > 0) this.pendingWrites.set(key, left);
        else this.pendingWrites.delete(key);
      }
    }
    if (this.dirty.size > 0) this.requestCatchUp();
  }

  /**
   * Record writes leave one at a time (they serialise on an advisory lock anyway): while
   * one transaction runs, the next collects every change asked for meanwhile, so a burst
   * of 100 writes costs a few transactions and holds one connection.
   */
  private queueRecordWrite(entries: RecordEntry[]): Promise<Map<string, number>> {
    if (!this.nextBatch) {
      const batch: RecordBatch = { entries: new Map(), done: Promise.resolve(new Map()) };
      const previous = this.writingBatch;
      batch.done = previous
        .catch(() => undefined)
        .then(() => {
          this.nextBatch = null;
          return this.writeRecords([...batch.entries.values()]);
        });
      this.nextBatch = batch;
      this.writingBatch = batch.done;
    }
    for (const entry of entries) this.nextBatch.entries.set(keyOf(entry.kind, entry.id), entry);
    return this.nextBatch.done;
  }

  private async writeRecords(entries: RecordEntry[]): Promise<Map<string, number>> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One record writer at a time across replicas: seq order is then commit order, so a
      // replica that has seen seq n has seen every write before it.
      await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEYS.recordWrite]);
      const { rows } = await client.query<{ kind: RecordKind; id: string; seq: string }>(
        `INSERT INTO records (kind, id, stored, seq)
         SELECT k, i, s::jsonb, nextval('record_seq') FROM unnest($1::text[], $2::text[], $3::text[]) AS t(k, i, s)
         ON CONFLICT (kind, id) DO UPDATE SET stored = EXCLUDED.stored, seq = EXCLUDED.seq
         RETURNING kind, id, seq`,
        [entries.map((e) => e.kind), entries.map((e) => e.id), entries.map((e) => e.json)],
      );
      const seqs = new Map(rows.map((r) => [keyOf(r.kind, r.id), Number(r.seq)]));
      const newest = Math.max(...seqs.values());
      await client.query('SELECT pg_notify($1, $2)', [
        CHANNELS.records,
        JSON.stringify({ o: this.origin, seq: newest }),
      ]);
      await client.query('COMMIT');
      return seqs;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private track<T>(promise: Promise<T>): void {
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
  }

  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  // ---- records: following other replicas ----

  onExternalChange(listener: (changes: ExternalRecordChange[]) => void): void {
    this.externalListeners.push(listener);
  }

  private emitExternal(changes: ExternalRecordChange[]): void {
    if (changes.length === 0) return;
    for (const listener of this.externalListeners) listener(changes);
  }

  /** Fetches what other replicas wrote since the highest seq seen; one run at a time, repeated if asked meanwhile. */
  requestCatchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      try {
        do {
          this.catchUpAgain = false;
          await this.catchUp();
        } while (this.catchUpAgain && !this.closed);
      } catch (error) {
        this.options.onEvent?.('catch-up failed; retried on the next notification or reconnect', {
          error: (error as Error).message,
        });
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  private async catchUp(): Promise<void> {
    if (this.closed) return;
    const changes: ExternalRecordChange[] = [];
    const { rows } = await this.pool.query<RecordRow>(
      'SELECT kind, id, stored, seq FROM records WHERE seq > $1 ORDER BY seq',
      [this.highWater],
    );
    for (const row of rows) {
      const change = this.takeRow(row);
      if (change) changes.push(change);
    }
    const dirty = [...this.dirty].filter((key) => !this.pendingWrites.has(key));
    if (dirty.length > 0) {
      const kinds = dirty.map((key) => key.split('\u0000')[0]!);
      const ids = dirty.map((key) => key.slice(key.indexOf('\u0000') + 1));
      const fetched = await this.pool.query<RecordRow>(
        `SELECT t.k AS kind, t.i AS id, r.stored, coalesce(r.seq, 0) AS seq
         FROM unnest($1::text[], $2::text[]) AS t(k, i) LEFT JOIN records r ON r.kind = t.k AND r.id = t.i`,
        [kinds, ids],
      );
      for (const row of fetched.rows) {
        const change = this.takeRow(row);
        if (change) changes.push(change);
      }
    }
    this.emitExternal(changes);
  }

  // ---- notifications ----

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined);
    client.on('end', () => {
      if (this.listener === client) this.listener = null;
      if (!this.closed) this.scheduleReconnect();
    });
    client.on('notification', (message) => this.onNotification(message));
    await client.connect();
    for (const channel of Object.values(CHANNELS)) await client.query(`LISTEN ${channel}`);
    this.listener = client;
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closed) return;
    this.options.onEvent?.('database notifications lost; reconnecting');
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = null;
      try {
        await this.listen();
        this.options.onEvent?.('database notifications back; catching up');
        // Whatever was notified while we were away: records by seq, every collection's listeners.
        await this.requestCatchUp();
        this.listenEpoch += 1;
        for (const listeners of this.collectionListeners.values()) for (const listener of listeners) listener();
      } catch {
        this.scheduleReconnect();
      }
    }, 1000);
    this.reconnectTimer.unref();
  }

  private onNotification(message: pg.Notification): void {
    let payload: { o?: string; seq?: number; c?: string[]; v?: string };
    try {
      payload = JSON.parse(message.payload ?? '{}');
    } catch {
      return;
    }
    if (message.channel === CHANNELS.records) {
      if (payload.o !== this.origin) void this.requestCatchUp();
    } else if (message.channel === CHANNELS.documents) {
      for (const collection of payload.c ?? []) {
        this.countCollectionChange(collection);
        for (const listener of this.collectionListeners.get(collection) ?? []) listener();
      }
    } else if (message.channel === CHANNELS.index && payload.v) {
      for (const listener of this.indexListeners) listener(payload.v);
    }
  }

  private countCollectionChange(collection: string): void {
    this.collectionChanges.set(collection, (this.collectionChanges.get(collection) ?? 0) + 1);
  }

  collectionRevision(collection: string): string {
    // Without the listening connection another replica's change would go unseen: nothing is kept.
    if (!this.listener) {
      this.uncachedReads += 1;
      return `uncached-${this.uncachedReads}`;
    }
    return `${this.listenEpoch}.${this.collectionChanges.get(collection) ?? 0}`;
  }

  onCollectionChange(collection: string, listener: () => void): void {
    checkCollectionName(collection);
    const listeners = this.collectionListeners.get(collection) ?? new Set();
    listeners.add(listener);
    this.collectionListeners.set(collection, listeners);
  }

  async publishIndex(version: string): Promise<void> {
    await this.query('publishing the index', 'SELECT pg_notify($1, $2)', [
      CHANNELS.index,
      JSON.stringify({ o: this.origin, v: version }),
    ]);
  }

  onIndexPublished(listener: (version: string) => void): void {
    this.indexListeners.push(listener);
  }

  async tryLock(name: StoreLockName): Promise<(() => Promise<void>) | null> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw storeError(error, `taking the ${name} lock`);
    });
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        NAMED_LOCKS[name],
      ]);
      if (!rows[0]?.locked) {
        client.release();
        return null;
      }
    } catch (error) {
      client.release(true);
      throw storeError(error, `taking the ${name} lock`);
    }
    // The lock is the session's: held while this connection lives, freed if the process dies.
    this.heldLocks.add(client);
    return async () => {
      if (!this.heldLocks.delete(client)) return;
      await client.query('SELECT pg_advisory_unlock($1)', [NAMED_LOCKS[name]]).catch(() => undefined);
      client.release();
    };
  }

  // ---- rate limits ----

  async countHit(key: string, windowMs: number, by = 1): Promise<{ hits: number; resetAt: Date }> {
    const { rows } = await this.query<{ hits: number; reset_at: Date }>(
      'counting a request',
      `INSERT INTO rate_limits AS r (key, hits, reset_at) VALUES ($1, $3, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.reset_at <= now() THEN EXCLUDED.hits ELSE r.hits + EXCLUDED.hits END,
         reset_at = CASE WHEN r.reset_at <= now() THEN EXCLUDED.reset_at ELSE r.reset_at END
       RETURNING hits, reset_at`,
      [key, windowMs, by],
    );
    return { hits: rows[0]!.hits, resetAt: rows[0]!.reset_at };
  }

  async uncountHit(key: string): Promise<void> {
    await this.query('uncounting a request', 'UPDATE rate_limits SET hits = greatest(hits - 1, 0) WHERE key = $1', [
      key,
    ]);
  }

  async resetHits(key: string): Promise<void> {
    await this.query('resetting a rate limit', 'DELETE FROM rate_limits WHERE key = $1', [key]);
  }

  // ---- collections ----

  private async query<R extends pg.QueryResultRow>(doing: string, sql: string, params: unknown[]) {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (error) {
      throw storeError(error, doing);
    }
  }

  async getDoc<T>(collection: string, id: string): Promise<StoredDoc<T> | undefined> {
    checkCollectionName(collection);
    const { rows } = await this.query<DocRow>(
      'reading a document',
      'SELECT id, version, updated_at, data FROM documents WHERE collection = $1 AND id = $2',
      [collection, id],
    );
    return rows[0] ? toDoc<T>(rows[0]) : undefined;
  }

  async listDocs<T>(collection: string, query: ListQuery = {}): Promise<StoredDoc<T>[]> {
    checkCollectionName(collection);
    const params: unknown[] = [collection];
    const where = whereSql(query.where, params);
    let order = 'id COLLATE "C"';
    if (query.orderBy) {
      params.push(query.orderBy.field);
      const field = `data->$${params.length}`;
      const dir = query.orderBy.direction === 'desc' ? 'DESC' : 'ASC';
      // Numbers by value, strings by code point (as the in-memory stores compare), missing last.
      order = `CASE WHEN jsonb_typeof(${field}) = 'number' THEN (${field})::numeric END ${dir} NULLS LAST, (data->>$${params.length}) COLLATE "C" ${dir} NULLS LAST, ${order}`;
    }
    params.push(query.limit ?? null, query.offset ?? 0);
    const { rows } = await this.query<DocRow>(
      'listing documents',
      `SELECT id, version, updated_at, data FROM documents WHERE collection = $1${where}
       ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map((row) => toDoc<T>(row));
  }

  async countDocs(collection: string, where?: Where): Promise<number> {
    checkCollectionName(collection);
    const params: unknown[] = [collection];
    const clause = whereSql(where, params);
    const { rows } = await this.query<{ n: string }>(
      'counting documents',
      `SELECT count(*) AS n FROM documents WHERE collection = $1${clause}`,
      params,
    );
    return Number(rows[0]?.n ?? 0);
  }

  async transact(ops: CollectionOp[]): Promise<StoredDoc[]> {
    const texts = ops.map((op) => {
      checkCollectionName(op.collection);
      return op.op === 'put' ? jsonFor(op.data, `${op.collection} ${op.id}`) : null;
    });
    if (ops.length === 0) return [];
    const now = new Date();
    const work = (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        const written: StoredDoc[] = [];
        for (const [i, op] of ops.entries()) {
          if (op.op === 'delete') {
            const { rows } = await client.query<{ version: number }>(
              'DELETE FROM documents WHERE collection = $1 AND id = $2 RETURNING version',
              [op.collection, op.id],
            );
            const actual = rows[0]?.version ?? 0;
            if (op.expectVersion !== undefined && op.expectVersion !== actual) {
              throw new VersionConflictError(op.collection, op.id, op.expectVersion, actual);
            }
            continue;
          }
          // The upsert locks the row, so a concurrent writer of the same version waits and then
          // sees the bumped version: exactly one of them gets expectVersion + 1.
          const { rows } = await client.query<DocRow>(
            `INSERT INTO documents (collection, id, version, updated_at, data) VALUES ($1, $2, 1, $3, $4::jsonb)
             ON CONFLICT (collection, id) DO UPDATE
               SET version = documents.version + 1, updated_at = EXCLUDED.updated_at, data = EXCLUDED.data
             RETURNING id, version, updated_at, data`,
            [op.collection, op.id, now, texts[i]],
          );
          const row = rows[0]!;
          if (op.expectVersion !== undefined && row.version !== op.expectVersion + 1) {
            throw new VersionConflictError(op.collection, op.id, op.expectVersion, row.version - 1);
          }
          written.push({ id: op.id, version: row.version, updatedAt: row.updated_at.toISOString(), data: op.data });
        }
        const collections = [...new Set(ops.map((op) => op.collection))];
        await client.query('SELECT pg_notify($1, $2)', [
          CHANNELS.documents,
          JSON.stringify({ o: this.origin, c: collections }),
        ]);
        await client.query('COMMIT');
        return written;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
        // Whether or not the commit went through, a read kept from before it is stale; the
        // notification comes later and would leave this process a moment behind its own write.
        for (const collection of new Set(ops.map((op) => op.collection))) this.countCollectionChange(collection);
      }
    })();
    this.track(work);
    try {
      return await work;
    } catch (error) {
      throw storeError(error, 'writing documents');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.flush().catch(() => undefined);
    // Held locks go with their connections.
    for (const client of this.heldLocks) client.release(true);
    this.heldLocks.clear();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

function toDoc<T>(row: DocRow): StoredDoc<T> {
  return { id: row.id, version: row.version, updatedAt: row.updated_at.toISOString(), data: row.data as T };
}

/** ` AND …` for a `where` clause: containment for values, "missing or null" for nulls. */
function whereSql(where: Where | undefined, params: unknown[]): string {
  if (!where) return '';
  const clauses: string[] = [];
  const contained: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(where)) {
    if (value === null) {
      params.push(field);
      clauses.push(`coalesce(data->$${params.length}, 'null'::jsonb) = 'null'::jsonb`);
    } else contained[field] = value;
  }
  if (Object.keys(contained).length > 0) {
    params.push(JSON.stringify(contained));
    clauses.push(`data @> $${params.length}::jsonb`);
  }
  return clauses.map((c) => ` AND ${c}`).join('');
}
