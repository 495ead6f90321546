import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Achievement, Stored } from '../../src/domain/index.js';
import { RecordStore } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import { recordStoreContract } from './records-contract.js';

function tempFile(): string {
  return path.join(tempDir('store-'), 'store.json');
}

function stored(id: string, title = `成果${id}`): Stored<Achievement> {
  const now = new Date().toISOString();
  return {
    record: { id, title },
    meta: { createdAt: now, updatedAt: now, industry: '其他', industrySource: 'inferred', industryConfidence: 0 },
  };
}

recordStoreContract('lowdb', async () => {
  const file = tempFile();
  return { store: await RecordStore.open(file), reopen: () => RecordStore.open(file) };
});

describe('record store', () => {
  it('persists changes so a fresh open sees them', async () => {
    const file = tempFile();
    const store = await RecordStore.open(file);
    await store.apply([{ kind: 'achievement', op: 'put', stored: stored('a1') }]);
    await store.apply([
      { kind: 'achievement', op: 'put', stored: stored('a2') },
      { kind: 'achievement', op: 'delete', id: 'a1' },
    ]);
    const reopened = await RecordStore.open(file);
    expect(reopened.all('achievement').map((s) => s.record.id)).toEqual(['a2']);
  });

  it('loses none of 100 concurrent writes and coalesces them into few file writes', async () => {
    const file = tempFile();
    const store = await RecordStore.open(file);
    let renames = 0;
    const watcher = fs.watch(path.dirname(file), (event) => (renames += event === 'rename' ? 1 : 0));
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.apply([{ kind: 'achievement', op: 'put', stored: stored(`c${i}`) }])),
    );
    watcher.close();
    const reopened = await RecordStore.open(file);
    expect(reopened.count('achievement')).toBe(100);
    expect(renames).toBeLessThan(100);
  });

  it('refuses a change that JSON cannot hold before it touches memory, and keeps persisting the writes after it', async () => {
    const file = tempFile();
    const store = await RecordStore.open(file);
    let deep: unknown[] = [];
    for (let i = 0; i < 20_000; i += 1) deep = [deep];
    const poisoned = { ...stored('deep'), record: { id: 'deep', title: '深', x: deep } };
    // Synchronously: the engine indexes right after apply() returns, so a later rejection would be too late.
    expect(() => store.apply([{ kind: 'achievement', op: 'put', stored: poisoned }])).toThrow(/cannot be stored/);
    expect(store.has('achievement', 'deep')).toBe(false);
    await store.apply([{ kind: 'achievement', op: 'put', stored: stored('after') }]);
    const reopened = await RecordStore.open(file);
    expect(reopened.all('achievement').map((s) => s.record.id)).toEqual(['after']);
  });

  it('keeps every acknowledged write, and a loadable store, when the writer is killed mid-write', async () => {
    const file = tempFile();
    const store = await RecordStore.open(file);
    await store.apply([{ kind: 'achievement', op: 'put', stored: stored('keep') }]);
    // A child process rewrites 2000 big records per round and reports each round once it is durable.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve(import.meta.dirname, 'write-loop.ts'), file],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let acknowledged = -1;
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) acknowledged = Number(line);
    });
    // The kill must land after the writer wrote (two rounds acknowledged), at an arbitrary moment.
    while (acknowledged < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 300));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const lastAcknowledged = acknowledged;
    expect(lastAcknowledged).toBeGreaterThanOrEqual(1);

    const reopened = await RecordStore.open(file);
    expect(reopened.get('achievement', 'keep')?.record.title).toBe('成果keep');
    expect(reopened.count('achievement')).toBe(2001);
    // Every record holds the last acknowledged round or the one in flight, all from the same round.
    const rounds = new Set(
      reopened
        .all('achievement')
        .filter((s) => s.record.id !== 'keep')
        .map((s) => Number(/^第(\d+)轮/.exec(s.record.title)![1])),
    );
    expect(rounds.size).toBe(1);
    expect([lastAcknowledged, lastAcknowledged + 1]).toContain([...rounds][0]);
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('process lock', () => {
  it('creates a missing data directory, refuses a second holder, and frees the lock on release', async () => {
    const { acquireLock, lockHolder } = await import('../../src/fs/index.js');
    const file = path.join(tempDir('lock-'), 'not', 'yet', 'service.lock');
    const release = acquireLock(file, 'test');
    expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid));
    const child = spawn(process.execPath, ['-e', `setTimeout(() => {}, 5000)`], { stdio: 'ignore' });
    fs.writeFileSync(file, String(child.pid));
    expect(lockHolder(file)).toBe(child.pid);
    expect(() => acquireLock(file, 'second')).toThrow(/in use by process/);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(lockHolder(file)).toBeNull();
    fs.writeFileSync(file, String(process.pid));
    release();
    expect(fs.existsSync(file)).toBe(false);
  });
});
