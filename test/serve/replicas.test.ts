/**
 * `npm start` with WORKERS=2 on a real PostgreSQL: two service processes on
 * one port, kept in step, and what happens when things die — a replica
 * (SIGKILL during a burst of writes), the database (restarted during a burst),
 * the nightly rebuild (SIGKILL half-way).
 *
 * Requests go out on fresh connections, which the cluster's primary hands to
 * the workers in turn, so a run of requests meets both replicas.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config/index.js';
import { KeyCollection, KeyStore } from '../../src/auth/index.js';
import { MatchEngine, importJsonlText } from '../../src/engine/index.js';
import { PgStore } from '../../src/store/index.js';
import { testEngineConfig, tempDir } from '../helpers.js';
import { freePort, startPostgres, type TestPostgres } from '../../src/bench/embedded-postgres.js';
import { demoLines } from './helpers.js';

const TSX = ['--import', 'tsx'];
let server: TestPostgres;
let databaseUrl: string;
let dataDir: string;
let port: number;
let service: ChildProcess;
let adminKey: string;
const logLines: Record<string, unknown>[] = [];

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
}

/** One request on its own connection; rejects on a socket error, and after 15 s (a hang). */
function call(method: string, urlPath: string, body?: unknown, key = adminKey): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent: false,
        headers: {
          connection: 'close',
          'x-api-key': key,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
        timeout: 15_000,
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let parsed: Record<string, unknown> = {};
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = { text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} hung for 15 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

async function until<T>(check: () => Promise<T | false> | T | false, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const result = await check();
    if (result !== false) return result;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function workerPids(): number[] {
  return logLines.filter((l) => l.msg === 'listening').map((l) => l.pid as number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startCluster(): Promise<void> {
  service = spawn(process.execPath, [...TSX, path.join(REPO_ROOT, 'src/serve/main.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PORT: String(port),
      WORKERS: '2',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'info',
      // Budgets no test here reaches, except by design in the rate-limit test (which reads the count).
      RATE_LIMIT_MAX: '100000',
      RATE_LIMIT_HEAVY_MAX: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  service.stdout?.on('data', (chunk) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logLines.push(JSON.parse(line));
      } catch {
        // The first-start banner and other plain text.
      }
    }
  });
  service.stderr?.resume();
  await until(() => workerPids().length >= 2, 240_000, 'two workers listening');
}

/** Seeds the database with a slice of the demo data, its index and an admin key, as a first start would. */
async function seed(): Promise<void> {
  const store = await PgStore.open({ url: databaseUrl });
  const engine = await MatchEngine.open(testEngineConfig(dataDir), { store });
  await importJsonlText(engine, 'achievement', demoLines('achievement', 0, 40).join('\n'));
  await importJsonlText(engine, 'demand', demoLines('demand').join('\n'));
  engine.saveIndex();
  const keys = new KeyStore(await KeyCollection.open(store));
  adminKey = (await keys.create({ role: 'admin', name: 'test admin' })).key;
  await engine.close();
  await store.close();
}

beforeAll(async () => {
  server = await startPostgres();
  databaseUrl = await server.createDatabase();
  dataDir = tempDir('kjcg-replicas-');
  port = await freePort();
  await seed();
  await startCluster();
});

afterAll(async () => {
  if (service && service.exitCode === null) {
    const exited = new Promise((resolve) => service.once('exit', resolve));
    service.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    if (service.exitCode === null) service.kill('SIGKILL');
  }
  for (const pid of workerPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const achievement = (id: string, title: string) => ({
  id,
  title,
  abstract: `${title}。本成果面向制造企业，已完成中试验证。`,
  keywords: ['测试'],
});

describe('replicas on PostgreSQL (WORKERS=2)', () => {
  it('makes a write through one replica matchable on every replica within 2 s', async () => {
    const created = await call('POST', '/v1/achievements', achievement('rep-1', '石墨烯导热膜卷对卷连续制备工艺'));
    expect(created.status).toBe(201);
    const seenBy = await until(
      async () => {
        // Six fresh connections: both workers answer some of them.
        const answers = await Promise.all(
          Array.from({ length: 6 }, () =>
            call('POST', '/v1/match', { text: '石墨烯导热膜卷对卷连续制备', against: 'achievements', k: 5 }),
          ),
        );
        const found = answers.filter((a) =>
          (a.body.results as { id: string }[] | undefined)?.some((r) => r.id === 'rep-1'),
        );
        return found.length === answers.length ? found.length : false;
      },
      2000,
      'the new achievement in every replica’s matches',
    );
    expect(seenBy).toBe(6);
  });

  it('shows a write through one replica in every replica’s kept match lists within 2 s', async () => {
    // Six fresh connections: both replicas answer, and both now keep A-01's list.
    const lists = () => Promise.all(Array.from({ length: 6 }, () => call('GET', '/v1/demands/A-01/matches?k=5')));
    const ids = (answer: Answer) => ((answer.body.results ?? []) as { id: string }[]).map((r) => r.id);
    const before = await lists();
    expect(before.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(before.some((a) => ids(a).includes('rep-2'))).toBe(false);
    const demand = (await call('GET', '/v1/demands/A-01')).body.record as { title: string; description: string };
    const written = await call('POST', '/v1/achievements', {
      id: 'rep-2',
      title: demand.title,
      abstract: demand.description,
      keywords: ['测试'],
    });
    expect(written.status).toBe(201);
    await until(
      async () => (await lists()).every((a) => ids(a).includes('rep-2')),
      2000,
      'the new achievement in every replica’s kept list of A-01',
    );
  });

  it('refuses a key on every replica once it is revoked through one', async () => {
    // As `npm run cli -- keys create/revoke` does: another process on the same database.
    const store = await PgStore.open({ url: databaseUrl });
    try {
      const keys = new KeyStore(await KeyCollection.open(store));
      const { key, entry } = await keys.create({ role: 'broker' });
      await until(
        async () =>
          (await Promise.all([1, 2, 3, 4].map(() => call('GET', '/v1/demands', undefined, key)))).every(
            (a) => a.status === 200,
          ),
        2000,
        'the new key accepted everywhere',
      );
      await keys.revoke(entry.id);
      await until(
        async () =>
          (await Promise.all([1, 2, 3, 4].map(() => call('GET', '/v1/demands', undefined, key)))).every(
            (a) => a.status === 401,
          ),
        2000,
        'the revoked key refused everywhere',
      );
    } finally {
      await store.close();
    }
  });

  it('counts a key against one rate-limit budget whichever replica answers', async () => {
    const store = await PgStore.open({ url: databaseUrl });
    try {
      const { key } = await new KeyStore(await KeyCollection.open(store)).create({ role: 'broker' });
      await until(async () => (await call('GET', '/v1/demands', undefined, key)).status === 200, 2000, 'key known');
      const remaining: number[] = [];
      // One after another on fresh connections: the primary hands them to both replicas in turn.
      for (let i = 0; i < 6; i += 1) {
        const answer = await call('GET', '/v1/demands', undefined, key);
        const header = String(answer.headers.ratelimit ?? '');
        remaining.push(Number(/remaining=(\d+)/.exec(header)?.[1]));
      }
      // One counter: every request leaves one fewer. Per-replica counters would repeat values.
      expect(remaining).toEqual(remaining.map((_, i) => remaining[0]! - i));
    } finally {
      await store.close();
    }
  });

  it('keeps every acknowledged write when a replica is SIGKILLed during a burst, and the survivor answers throughout', {
    timeout: 300_000,
  }, async () => {
    const [victim] = workerPids().filter(alive);
    expect(victim).toBeDefined();
    const acknowledged: string[] = [];
    const failedAfterKill: string[] = [];
    let killedAt = 0;
    const writes = Array.from({ length: 40 }, (_, i) => `burst-${i}`);
    let next = 0;
    const lane = async () => {
      while (next < writes.length) {
        const id = writes[next++]!;
        if (next === 10) {
          killedAt = Date.now();
          process.kill(victim!, 'SIGKILL');
        }
        const started = Date.now();
        try {
          const answer = await call('POST', '/v1/achievements', achievement(id, `高效光伏组件封装材料${id}`));
          if (answer.status === 201) acknowledged.push(id);
          else if (killedAt && started > killedAt + 500) failedAfterKill.push(`${id}: ${answer.status}`);
        } catch (error) {
          // A request the killed replica was holding dies with it; any later one must be answered.
          if (killedAt && started > killedAt + 500) failedAfterKill.push(`${id}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all([lane(), lane(), lane()]);
    expect(killedAt).toBeGreaterThan(0);
    expect(failedAfterKill).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(30);
    // Every acknowledged write is in the database and visible to whichever replica answers.
    const check = await PgStore.open({ url: databaseUrl });
    try {
      for (const id of acknowledged) expect(check.has('achievement', id)).toBe(true);
    } finally {
      await check.close();
    }
    for (const id of acknowledged) {
      const answer = await call('GET', `/v1/achievements/${id}`);
      expect(answer.status, id).toBe(200);
    }
    // The primary replaced the dead worker.
    await until(() => workerPids().filter(alive).length >= 2 || false, 120_000, 'a replacement worker');
  });

  it('answers 503 (never 500, never a hang) while PostgreSQL restarts, and recovers by itself', async () => {
    const statuses: number[] = [];
    const errors: string[] = [];
    let stop = false;
    let n = 0;
    const lane = async () => {
      while (!stop) {
        const id = `pgdown-${n++}`;
        try {
          const write = await call('POST', '/v1/achievements', achievement(id, `低温余热发电系统${id}`));
          statuses.push(write.status);
          const read = await call('POST', '/v1/match', { text: '余热发电', against: 'achievements', k: 3 });
          statuses.push(read.status);
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
    };
    const lanes = [lane(), lane()];
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.restart({ downMs: 2000 });
    // The service finds the database again by itself: writes succeed once more.
    await until(
      async () => (await call('POST', '/v1/achievements', achievement(`pgback-${n++}`, '余热回收'))).status === 201,
      20_000,
      'writes succeeding after the restart',
    );
    stop = true;
    await Promise.all(lanes);
    expect(errors).toEqual([]);
    expect(statuses.filter((s) => s !== 200 && s !== 201 && s !== 503)).toEqual([]);
    expect(statuses).toContain(503);
  });

  it('keeps the previous index when the rebuild is SIGKILLed half-way, and the next rebuild succeeds and is taken by every replica', {
    timeout: 400_000,
  }, async () => {
    // Each replica may hold its own saved version (a replacement saves what it repaired at start).
    const indexVersions = async () =>
      new Set(
        (await Promise.all([1, 2, 3, 4].map(() => call('GET', '/health')))).map(
          (a) => (a.body.index as { version: string }).version,
        ),
      );
    const before = await indexVersions();
    const env = { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir };
    const cli = [...TSX, path.join(REPO_ROOT, 'src/cli/main.ts'), 'rebuild', '--full'];
    const killed = spawn(process.execPath, cli, { cwd: REPO_ROOT, env, stdio: 'ignore' });
    const probe = new pg.Client({ connectionString: databaseUrl });
    await probe.connect();
    try {
      // Half-way: once it holds the rebuild lock, i.e. is rebuilding.
      await until(
        async () =>
          (await probe.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 720101")).rowCount === 1,
        120_000,
        'the rebuild holding its lock',
      );
      killed.kill('SIGKILL');
      await new Promise((resolve) => killed.once('exit', resolve));
      for (const version of await indexVersions()) expect(before).toContain(version);
      for (let i = 0; i < 4; i += 1) {
        expect((await call('POST', '/v1/match', { text: '光伏', against: 'achievements' })).status).toBe(200);
      }
    } finally {
      await probe.end();
    }
    const rebuilt = spawn(process.execPath, cli, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    rebuilt.stdout?.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => rebuilt.once('exit', resolve));
    expect(code).toBe(0);
    const version = /index (v\S+)/.exec(output)?.[1];
    expect(version).toBeDefined();
    await until(
      async () =>
        (await Promise.all([1, 2, 3, 4].map(() => call('GET', '/health')))).every(
          (a) => (a.body.index as { version: string }).version === version,
        ),
      5000,
      'every replica on the new index',
    );
  });
});
