/**
 * npm run memory-200k [-- --size 200000 --ef-construction 200 --runs 3]
 * Peak and held RSS of a fresh process loading the saved synthetic index and the model
 * (the scale section's cold start alone); the index is built once and kept in var/bench-cache.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/index.js';
import { BENCH_CACHE_DIR } from '../src/bench/context.js';
import { BUNDLED_DATA_FILES, loadDataset } from '../src/bench/dataset.js';
import { measureColdStarts } from '../src/bench/memory-at-scale.js';
import { DEFAULT_HNSW } from '../src/index/index.js';
import { EMBEDDING_DIMS } from '../src/embed/index.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '200000' },
    'ef-construction': { type: 'string', default: String(DEFAULT_HNSW.efConstruction) },
    runs: { type: 'string', default: '3' },
  },
});

const dataset = loadDataset(BUNDLED_DATA_FILES);
const log = (line: string) => console.error(`[${new Date().toISOString()}] ${line}`);
const results = await measureColdStarts(
  dataset,
  {
    size: Number(values.size),
    seed: 20240601,
    noise: 0.5,
    m: DEFAULT_HNSW.m,
    efConstruction: Number(values['ef-construction']),
    efSearch: DEFAULT_HNSW.efSearch,
    cacheDir: BENCH_CACHE_DIR,
    modelDir: loadConfig().MODEL_DIR,
    runs: Number(values.runs),
  },
  EMBEDDING_DIMS,
  log,
);
const mib = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
console.log(`peak RSS MiB (load + model): ${mib(results.map((r) => r.peakRssMiB))}`);
console.log(`held RSS MiB after full GC, index only: ${mib(results.map((r) => r.rssWithIndexAfterGcMiB))}`);
console.log(`held RSS MiB, index + model: ${mib(results.map((r) => r.rssWithIndexAndModelMiB))}`);
console.log(`load s: ${results.map((r) => r.loadSeconds.toFixed(1)).join(', ')}`);
dataset.dispose();
