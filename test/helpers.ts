/** Shared test fixtures: small slices of the real data and temporary engines. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MODEL_DIR, DEMO_ACHIEVEMENTS_FILE, DEMO_DEMANDS_FILE } from '../src/config/paths.js';
import { DEFAULT_HNSW } from '../src/index/index.js';
import { DEFAULT_RANKING, MatchEngine, type EngineConfig } from '../src/engine/index.js';
import type { Embedder } from '../src/embed/index.js';

const made: string[] = [];

/** A fresh folder in the temp directory; removed after the test file (test/support/temp-cleanup.ts). */
export function tempDir(prefix = 'kjcg-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The first `count` demo achievements (CSL full records come first) as JSONL text. */
export function achievementSlice(count: number): string {
  return fs.readFileSync(DEMO_ACHIEVEMENTS_FILE, 'utf8').split('\n').slice(0, count).join('\n') + '\n';
}

export function demoDemandsText(): string {
  return fs.readFileSync(DEMO_DEMANDS_FILE, 'utf8');
}

export function testEngineConfig(dataDir: string): EngineConfig {
  return {
    dataDir,
    modelDir: DEFAULT_MODEL_DIR,
    useQueryInstruction: true,
    ranking: DEFAULT_RANKING,
    hnsw: DEFAULT_HNSW,
  };
}

export function openTestEngine(dataDir: string, embedder?: Embedder): Promise<MatchEngine> {
  return MatchEngine.open(testEngineConfig(dataDir), { embedder });
}
