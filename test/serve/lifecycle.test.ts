import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, dataPaths } from '../../src/config/index.js';
import { acquireLock } from '../../src/fs/index.js';
import { RecordStore } from '../../src/store/index.js';
import { createLogger, startService } from '../../src/serve/index.js';
import { demoLines, memoryLog, tempDir, testConfig } from './helpers.js';

const KEY_PATTERN = /kjcg_[\w-]+/;

function writeSlice(dir: string, achievements: number) {
  const files = { achievement: path.join(dir, 'achievements.jsonl'), demand: path.join(dir, 'demands.jsonl') };
  fs.writeFileSync(files.achievement, demoLines('achievement', 0, achievements).join('\n'));
  fs.writeFileSync(files.demand, demoLines('demand').join('\n'));
  return files;
}

describe('first start and restart', () => {
  it('loads the demo data into an empty store, prints the admin key once, listens on a free port, and restarts without either', async () => {
    const dataDir = tempDir('start');
    const demoDir = tempDir('demo');
    const demoFiles = writeSlice(demoDir, 20);
    const config = testConfig(dataDir, { DEMO_DATA: true, PORT: 0 });
    const announced: string[] = [];
    const log = memoryLog();

    const first = await startService({
      config,
      logger: createLogger(config, log.stream),
      demoFiles,
      announce: (text) => announced.push(text),
    });
    expect(announced).toHaveLength(1);
    const adminKey = KEY_PATTERN.exec(announced[0]!)![0];
    expect(first.engine.store.count('achievement')).toBe(20);
    expect(first.engine.store.count('demand')).toBe(demoLines('demand').length);
    expect(first.port).toBeGreaterThan(0);
    const listening = log.lines.map((l) => JSON.parse(l)).find((e) => e.msg === 'listening');
    expect(listening.port).toBe(first.port);
    const reload = await fetch(`${first.url}/v1/admin/reload`, { method: 'POST', headers: { 'X-API-Key': adminKey } });
    expect(reload.status).toBe(200);
    expect(fs.readFileSync(dataPaths(dataDir).keysFile, 'utf8')).not.toContain(adminKey);
    expect(log.lines.join('\n')).not.toContain(adminKey);
    await first.stop();
    expect(fs.existsSync(dataPaths(dataDir).serviceLockFile)).toBe(false);

    const second = await startService({
      config,
      logger: createLogger(config, memoryLog().stream),
      demoFiles,
      announce: (text) => announced.push(text),
    });
    expect(announced).toHaveLength(1);
    expect(second.engine.store.count('achievement')).toBe(20);
    const health = await fetch(`${second.url}/v1/demands?limit=1`, { headers: { 'X-API-Key': adminKey } });
    expect(health.status).toBe(200);
    await second.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(path.dirname(demoFiles.achievement), { recursive: true, force: true });
  });
});

describe('the npm start process', () => {
  it('shows the first admin key on stderr only, holds the data directory, and on SIGTERM refuses new connections, finishes the request in flight, flushes the store and exits 0', async () => {
    const dataDir = tempDir('main');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/serve/main.ts')], {
      cwd: REPO_ROOT,
      // A grace period longer than the import takes on a loaded machine: the test is about finishing it.
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        DEMO_DATA: 'false',
        LOG_LEVEL: 'info',
        SHUTDOWN_GRACE_MS: '80000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const lines: string[] = [];
    const waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.test(line))) waiter.resolve(line);
    });
    const nextLine = (test: (line: string) => boolean) =>
      new Promise<string>((resolve, reject) => {
        const seen = lines.find(test);
        if (seen) return resolve(seen);
        waiters.push({ test, resolve });
        void exited.then((code) =>
          reject(new Error(`service exited (${code}) before the expected line: ${lines.join('\n')}`)),
        );
      });
    const isEvent = (msg: string) => (line: string) =>
      line.startsWith('{') && (JSON.parse(line) as { msg: string }).msg.startsWith(msg);

    const port = (JSON.parse(await nextLine(isEvent('listening'))) as { port: number }).port;
    // The terminal gets the key; stdout is the JSON log that collectors capture, and never holds it.
    const adminKey = KEY_PATTERN.exec(stderr)?.[0] ?? '';
    expect(adminKey).toMatch(KEY_PATTERN);
    expect(lines.join('\n')).not.toContain(adminKey);
    expect(() => acquireLock(dataPaths(dataDir).serviceLockFile, 'test import')).toThrow(/in use by process/);

    // An import long enough (embedding 120 records takes seconds) to be in flight when SIGTERM arrives.
    const base = `http://127.0.0.1:${port}`;
    const batch = demoLines('achievement', 0, 120);
    const importing = fetch(`${base}/v1/achievements/import`, {
      method: 'POST',
      headers: { 'X-API-Key': adminKey, 'Content-Type': 'application/x-ndjson' },
      body: batch.join('\n'),
    });
    // Answered while the import embeds: by then the import's connection has been accepted.
    expect((await fetch(`${base}/health`)).status).toBe(200);
    child.kill('SIGTERM');
    await nextLine(isEvent('stopping'));
    await expect(fetch(`${base}/health`)).rejects.toThrow();

    const imported = await importing;
    expect(imported.status).toBe(200);
    expect(((await imported.json()) as { importedCount: number }).importedCount).toBe(batch.length);
    expect(await exited).toBe(0);

    const events = lines
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; req?: { path: string } });
    const stopping = events.findIndex((e) => e.msg.startsWith('stopping'));
    const importDone = events.findIndex((e) => e.req?.path === '/v1/achievements/import');
    expect(importDone).toBeGreaterThan(stopping);
    expect(events.at(-1)?.msg).toMatch(/^stopped/);
    expect(lines.every((line) => line.startsWith('{'))).toBe(true);
    expect(lines.join('\n')).not.toContain(adminKey);
    expect(fs.existsSync(dataPaths(dataDir).serviceLockFile)).toBe(false);
    const store = await RecordStore.open(dataPaths(dataDir).storeFile);
    expect(store.count('achievement')).toBe(batch.length);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);
});
