/**
 * HTTP throughput of the real service app on loopback: the engine of the
 * latency section behind createApp (src/serve/app.ts), a fresh key store with
 * one broker key, and autocannon in a worker thread (so the load generator
 * does not share the server's event loop) for a bounded duration, cycling
 * GET /v1/demands/:id/matches over every bench demand.
 */
import { KeyStore } from '../auth/index.js';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { loadConfig } from '../config/index.js';
import type { BenchContext } from './context.js';
import { check, type Section } from './report.js';

export interface HttpPlan {
  warmUpSeconds: number;
  seconds: number;
  connections: number;
}

type Service = typeof import('../serve/index.js');

/** The service is imported at run time so a service that fails to load skips this section instead of the whole bench. */
async function loadService(): Promise<Service | string> {
  try {
    return await import('../serve/index.js');
  } catch (error) {
    return `service not available (${(error as Error).message.split('\n')[0]})`;
  }
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  ok: number;
  errors: number;
  duration: number;
}

/** One GET on its own connection (a cluster hands each new connection to the next worker). */
function getOnce(port: number, urlPath: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: urlPath, agent: false, headers: { 'x-api-key': key, connection: 'close' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
  });
}

/**
 * Stored-demand matches against a service on loopback: every demand asked once per worker
 * first (each worker embeds a demand's query on its first match of it, ~15 ms of model time
 * that a timed run must not include), an untimed warm-up run, then the timed one.
 * Errors = connection errors + timeouts + non-2xx responses.
 */
export async function loadMatches(
  port: number,
  key: string,
  demandIds: string[],
  plan: HttpPlan,
  workers = 1,
): Promise<LoadResult> {
  // Consecutive new connections go to the workers in turn: each demand `workers` times in a row reaches each.
  for (const id of demandIds)
    for (let turn = 0; turn < workers; turn += 1)
      await getOnce(port, `/v1/demands/${encodeURIComponent(id)}/matches`, key);
  const load = (seconds: number) =>
    autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: plan.connections,
      duration: seconds,
      workers: 1,
      headers: { 'x-api-key': key },
      requests: demandIds.map((id) => ({
        method: 'GET' as const,
        path: `/v1/demands/${encodeURIComponent(id)}/matches`,
      })),
    });
  await load(plan.warmUpSeconds); // untimed: JIT of the HTTP path, the load generator's start-up
  const result = await load(plan.seconds);
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    ok: result['2xx'],
    errors: result.errors + result.timeouts + result.non2xx,
    duration: result.duration,
  };
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function httpSection(context: BenchContext, plan: HttpPlan): Promise<Section> {
  const start = performance.now();
  const n = context.setup.engine.indexedCount('achievement');
  const base: Omit<Section, 'seconds'> = {
    id: 'http',
    title: `HTTP at ${n} achievements`,
    method: [
      `The real app (createApp from src/serve/app.ts) over the latency section's engine, on 127.0.0.1 with an ephemeral port; a fresh key store with one broker key sent as X-API-Key; request logging at info level to a discarding stream.`,
      `autocannon in a worker thread, ${plan.connections} connections, ${plan.seconds} s after an untimed ${plan.warmUpSeconds} s warm-up run, GET /v1/demands/:id/matches cycling over the ${context.dataset.demands.length} bench demands (default k). Errors = connection errors + timeouts + non-2xx responses.`,
      `Run twice: with the engine's kept match lists as the service has them by default (src/engine/match-cache.ts; the timed run is served from lists computed during the warm-up, as a broker's reopened list is), then with the cache off, every list computed.`,
    ],
    tables: [],
    targets: [],
    notes: [],
  };
  const service = await loadService();
  if (typeof service === 'string') return { ...base, skipped: service, seconds: (performance.now() - start) / 1000 };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kjcg-bench-http-'));
  const server = http.createServer();
  try {
    const keys = new KeyStore(path.join(dir, 'keys.json'));
    const { key } = await keys.create({ role: 'broker', name: 'bench' });
    const config = {
      ...loadConfig(),
      DATA_DIR: context.setup.engine.paths.dataDir,
      DEMO_DATA: false,
      LOG_LEVEL: 'info' as const,
      // One key sends every request: the per-key rate limits would measure themselves, not the service.
      RATE_LIMIT_MAX: Number.MAX_SAFE_INTEGER,
      RATE_LIMIT_HEAVY_MAX: Number.MAX_SAFE_INTEGER,
    };
    // Request logging stays on at the production level (its cost is part of a request); the lines are discarded.
    const logger = service.createLogger(config, { write: () => undefined });
    server.on('request', service.createApp({ engine: context.setup.engine, config, keys, logger }));
    const port = await listen(server);
    const ids = context.dataset.demands.map((d) => d.id);
    // One request per id first: a broken route should fail loudly, not as a fast stream of 4xx.
    const probe = await fetch(`http://127.0.0.1:${port}/v1/demands/${encodeURIComponent(ids[0]!)}/matches`, {
      headers: { 'X-API-Key': key },
    });
    if (!probe.ok) base.notes.push(`probe request answered ${probe.status}: ${(await probe.text()).slice(0, 200)}`);
    const cache = context.setup.engine.matchCache;
    const kept = await loadMatches(port, key, ids, plan);
    // The same load with every list computed: what a list costs the first time after a write.
    const capacity = cache.capacity;
    cache.capacity = 0;
    const computed = await loadMatches(port, key, ids, plan).finally(() => {
      cache.capacity = capacity;
    });
    const row = (label: string, pick: (r: LoadResult) => number) => ({ label, values: [pick(kept), pick(computed)] });
    base.tables.push({
      title: 'GET /v1/demands/:id/matches',
      columns: ['figure', `lists kept (default, MATCH_CACHE_LISTS=${capacity})`, 'every list computed (0)'],
      rows: [
        row('successful requests/s (2xx ÷ duration)', (r) => r.rps),
        row('latency p50 ms', (r) => r.p50),
        row('latency p99 ms', (r) => r.p99),
        row('latency max ms', (r) => r.max),
        row('2xx responses', (r) => r.ok),
        row('errors (connection + timeouts + non-2xx)', (r) => r.errors),
        row('duration s', (r) => r.duration),
      ],
    });
    base.targets.push(
      check(
        `HTTP requests/s at ${n} achievements, loopback, ${plan.connections} connections`,
        kept.rps,
        'req/s',
        { min: 500 },
        `every list computed: ${computed.rps.toFixed(0)} req/s`,
      ),
      check('HTTP errors during the runs', kept.errors + computed.errors, '', { max: 0 }),
    );
    return { ...base, seconds: (performance.now() - start) / 1000 };
  } finally {
    server.close();
    server.closeAllConnections();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
