/**
 * The PostgreSQL store on a real PostgreSQL (started by the test, see
 * test/postgres/server.ts): the same contracts as lowdb, the migrations, and
 * what only a shared store does (other processes' writes arriving, a database
 * that goes away).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/index.js';
import { PgStore, SchemaTooNewError, migrate, type ExternalRecordChange, type Store } from '../../src/store/index.js';
import { knownMigrations } from '../../src/store/postgres/index.js';
import { startPostgres, type TestPostgres } from '../../src/bench/embedded-postgres.js';
import { collectionStoreContract } from './collections-contract.js';
import { recordStoreContract, storedAchievement } from './records-contract.js';

let server: TestPostgres;
const opened: Store[] = [];

beforeAll(async () => {
  server = await startPostgres();
});

afterAll(async () => {
  for (const store of opened) await store.close();
  await server?.stop();
});

async function openOn(url: string): Promise<PgStore> {
  const store = await PgStore.open({ url, connectTimeoutMs: 1000 });
  opened.push(store);
  return store;
}

collectionStoreContract('postgres', async () => openOn(await server.createDatabase()));
recordStoreContract('postgres', async () => {
  const url = await server.createDatabase();
  return { store: await openOn(url), reopen: () => openOn(url) };
});

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('postgres: migrations', () => {
  it('applies every migration once, records it, and applies nothing the second time', async () => {
    const url = await server.createDatabase();
    const pool = new pg.Pool({ connectionString: url });
    try {
      const first = await migrate(pool);
      const versions = knownMigrations().map((m) => m.version);
      expect(first.applied).toEqual(versions);
      const second = await migrate(pool);
      expect(second.applied).toEqual([]);
      const { rows } = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(versions);
    } finally {
      await pool.end();
    }
  });

  it('applies each file once when two replicas migrate at the same moment', async () => {
    const url = await server.createDatabase();
    const pools = [new pg.Pool({ connectionString: url }), new pg.Pool({ connectionString: url })];
    try {
      const reports = await Promise.all(pools.map((pool) => migrate(pool)));
      expect(reports.flatMap((r) => r.applied)).toEqual(knownMigrations().map((m) => m.version));
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('refuses a database that newer code migrated, and the store will not open on it', async () => {
    const url = await server.createDatabase();
    const pool = new pg.Pool({ connectionString: url });
    try {
      await migrate(pool);
      await pool.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'from_the_future')");
      await expect(migrate(pool)).rejects.toBeInstanceOf(SchemaTooNewError);
      await expect(PgStore.open({ url })).rejects.toThrow(/newer than this code/);
    } finally {
      await pool.end();
    }
  });
});

describe('postgres: a store shared by replicas', () => {
  it("brings another replica's puts and deletes into memory within 2 s and names them", async () => {
    const url = await server.createDatabase();
    const a = await openOn(url);
    const b = await openOn(url);
    const seen: ExternalRecordChange[] = [];
    b.onExternalChange((changes) => seen.push(...changes));
    await a.apply([
      { kind: 'achievement', op: 'put', stored: storedAchievement('x1') },
      { kind: 'achievement', op: 'put', stored: storedAchievement('x2') },
    ]);
    await until(() => b.count('achievement') === 2);
    await a.apply([{ kind: 'achievement', op: 'delete', id: 'x1' }]);
    await until(() => !b.has('achievement', 'x1'));
    expect(seen).toEqual([
      { kind: 'achievement', id: 'x1', op: 'put' },
      { kind: 'achievement', id: 'x2', op: 'put' },
      { kind: 'achievement', id: 'x1', op: 'delete' },
    ]);
    // Its own writes do not come back to it as external changes.
    const own: ExternalRecordChange[] = [];
    a.onExternalChange((changes) => own.push(...changes));
    await b.apply([{ kind: 'achievement', op: 'put', stored: storedAchievement('x3') }]);
    await until(() => a.has('achievement', 'x3'));
    expect(own.map((c) => c.id)).toEqual(['x3']);
  });

  it('ends with the last committed value on both replicas when they write the same record at once', async () => {
    const url = await server.createDatabase();
    const a = await openOn(url);
    const b = await openOn(url);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).apply([{ kind: 'achievement', op: 'put', stored: storedAchievement('same', `v${i}`) }]),
      ),
    );
    const fresh = await openOn(url);
    const last = fresh.get('achievement', 'same')?.record.title;
    await until(() => a.get('achievement', 'same')?.record.title === last);
    await until(() => b.get('achievement', 'same')?.record.title === last);
  });

  it('tells replicas of collection writes and of a published index', async () => {
    const url = await server.createDatabase();
    const a = await openOn(url);
    const b = await openOn(url);
    let keysChanged = 0;
    let published = '';
    b.onCollectionChange('api_keys', () => (keysChanged += 1));
    b.onIndexPublished((version) => (published = version));
    await a.transact([{ op: 'put', collection: 'api_keys', id: 'k', data: {} }]);
    await a.publishIndex('v123');
    await until(() => keysChanged === 1 && published === 'v123');
  });

  it("changes a collection's revision on another replica's write, so reads kept there go stale", async () => {
    const url = await server.createDatabase();
    const a = await openOn(url);
    const b = await openOn(url);
    const before = b.collectionRevision('batches');
    await a.transact([{ op: 'put', collection: 'batches', id: '2026Q4', data: { state: 'published' } }]);
    await until(() => b.collectionRevision('batches') !== before);
  });

  it('lets one process at a time hold the rebuild lock, and frees it when its holder goes', async () => {
    const url = await server.createDatabase();
    const a = await openOn(url);
    const b = await openOn(url);
    const release = await a.tryLock('rebuild');
    expect(release).not.toBeNull();
    expect(await b.tryLock('rebuild')).toBeNull();
    await release?.();
    const again = await b.tryLock('rebuild');
    expect(again).not.toBeNull();
    await b.close();
    expect(await a.tryLock('rebuild')).not.toBeNull();
  });

  it('counts rate-limit hits in one budget for every replica, and starts a new window once it ends', async () => {
    const url = await server.createDatabase();
    const a = await openOn(url);
    const b = await openOn(url);
    expect((await a.countHit('requests:key:k1', 60_000)).hits).toBe(1);
    expect((await b.countHit('requests:key:k1', 60_000)).hits).toBe(2);
    await b.uncountHit('requests:key:k1');
    expect((await a.countHit('requests:key:k1', 60_000)).hits).toBe(2);
    expect((await a.countHit('requests:key:k2', 60_000)).hits).toBe(1);
    await a.countHit('short', 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await b.countHit('short', 50)).hits).toBe(1);
    await a.resetHits('requests:key:k1');
    expect((await b.countHit('requests:key:k1', 60_000)).hits).toBe(1);
  });

  it('answers StoreUnavailableError while the database is down, puts memory back, and recovers', async () => {
    const url = await server.createDatabase();
    const a = await openOn(url);
    const b = await openOn(url);
    await a.apply([{ kind: 'achievement', op: 'put', stored: storedAchievement('kept') }]);
    await server.stopServer();
    try {
      const started = Date.now();
      await expect(
        a.apply([{ kind: 'achievement', op: 'put', stored: storedAchievement('lost') }]),
      ).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(a.getDoc('things', 'x')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(a.has('achievement', 'lost')).toBe(false);
      expect(a.has('achievement', 'kept')).toBe(true);
    } finally {
      await server.startServer();
    }
    // The first connections after a restart may still time out on a loaded machine; the pool
    // reconnects by itself, so a retry within seconds goes through.
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await a.apply([{ kind: 'achievement', op: 'put', stored: storedAchievement('after') }]);
        break;
      } catch (error) {
        expect(error).toBeInstanceOf(StoreUnavailableError);
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    // b's notification connection was cut too: it reconnects and catches up by itself.
    await until(() => b.has('achievement', 'after'), 15_000);
  });
});
