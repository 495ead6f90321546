/**
 * The 200k memory check on its own (issue 12): builds, or reuses from
 * var/bench-cache, a saved index of the synthetic corpus, then loads it in
 * fresh processes with cold-start-worker.ts, exactly as the scale section's
 * cold start does, without the rest of `npm run bench -- --scale`.
 *
 * Memory does not depend on the vectors' values or on efConstruction (each
 * HNSW element has fixed-size slots, levels are drawn at random), so the
 * parents' vectors are seeded random unit vectors (no model run needed to
 * warm an embedding cache), and a lower efConstruction may be passed to
 * build faster on a busy machine. The saved index is kept and reused, so
 * code before and after a change is measured on the same files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MODEL_ID } from '../config/index.js';
import { indexInput } from '../engine/index.js';
import { INDEX_FORMAT_VERSION, SideIndex, readManifest, saveIndexSet } from '../index/index.js';
import type { ColdStartResult } from './cold-start-worker.js';
import type { Dataset } from './dataset.js';
import { createGaussian, createRandom } from './prng.js';
import { runColdStart } from './scale.js';
import { syntheticCorpus } from './synthetic-corpus.js';

export interface MemoryPlan {
  size: number;
  seed: number;
  noise: number;
  m: number;
  efConstruction: number;
  efSearch: number;
  cacheDir: string;
  modelDir: string;
  runs: number;
}

/** One seeded random unit vector per real record, standing in for its bge vector. */
function randomParentVectors(count: number, dims: number, seed: number): Float32Array[] {
  const gaussian = createGaussian(createRandom(seed));
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dims }, gaussian);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

export function savedIndexDir(plan: MemoryPlan): string {
  return path.join(
    plan.cacheDir,
    `memory-${plan.size}-seed${plan.seed}-m${plan.m}-efc${plan.efConstruction}-format${INDEX_FORMAT_VERSION}`,
  );
}

/** Builds and saves the index unless a complete one is already saved; returns its folder. */
export function ensureSavedIndex(dataset: Dataset, plan: MemoryPlan, dims: number, log: (line: string) => void) {
  const indexDir = savedIndexDir(plan);
  const manifestFile = path.join(indexDir, 'manifest.json');
  if (readManifest(manifestFile)) {
    log(`reusing the saved index in ${indexDir}`);
    return { indexDir, manifestFile };
  }
  const source = {
    records: dataset.achievements,
    vectors: randomParentVectors(dataset.achievements.length, dims, plan.seed),
  };
  const corpus = syntheticCorpus(source, {
    count: plan.size,
    seed: plan.seed,
    noise: plan.noise,
    cacheDir: plan.cacheDir,
  });
  const hnsw = { m: plan.m, efConstruction: plan.efConstruction, efSearch: plan.efSearch };
  const side = SideIndex.empty(dims, plan.size, hnsw);
  const start = performance.now();
  corpus.records.forEach((record, row) => {
    const input = indexInput('achievement', record);
    side.put({
      id: record.id,
      contentHash: input.contentHash,
      vector: corpus.vectors.subarray(row * dims, (row + 1) * dims),
      fields: input.fields,
    });
    if ((row + 1) % 10000 === 0)
      log(`indexed ${row + 1}/${plan.size} (${((performance.now() - start) / 1000).toFixed(0)} s)`);
  });
  fs.mkdirSync(indexDir, { recursive: true });
  saveIndexSet(
    indexDir,
    manifestFile,
    { achievement: side, demand: SideIndex.empty(dims, 16, hnsw) },
    { modelId: MODEL_ID, dims, hnsw },
  );
  log(`saved the index in ${indexDir}`);
  return { indexDir, manifestFile };
}

export async function measureColdStarts(
  dataset: Dataset,
  plan: MemoryPlan,
  dims: number,
  log: (line: string) => void,
): Promise<ColdStartResult[]> {
  const { indexDir, manifestFile } = ensureSavedIndex(dataset, plan, dims, log);
  const query = Array.from(randomParentVectors(1, dims, plan.seed + 7)[0]!);
  const results: ColdStartResult[] = [];
  for (let run = 0; run < plan.runs; run += 1) {
    const result = await runColdStart({ indexDir, manifestFile, modelDir: plan.modelDir, query });
    log(`run ${run + 1}: ${JSON.stringify(result)}`);
    results.push(result);
  }
  return results;
}
