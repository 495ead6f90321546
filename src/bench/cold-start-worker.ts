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
  /** Peak RSS once the index is loaded, before the model: what loading the index alone needs. */
  peakRssAfterIndexMiB: number;
  /** Peak RSS of this process over its whole life (VmHWM where /proc has it). */
  peakRssMiB: number;
  /** getrusage's maxRSS: at least what the parent held when it started this process (see peakRssMiB). */
  maxRssMiB: number;
  indexedAchievements: number;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the cold-start worker with --expose-gc');
  gc();
}

/**
 * This process's own peak RSS: VmHWM, the high-water mark of its address space. Not getrusage's
 * maxRSS, which Linux carries over fork and exec from the parent (a child of a 1.5 GiB process
 * reports maxRSS 1,504 MiB against VmHWM 39 MiB): it made the 200k peak read 2,734 MiB while
 * the bench process held 2.9 GiB.
 */
function peakRssMiB(): number {
  const status = fs.existsSync('/proc/self/status') ? fs.readFileSync('/proc/self/status', 'utf8') : '';
  const hwmKiB = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  return hwmKiB ? Number(hwmKiB) / 1024 : maxRssMiB();
}

// maxRSS is in KiB on Linux.
const maxRssMiB = () => process.resourceUsage().maxRSS / 1024;

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
  const peakRssAfterIndexMiB = peakRssMiB();
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
    peakRssAfterIndexMiB,
    peakRssMiB: peakRssMiB(),
    maxRssMiB: maxRssMiB(),
    indexedAchievements: indexes.achievement.size,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
