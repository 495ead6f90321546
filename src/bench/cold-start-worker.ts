/**
 * Child process of the scale section: loads a persisted index the way a
 * starting service does, in a fresh process, so its load time and its memory
 * (RSS) are not mixed with the bench's own. Then loads the model, to show the
 * footprint of a service holding that index. Prints one JSON line.
 *
 * RSS is read three ways, because right after loading it still holds the
 * loader's garbage and varies from run to run: as found, after a forced full
 * GC (what stays), and the peak (what the machine must provide).
 *
 * Run by scale.ts as: node --expose-gc --import tsx cold-start-worker.ts <ColdStartInput JSON file>
 */
import fs from 'node:fs';
import { Embedder } from '../embed/index.js';
import { loadIndexSet, readManifest } from '../index/index.js';
import { rssMiB } from './stats.js';

export interface ColdStartInput {
  indexDir: string;
  manifestFile: string;
  modelDir: string;
  query: number[];
}

export interface ColdStartResult {
  rssBaselineMiB: number;
  loadSeconds: number;
  firstSearchMs: number;
  rssWithIndexMiB: number;
  /** After a forced full GC: what the loaded index keeps. */
  rssWithIndexAfterGcMiB: number;
  /** V8 heap in use after that GC (BM25 postings, ids, hashes). */
  heapUsedMiB: number;
  /** ArrayBuffers after that GC (the raw vectors VectorIndex keeps beside hnswlib's own copy). */
  arrayBuffersMiB: number;
  modelLoadSeconds: number;
  rssWithIndexAndModelMiB: number;
  /** Peak RSS of the process over its whole life (getrusage maxrss). */
  peakRssMiB: number;
  indexedAchievements: number;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the cold-start worker with --expose-gc');
  gc();
}

async function main(): Promise<void> {
  const inputFile = process.argv[2];
  if (!inputFile) throw new Error('usage: cold-start-worker.ts <input JSON file>');
  const input = JSON.parse(fs.readFileSync(inputFile, 'utf8')) as ColdStartInput;
  const rssBaselineMiB = rssMiB();
  const loadStart = performance.now();
  const manifest = readManifest(input.manifestFile);
  if (!manifest) throw new Error(`no manifest at ${input.manifestFile}`);
  const indexes = loadIndexSet(input.indexDir, manifest);
  indexes.achievement.vectors.setEf(manifest.hnsw.efSearch);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const searchStart = performance.now();
  indexes.achievement.denseSearch(Float32Array.from(input.query), 10);
  const firstSearchMs = performance.now() - searchStart;
  const rssWithIndexMiB = rssMiB();
  collectGarbage();
  const afterGc = process.memoryUsage();
  const modelStart = performance.now();
  const embedder = await Embedder.load({ modelDir: input.modelDir, useQueryInstruction: true });
  await embedder.embedOne('汽车动力电池热管理', 'query');
  const modelLoadSeconds = (performance.now() - modelStart) / 1000;
  const result: ColdStartResult = {
    rssBaselineMiB,
    loadSeconds,
    firstSearchMs,
    rssWithIndexMiB,
    rssWithIndexAfterGcMiB: afterGc.rss / 2 ** 20,
    heapUsedMiB: afterGc.heapUsed / 2 ** 20,
    arrayBuffersMiB: afterGc.arrayBuffers / 2 ** 20,
    modelLoadSeconds,
    rssWithIndexAndModelMiB: rssMiB(),
    // maxRSS is in KiB on Linux.
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    indexedAchievements: indexes.achievement.size,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
