import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../../src/config/paths.js';
import type { TextEmbedder } from '../../src/embed/index.js';
import { importJsonlText } from '../../src/engine/index.js';
import { loadIndexSet, readManifest } from '../../src/index/index.js';
import { RecordStore } from '../../src/store/index.js';
import { achievementSlice, demoDemandsText, openTestEngine, tempDir } from '../helpers.js';

const LOOP = path.resolve(import.meta.dirname, 'crash-loop.ts');
let embedder: TextEmbedder;

/** Runs the loop in a child process and SIGKILLs it after it has completed `rounds` rounds plus `extraMs`. */
async function killMidway(
  dataDir: string,
  mode: 'rebuild' | 'import',
  rounds: number,
  extraMs: number,
): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', LOOP, dataDir, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let completed = 0;
  child.stdout.on('data', (chunk: Buffer) => (completed += chunk.toString().split('\n').filter(Boolean).length));
  while (completed < rounds) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, extraMs));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  return completed;
}

async function expectLoadable(dataDir: string, achievements: number) {
  const paths = dataPaths(dataDir);
  const store = await RecordStore.open(paths.storeFile);
  expect(store.count('achievement')).toBe(achievements);
  expect(store.count('demand')).toBe(40);
  // The index named by the manifest must load as written, not merely be rebuilt around.
  const manifest = readManifest(paths.manifestFile)!;
  const indexes = loadIndexSet(paths.indexDir, manifest);
  expect(indexes.achievement.size).toBeGreaterThan(0);
  const engine = await openTestEngine(dataDir, embedder);
  expect(engine.indexedCount('achievement')).toBe(achievements);
  expect((await engine.matchDemand({ id: 'A-01' }, { k: 3 })).results).toHaveLength(3);
}

async function seededDataDir(): Promise<string> {
  const dataDir = tempDir('kjcg-crash-');
  const engine = await openTestEngine(dataDir, embedder);
  await importJsonlText(engine, 'achievement', achievementSlice(40));
  await importJsonlText(engine, 'demand', demoDemandsText());
  await engine.close();
  return dataDir;
}

beforeAll(async () => {
  embedder = (await openTestEngine(tempDir())).embedder;
});

describe('a SIGKILL leaves the last good state loadable', () => {
  it('during a rebuild, at several points of the cycle', async () => {
    const dataDir = await seededDataDir();
    for (const extraMs of [0, 60, 200]) {
      const completed = await killMidway(dataDir, 'rebuild', 1, extraMs);
      expect(completed).toBeGreaterThanOrEqual(1);
      await expectLoadable(dataDir, 40);
    }
  });

  it('during an import, at several points of the cycle', async () => {
    const dataDir = await seededDataDir();
    for (const extraMs of [0, 100, 300]) {
      await killMidway(dataDir, 'import', 1, extraMs);
      await expectLoadable(dataDir, 40);
    }
  });
});
