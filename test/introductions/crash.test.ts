import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { INTRODUCTIONS, type Introduction } from '../../src/introductions/index.js';
import { RecordStore } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import { openFixtureStore } from './fixtures.js';

const BURST = path.resolve(import.meta.dirname, 'crash-burst.ts');

interface Ack {
  id: string;
  version: number;
  state: string;
}

/** Runs the burst in a child process and SIGKILLs it once `acks` transitions were acknowledged (plus `extraMs`). */
async function killDuringBurst(dataDir: string, acks: number, extraMs: number): Promise<Ack[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', BURST, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acknowledged: Ack[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [, id, version, state] = line.split(' ');
    acknowledged.push({ id: id!, version: Number(version), state: state! });
  });
  let running = true;
  const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => {
    running = false;
  });
  while (acknowledged.length < acks) {
    if (!running) throw new Error('the burst process exited before it was killed');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, extraMs));
  child.kill('SIGKILL');
  await exited;
  return [...acknowledged];
}

describe('a SIGKILL during a burst of transitions', () => {
  it('loses no acknowledged transition, at several points of the burst', async () => {
    const dataDir = tempDir('kjcg-intro-crash-');
    const seeded = await openFixtureStore(dataDir);
    await seeded.flush();
    let total = 0;
    for (const [acks, extraMs] of [
      [40, 0],
      [40, 7],
      [40, 31],
    ] as const) {
      const acknowledged = await killDuringBurst(dataDir, acks, extraMs);
      const store = await RecordStore.open(path.join(dataDir, 'store.json'));
      for (const ack of acknowledged) {
        const doc = await store.getDoc<Introduction>(INTRODUCTIONS, ack.id);
        expect(doc, `introduction ${ack.id} acknowledged at version ${ack.version}`).toBeDefined();
        expect(doc!.version).toBeGreaterThanOrEqual(ack.version);
        // One history entry per write: entry `version` is the acknowledged one.
        expect(doc!.data.history[ack.version - 1]?.to).toBe(ack.state);
        expect(doc!.data.history).toHaveLength(doc!.version);
      }
      total += acknowledged.length;
    }
    expect(total).toBeGreaterThanOrEqual(120);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);
});
