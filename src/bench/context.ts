/**
 * What every section shares: the data (whole or sliced), one loaded model,
 * and one engine built through openEvalEngine exactly as the eval builds it.
 *
 * Two embedding caches: the shared one (var/eval-cache) is warmed with every
 * passage and demand query first, so a rerun embeds nothing; the engine then
 * runs on a private copy of it, so the uncached texts the bench embeds on
 * purpose (free-text queries, changed records) never pollute the shared cache
 * and are uncached again on the next run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { EVAL_CACHE_DIR, MODEL_ID, loadConfig } from '../config/index.js';
import type { Achievement, Demand } from '../domain/index.js';
import { EMBEDDING_DIMS, Embedder, EmbeddingCache, loadFeatureExtractor } from '../embed/index.js';
import { demandQueryText, indexInput, type EngineConfig } from '../engine/index.js';
import { measuredEngineConfig, openEvalEngine, type EvalSetup, type QueryView } from '../eval/run-eval.js';
import { truncateForModel } from '../text/index.js';
import type { Dataset } from './dataset.js';

export interface DemandQuery {
  demand: Demand;
  /** The text the engine matches for this view (full: title。description; title: the title). */
  text: string;
  /** The engine's query vector for that text (bge query instruction included when configured). */
  vector: Float32Array;
}

export interface BenchContext {
  dataset: Dataset;
  engineConfig: Omit<EngineConfig, 'dataDir'>;
  extractor: FeatureExtractionPipeline;
  /** The engine under test, on the private cache copy. */
  setup: EvalSetup;
  /** The embedder the engine uses (private cache copy): peers embed free text through it too. */
  embedder: Embedder;
  /** Per achievement id, the exact vector the engine indexed. */
  passageVectors: Map<string, Float32Array>;
  queries: Record<QueryView, DemandQuery[]>;
  /** Seconds spent warming the shared cache (0 when it already held everything) and building the engine. */
  warmSeconds: number;
  warmEmbedded: number;
  buildSeconds: number;
  modelLoadSeconds: number;
  dispose: () => Promise<void>;
}

/** The text the engine embeds for an achievement: its indexInput, not a copy of it. */
export function achievementEmbedText(record: Achievement): string {
  return indexInput('achievement', record).embedText;
}

export function demandViewText(demand: Demand, view: QueryView): string {
  return view === 'full' ? demandQueryText(demand) : demand.title.trim();
}

export async function openBenchContext(
  dataset: Dataset,
  options: { cacheDir?: string; log: (line: string) => void },
): Promise<BenchContext> {
  const engineConfig = measuredEngineConfig(loadConfig());
  const modelStart = performance.now();
  const extractor = await loadFeatureExtractor(engineConfig.modelDir);
  const modelLoadSeconds = (performance.now() - modelStart) / 1000;
  const sharedCacheDir = options.cacheDir ?? EVAL_CACHE_DIR;
  const sharedCache = EmbeddingCache.forModel(sharedCacheDir, MODEL_ID, EMBEDDING_DIMS);
  const shared = new Embedder(extractor, sharedCache, engineConfig.useQueryInstruction);

  const warmStart = performance.now();
  const passageTexts = dataset.achievements.map(achievementEmbedText);
  const passageVectors = await shared.embed(passageTexts, 'passage', {
    onProgress: (done, total) => {
      if (done === total || done % 400 === 0)
        options.log(`warming the shared embedding cache: ${done}/${total} passages`);
    },
  });
  // The engine indexes demands too (as passages, for achievement → demand matching).
  await shared.embed(
    dataset.demands.map((d) => indexInput('demand', d).embedText),
    'passage',
  );
  const views: QueryView[] = ['full', 'title'];
  const queryVectors = {} as Record<QueryView, Float32Array[]>;
  for (const view of views) {
    queryVectors[view] = await shared.embed(
      dataset.demands.map((d) => truncateForModel(demandViewText(d, view)).text),
      'query',
    );
  }
  const warmSeconds = (performance.now() - warmStart) / 1000;

  const privateCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kjcg-bench-cache-'));
  fs.copyFileSync(sharedCache.file, path.join(privateCacheDir, path.basename(sharedCache.file)));
  const embedder = new Embedder(
    extractor,
    EmbeddingCache.forModel(privateCacheDir, MODEL_ID, EMBEDDING_DIMS),
    engineConfig.useQueryInstruction,
  );

  const buildStart = performance.now();
  const setup = await openEvalEngine({ ...dataset, engineConfig, cacheDir: privateCacheDir }, embedder);
  const buildSeconds = (performance.now() - buildStart) / 1000;
  if (embedder.stats.embedded > 0)
    options.log(`note: the engine embedded ${embedder.stats.embedded} texts the warm-up had not (unexpected)`);

  const queries = Object.fromEntries(
    views.map((view) => [
      view,
      dataset.demands.map((demand, i) => ({
        demand,
        text: demandViewText(demand, view),
        vector: queryVectors[view][i]!,
      })),
    ]),
  ) as Record<QueryView, DemandQuery[]>;

  return {
    dataset,
    engineConfig,
    extractor,
    setup,
    embedder,
    passageVectors: new Map(dataset.achievements.map((a, i) => [a.id, passageVectors[i]!])),
    queries,
    warmSeconds,
    warmEmbedded: shared.stats.embedded,
    buildSeconds,
    modelLoadSeconds,
    dispose: async () => {
      await setup.dispose();
      fs.rmSync(privateCacheDir, { recursive: true, force: true });
    },
  };
}
