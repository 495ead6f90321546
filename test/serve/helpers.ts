/**
 * Test harness: the real app from createApp on the real model and index, in
 * a temporary data directory holding a small slice of the demo data
 * (the first achievements of data/demo/achievements.jsonl and all 40 demands).
 */
import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Response } from 'superagent';
import request from 'supertest';
import {
  DEMO_ACHIEVEMENTS_FILE,
  DEMO_DEMANDS_FILE,
  dataPaths,
  loadConfig,
  type AppConfig,
} from '../../src/config/index.js';
import type { Demand } from '../../src/domain/index.js';
import { MatchEngine, engineConfigFrom, importJsonlText } from '../../src/engine/index.js';
import { KeyStore } from '../../src/auth/index.js';
import { createApp, createHttpServer, createLogger } from '../../src/serve/index.js';
import { outcomeSourceFor } from '../../src/introductions/index.js';
import { tempDir as sharedTempDir } from '../helpers.js';

export const SLICE_ACHIEVEMENTS = 150;

export function demoLines(kind: 'achievement' | 'demand', from = 0, to?: number): string[] {
  const file = kind === 'achievement' ? DEMO_ACHIEVEMENTS_FILE : DEMO_DEMANDS_FILE;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(from, to);
}

export function demoDemands(): Demand[] {
  return demoLines('demand').map((line) => JSON.parse(line) as Demand);
}

export function tempDir(prefix: string): string {
  return sharedTempDir(`kjcg-${prefix}-`);
}

export function testConfig(dataDir: string, overrides: Partial<AppConfig> = {}): AppConfig {
  // Rate limits far above what any test sends; test/serve/probe.test.ts sets low ones where it tests them.
  return {
    ...loadConfig({}),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    DEMO_DATA: false,
    RATE_LIMIT_MAX: 1_000_000,
    RATE_LIMIT_HEAVY_MAX: 1_000_000,
    ...overrides,
  };
}

/** An engine on a fresh directory holding the slice. */
export async function openSliceEngine(config: AppConfig, achievements = SLICE_ACHIEVEMENTS): Promise<MatchEngine> {
  // Opened as the service opens it (src/serve/start.ts): brokers' outcomes reach the ranking.
  const engine = await MatchEngine.open(engineConfigFrom(config), { outcomes: outcomeSourceFor(config) });
  await importJsonlText(engine, 'achievement', demoLines('achievement', 0, achievements).join('\n'));
  await importJsonlText(engine, 'demand', demoLines('demand').join('\n'));
  return engine;
}

/** Log lines written by the app, kept in memory so tests can read them. */
export function memoryLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

export interface TestKeys {
  admin: string;
  broker: string;
  /** Bound to demo-ent-a, which owns the demands with ids A-… */
  enterpriseA: string;
  /** Bound to demo-ent-b. */
  enterpriseB: string;
}

export async function createKeys(keys: KeyStore): Promise<TestKeys> {
  return {
    admin: (await keys.create({ role: 'admin' })).key,
    broker: (await keys.create({ role: 'broker' })).key,
    enterpriseA: (await keys.create({ role: 'enterprise', enterpriseId: 'demo-ent-a' })).key,
    enterpriseB: (await keys.create({ role: 'enterprise', enterpriseId: 'demo-ent-b' })).key,
  };
}

export interface TestService {
  engine: MatchEngine;
  config: AppConfig;
  keys: TestKeys;
  keyStore: KeyStore;
  logLines: string[];
  server: http.Server;
  /** supertest bound to the listening server (one server for all requests). */
  http: ReturnType<typeof request>;
  url: string;
  close: () => Promise<void>;
}

export async function startTestService(
  options: { config?: Partial<AppConfig>; achievements?: number } = {},
): Promise<TestService> {
  const dataDir = tempDir('serve');
  const config = testConfig(dataDir, options.config);
  const engine = await openSliceEngine(config, options.achievements);
  const keyStore = new KeyStore(dataPaths(dataDir).keysFile);
  const keys = await createKeys(keyStore);
  const log = memoryLog();
  const app = createApp({ engine, config, keys: keyStore, logger: createLogger(config, log.stream) });
  const server = createHttpServer(app, config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    engine,
    config,
    keys,
    keyStore,
    logLines: log.lines,
    server,
    http: request(server),
    url,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A supertest parser that keeps the body as raw bytes (`.buffer(true).parse(asBytes)`), so a test can check
 * the BOM of a CSV or open a workbook rather than read a decoded string.
 */
export function asBytes(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Parses a CSV body (RFC 4180 quoting) into rows of cells; the BOM is kept off the first cell. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
