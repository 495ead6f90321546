/**
 * Embedding throughput on real CSL full records (title, keywords, abstract),
 * without any cache: the product's Embedder (which sorts uncached texts by
 * length before batching, "length bucketing") against the same model fed in
 * input order, at several batch sizes.
 */
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { DEFAULT_BATCH_SIZE, EMBEDDING_DIMS, Embedder } from '../embed/index.js';
import type { BenchContext } from './context.js';
import { achievementEmbedText } from './context.js';
import { createRandom, sampleInOrder } from '../random/prng.js';
import { check, type Section } from './report.js';

/** Input order, fixed batch size, no cache: the baseline that bucketing is measured against. */
export async function embedInInputOrder(
  extractor: FeatureExtractionPipeline,
  texts: string[],
  batchSize: number,
): Promise<Float32Array[]> {
  const vectors: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = texts.slice(start, start + batchSize);
    const output = await extractor(batch, { pooling: 'cls', normalize: true });
    const data = output.data as Float32Array;
    batch.forEach((_, i) => vectors.push(data.slice(i * EMBEDDING_DIMS, (i + 1) * EMBEDDING_DIMS)));
  }
  return vectors;
}

export interface ThroughputRun {
  label: string;
  batchSize: number;
  bucketing: boolean;
  docs: number;
  seconds: number;
  docsPerSecond: number;
}

/** Texts per timed call: the engine's import embeds 500 records per putRecords call, so bucketing sorts within 500. */
export const THROUGHPUT_CHUNK = 500;

interface Setting {
  label: string;
  batchSize: number;
  bucketing: boolean;
  embed: (texts: string[]) => Promise<unknown>;
}

function settings(context: BenchContext, batchSizes: number[]): Setting[] {
  return batchSizes.flatMap((batchSize): Setting[] => {
    const product = new Embedder(context.extractor, null, context.engineConfig.useQueryInstruction, batchSize);
    const bucketed: Setting = {
      label: batchSize === 1 ? 'batch 1 (bucketing has no effect)' : `batch ${batchSize}, length-bucketed (Embedder)`,
      batchSize,
      bucketing: true,
      embed: (texts) => product.embed(texts, 'passage'),
    };
    if (batchSize === 1) return [bucketed];
    return [
      bucketed,
      {
        label: `batch ${batchSize}, input order`,
        batchSize,
        bucketing: false,
        embed: (texts) => embedInInputOrder(context.extractor, texts, batchSize),
      },
    ];
  });
}

/**
 * Every setting embeds the same sample, chunk by chunk, the settings taking
 * turns on each chunk: load that comes and goes on a shared machine then falls
 * on all settings alike instead of on whichever ran at the time.
 */
export async function measureThroughput(
  context: BenchContext,
  options: { docs: number; batchSizes: number[] },
): Promise<{ runs: ThroughputRun[]; sample: string[] }> {
  const full = context.dataset.achievements.filter((a) => a.abstract);
  const sample = sampleInOrder(createRandom(7), full, options.docs).map(achievementEmbedText);
  // Untimed warm-up: the first runs of an ONNX session are slower.
  await embedInInputOrder(context.extractor, sample.slice(0, 8), 8);

  const all = settings(context, options.batchSizes);
  const seconds = all.map(() => 0);
  for (let start = 0; start < sample.length; start += THROUGHPUT_CHUNK) {
    const chunk = sample.slice(start, start + THROUGHPUT_CHUNK);
    for (const [i, setting] of all.entries()) {
      const began = performance.now();
      await setting.embed(chunk);
      seconds[i]! += (performance.now() - began) / 1000;
    }
  }
  const runs = all.map((s, i) => ({
    label: s.label,
    batchSize: s.batchSize,
    bucketing: s.bucketing,
    docs: sample.length,
    seconds: seconds[i]!,
    docsPerSecond: sample.length / seconds[i]!,
  }));
  return { runs, sample };
}

export async function throughputSection(
  context: BenchContext,
  options: { docs: number; batchSizes: number[] },
): Promise<Section> {
  const start = performance.now();
  const { runs, sample } = await measureThroughput(context, options);
  const product = runs.find((r) => r.batchSize === DEFAULT_BATCH_SIZE && r.bucketing);
  const baseline = runs.find((r) => r.batchSize === DEFAULT_BATCH_SIZE && !r.bucketing) ?? runs[0]!;
  const best = runs.reduce((a, b) => (b.docsPerSecond > a.docsPerSecond ? b : a));
  const chars = sample.reduce((sum, t) => sum + [...t].length, 0) / sample.length;
  const targets = product
    ? [
        check(
          `embedding throughput, product setting (batch ${DEFAULT_BATCH_SIZE}, bucketed), CSL full records`,
          product.docsPerSecond,
          'docs/s',
          { min: 30 },
          `best setting: ${best.label} at ${best.docsPerSecond.toFixed(1)} docs/s`,
        ),
      ]
    : [];
  return {
    id: 'embedding',
    title: 'Embedding throughput',
    method: [
      `${sample.length} CSL full records (seeded sample of the ${context.dataset.achievements.filter((a) => a.abstract).length} with abstracts; mean ${chars.toFixed(0)} characters as embedded), bge-small-zh-v1.5 int8 ONNX, CLS pooling, no cache.`,
      'Bucketed: the product Embedder with the given batch size (it sorts texts by length, so each batch pads less). Input order: the same pipeline fed batches in file order (src/bench/embedding-throughput.ts).',
      `One untimed warm-up batch first; each setting embeds the whole sample once, in chunks of ${THROUGHPUT_CHUNK} (the import's batch), the settings taking turns chunk by chunk so background load falls on all alike.`,
    ],
    tables: [
      {
        title: 'Throughput',
        columns: ['setting', 'batch', 'docs', 'seconds', 'docs/s', '÷ input order, batch ' + baseline.batchSize],
        rows: runs.map((r) => ({
          label: r.label,
          values: [r.batchSize, r.docs, r.seconds, r.docsPerSecond, r.docsPerSecond / baseline.docsPerSecond],
        })),
        digits: [0, 0, 2, 1, 2],
      },
    ],
    targets,
    notes: [],
    seconds: (performance.now() - start) / 1000,
  };
}
