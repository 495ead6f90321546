/**
 * HTTP throughput of the deployed shapes: `npm start` (src/serve/main.ts) on
 * the embedded store (one process), then on a real PostgreSQL with each
 * WORKERS value, each run a fresh service over the same data, measured by the
 * same load as the in-process HTTP section (autocannon in a worker thread of
 * this process, stored-demand matches). The load generator shares the
 * machine's cores with the service, as it does in the in-process section.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KeyCollection, KeyStore } from '../auth/index.js';
import { dataPaths, REPO_ROOT } from '../config/paths.js';
import type { StoreChange } from '../store/index.js';
import { PgStore } from '../store/index.js';
import type { BenchContext } from './context.js';
import { freePort, startPostgres, type TestPostgres } from './embedded-postgres.js';
import { type HttpPlan, type LoadResult, loadMatches } from './http.js';
import { check, type Section } from './report.js';

export interface HttpWorkersPlan extends HttpPlan {
  workers: number[];
  /** WORKERS values run again with MATCH_CACHE_LISTS=0: what computing every list costs. */
  uncachedWorkers: number[];
}

/**
 * The bench engine's data directory copied (its store file, index and embedding cache: the
 * service finds every record indexed and embeds nothing), with a broker key of its own.
 */
async function copyDataDir(context: BenchContext, dataDir: string): Promise<string> {
  const engine = context.setup.engine;
  engine.saveIndex();
  await engine.store.flush();
  fs.cpSync(engine.paths.dataDir, dataDir, { recursive: true });
  const keys = new KeyStore(dataPaths(dataDir).keysFile);
  return (await keys.create({ role: 'broker', name: 'bench' })).key;
}

/** The bench engine's records in a fresh database, with a broker key of its own. */
async function seedDatabase(context: BenchContext, url: string): Promise<string> {
  const engine = context.setup.engine;
  const store = await PgStore.open({ url });
  try {
    for (const kind of ['achievement', 'demand'] as const) {
      const all = engine.store.all(kind);
      for (let i = 0; i < all.length; i += 1000) {
        await store.apply(all.slice(i, i + 1000).map((stored) => ({ kind, op: 'put', stored }) as StoreChange));
      }
    }
    const keys = new KeyStore(await KeyCollection.open(store));
    return (await keys.create({ role: 'broker', name: 'bench' })).key;
  } finally {
    await store.close();
  }
}

interface RunningService {
  child: ChildProcess;
  stop(): Promise<void>;
}

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `npm start` as an operator runs it; resolves once every worker listens. Its log goes to a file, as a deployment's would. */
async function startService(env: Record<string, string>, workers: number, logFile: string): Promise<RunningService> {
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/serve/main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, WORKERS: String(workers) },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = () =>
    fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"msg":"listening"')).length;
  try {
    await until(
      () => {
        if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before listening`);
        return listening() >= workers;
      },
      300_000,
      `${workers} workers listening`,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface Run {
  label: string;
  workers: number;
  cached: boolean;
  result: LoadResult;
}

export async function httpWorkersSection(context: BenchContext, plan: HttpWorkersPlan): Promise<Section> {
  const started = performance.now();
  const n = context.setup.engine.indexedCount('achievement');
  const base: Omit<Section, 'seconds'> = {
    id: 'http-workers',
    title: `HTTP as deployed (npm start): the embedded store, and PostgreSQL with n workers, at ${n} achievements`,
    method: [
      `\`npm start\` (src/serve/main.ts) as an operator runs it, a fresh service each time over a copy of the bench engine's data directory (records, index, embedding cache: nothing is embedded at start): first on the embedded store (lowdb, one process), then with DATABASE_URL on an embedded PostgreSQL 18 (fsync off: the bench measures the service, not the disk) holding the same records, with WORKERS = ${plan.workers.join(', then ')}. LOG_LEVEL=info, the log written to a file. The match lists are kept as the service keeps them by default (MATCH_CACHE_LISTS=2048, src/engine/match-cache.ts): the timed run is served from lists computed during the warm-up, as a broker's reopened list is; the runs marked MATCH_CACHE_LISTS=0 compute every list (the first request of a demand after a write).`,
      `The same load as the in-process section: autocannon in a worker thread of the bench process, ${plan.connections} connections, ${plan.seconds} s after an untimed ${plan.warmUpSeconds} s warm-up, GET /v1/demands/:id/matches cycling over the ${context.dataset.demands.length} bench demands with one broker key; before the warm-up every demand is asked once per worker on fresh connections, so no worker embeds a demand's query during the timed run. The load generator and PostgreSQL run on the same ${os.availableParallelism()} cores as the workers.`,
    ],
    tables: [],
    targets: [],
    notes: [],
  };
  let postgres: TestPostgres | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kjcg-bench-workers-'));
  const demandIds = context.dataset.demands.map((d) => d.id);
  const runs: Run[] = [];
  const measure = async (label: string, workers: number, env: Record<string, string>, key: string) => {
    const cached = env.MATCH_CACHE_LISTS !== '0';
    const port = await freePort();
    const service = await startService(
      {
        ...env,
        PORT: String(port),
        DEMO_DATA: 'false',
        LOG_LEVEL: 'info',
        // One key sends every request: the per-key rate limits would measure themselves, not the service.
        RATE_LIMIT_MAX: String(Number.MAX_SAFE_INTEGER),
        RATE_LIMIT_HEAVY_MAX: String(Number.MAX_SAFE_INTEGER),
      },
      workers,
      path.join(dir, `service-${runs.length}.log`),
    );
    try {
      const probe = await fetch(`http://127.0.0.1:${port}/v1/demands/${encodeURIComponent(demandIds[0]!)}/matches`, {
        headers: { 'X-API-Key': key },
      });
      if (!probe.ok) base.notes.push(`${label}: probe answered ${probe.status}: ${(await probe.text()).slice(0, 200)}`);
      runs.push({ label, workers, cached, result: await loadMatches(port, key, demandIds, plan, workers) });
    } finally {
      await service.stop();
    }
  };
  try {
    const dataDir = path.join(dir, 'data');
    const fileKey = await copyDataDir(context, dataDir);
    await measure('embedded store, 1 process', 1, { DATA_DIR: dataDir }, fileKey);
    postgres = await startPostgres();
    const url = await postgres.createDatabase();
    const key = await seedDatabase(context, url);
    for (const workers of plan.workers)
      await measure(`PostgreSQL, WORKERS=${workers}`, workers, { DATABASE_URL: url, DATA_DIR: dataDir }, key);
    for (const workers of plan.uncachedWorkers)
      await measure(
        `PostgreSQL, WORKERS=${workers}, MATCH_CACHE_LISTS=0`,
        workers,
        { DATABASE_URL: url, DATA_DIR: dataDir, MATCH_CACHE_LISTS: '0' },
        key,
      );

    const column = (pick: (r: LoadResult) => number) => runs.map(({ result }) => pick(result));
    base.tables.push({
      title: 'GET /v1/demands/:id/matches, as deployed',
      columns: ['figure', ...runs.map((r) => r.label)],
      rows: [
        { label: 'successful requests/s (2xx ÷ duration)', values: column((r) => r.rps) },
        { label: 'latency p50 ms', values: column((r) => r.p50) },
        { label: 'latency p99 ms', values: column((r) => r.p99) },
        { label: 'latency max ms', values: column((r) => r.max) },
        { label: '2xx responses', values: column((r) => r.ok) },
        { label: 'errors (connection + timeouts + non-2xx)', values: column((r) => r.errors) },
      ],
    });
    const embedded = runs[0]!;
    const onPostgres = runs.filter((r) => r.label.startsWith('PostgreSQL'));
    const most = onPostgres.filter((r) => r.cached).at(-1)!;
    const beside = onPostgres
      .filter((r) => r !== most)
      .map((r) => `WORKERS=${r.workers}${r.cached ? '' : ', every list computed'}: ${r.result.rps.toFixed(0)} req/s`);
    base.targets.push(
      check(
        `HTTP requests/s, npm start on the embedded store at ${n} achievements, ${plan.connections} connections`,
        embedded.result.rps,
        'req/s',
        { min: 500 },
      ),
      check(
        `HTTP requests/s with WORKERS=${most.workers} on PostgreSQL at ${n} achievements, ${plan.connections} connections`,
        most.result.rps,
        'req/s',
        { min: 800 },
        beside.length > 0 ? beside.join('; ') : undefined,
      ),
      check(
        'HTTP errors as deployed (every run)',
        runs.reduce((sum, r) => sum + r.result.errors, 0),
        '',
        { max: 0 },
      ),
    );
    return { ...base, seconds: (performance.now() - started) / 1000 };
  } finally {
    await postgres?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
