/**
 * The benchmark suite, section by section (quality, latency, HTTP, embedding,
 * rebuild, scale), in one process on one corpus, so every ratio to a peer is
 * measured in the same run. Each section is printed as it finishes; the
 * whole report is written as Markdown at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_CACHE_DIR, REPO_ROOT } from '../config/index.js';
import { DEFAULT_BATCH_SIZE } from '../embed/index.js';
import { openBenchContext, type BenchContext } from './context.js';
import { BUNDLED_DATA_FILES, loadDataset, sharedDataFiles, sliceDataset } from './dataset.js';
import { throughputSection } from './embedding-throughput.js';
import { httpSection, type HttpPlan } from './http.js';
import { httpWorkersSection, type HttpWorkersPlan } from './http-workers.js';
import { latencySection, type LatencyPlan } from './latency.js';
import { describeMachine } from './machine.js';
import { buildPeers, type BuiltPeers } from './peers/index.js';
import { publicationSection, type PublicationPlan } from './publication.js';
import { qualitySection } from './quality.js';
import { rebuildSection } from './rebuild.js';
import { reportMarkdown, sectionText, type BenchReport, type Section } from './report.js';
import { scaleSection, type ScalePlan } from './scale.js';

export const SECTION_IDS = [
  'setup',
  'quality',
  'latency',
  'http',
  'http-workers',
  'embedding',
  'rebuild',
  'scale',
  'publication',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface BenchOptions {
  /** Small slices and sizes, every section still exercised: the CI smoke test. */
  quick: boolean;
  /** Grow the synthetic corpus to 200k (slow on 2 cores). */
  scale: boolean;
  /** Markdown report path. */
  out: string;
  dataDir?: string;
  /** Shared embedding cache (default var/eval-cache). */
  cacheDir?: string;
  /** Where the synthetic vectors are cached (default var/bench-cache). */
  benchCacheDir?: string;
  /** Run only these sections (setup always runs). */
  only?: SectionId[];
  log?: (line: string) => void;
}

interface Plan {
  slice?: { perGroup: number; filler: number };
  latency: LatencyPlan;
  http: HttpPlan;
  httpWorkers: HttpWorkersPlan;
  embedding: { docs: number; batchSizes: number[] };
  scale: Omit<ScalePlan, 'cacheDir'>;
  publication: PublicationPlan;
}

export function benchPlan(options: Pick<BenchOptions, 'quick' | 'scale'>): Plan {
  const batchSizes = [...new Set([1, DEFAULT_BATCH_SIZE, 8, 16])].sort((a, b) => a - b);
  if (options.quick) {
    return {
      slice: { perGroup: 2, filler: 600 },
      latency: { storedRounds: 3, freeTextRounds: 1 },
      http: { warmUpSeconds: 1, seconds: 3, connections: 10 },
      httpWorkers: { warmUpSeconds: 1, seconds: 2, connections: 10, workers: [1, 2], uncachedWorkers: [2] },
      embedding: { docs: 48, batchSizes },
      scale: { sizes: [2000, 5000], efValues: [16, 64, 128], rounds: 2, seed: 20240601, noise: 0.5 },
      publication: { batch: 50, subscriptions: 100, perEnterprise: 4 },
    };
  }
  return {
    latency: { storedRounds: 10, freeTextRounds: 2 },
    http: { warmUpSeconds: 2, seconds: 10, connections: 10 },
    httpWorkers: { warmUpSeconds: 2, seconds: 10, connections: 10, workers: [1, 2], uncachedWorkers: [1, 2] },
    embedding: { docs: 2000, batchSizes },
    scale: {
      sizes: options.scale ? [10_000, 50_000, 200_000] : [10_000, 50_000],
      efValues: [16, 32, 64, 128, 256],
      rounds: 3,
      seed: 20240601,
      noise: 0.5,
    },
    publication: { batch: 500, subscriptions: 1000, perEnterprise: 4 },
  };
}

function setupSection(context: BenchContext, peers: BuiltPeers, seconds: number): Section {
  return {
    id: 'setup',
    title: 'Set-up and index build',
    method: [
      `Model bge-small-zh-v1.5 (int8 ONNX) loaded once and shared by every section. The shared embedding cache is warmed with every passage and demand query first (a rerun embeds nothing); the engine then runs on a private copy of it, so texts the bench embeds on purpose are never cached between runs.`,
      'Our engine is built by openEvalEngine, the eval path: JSONL import through putRecords (validation, durable store writes, jieba tokenising, HNSW and BM25 inserts; vectors from the cache). Peers index the same records and vectors.',
    ],
    tables: [
      {
        title: 'Set-up',
        columns: ['step', 'seconds'],
        rows: [
          { label: 'load the embedding model', values: [context.modelLoadSeconds] },
          {
            label: `warm the shared embedding cache (${context.warmEmbedded} texts embedded)`,
            values: [context.warmSeconds],
          },
          { label: 'ours: import into MatchEngine (store + BM25 + HNSW)', values: [context.buildSeconds] },
          ...peers.buildSeconds.map((b) => ({ label: b.name, values: [b.seconds] })),
        ],
      },
    ],
    targets: [],
    notes: [],
    seconds,
  };
}

async function runSection(
  id: SectionId,
  sections: Section[],
  log: (line: string) => void,
  fn: () => Promise<Section>,
): Promise<void> {
  log(`\n… ${id}`);
  const start = performance.now();
  let section: Section;
  try {
    section = await fn();
  } catch (error) {
    // A crashed section is reported as such, never silently left out.
    section = {
      id,
      title: id,
      method: [],
      tables: [],
      targets: [],
      notes: [],
      skipped: `error: ${(error as Error).stack ?? String(error)}`,
      seconds: (performance.now() - start) / 1000,
    };
  }
  // Other work on a shared machine shows up here first: a figure measured under load says so.
  section.notes.push(
    `1-minute load average when this section ended: ${os.loadavg()[0]!.toFixed(2)} (${os.availableParallelism()} cores).`,
  );
  sections.push(section);
  log(sectionText(section));
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const wanted = (id: SectionId) => !options.only || options.only.includes(id);
  const started = new Date();
  const startMs = performance.now();
  const machine = describeMachine();
  const plan = benchPlan(options);
  const whole = loadDataset(options.dataDir ? sharedDataFiles(options.dataDir) : BUNDLED_DATA_FILES);
  const dataset = plan.slice ? sliceDataset(whole, plan.slice) : whole;
  log(
    `bench (${options.quick ? 'quick' : 'full'}${options.scale ? ', scale' : ''}) on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverageAtStart.toFixed(2)}`,
  );
  log(`corpus: ${dataset.description}`);

  const sections: Section[] = [];
  const setupStart = performance.now();
  const context = await openBenchContext(dataset, { cacheDir: options.cacheDir, log });
  try {
    {
      // Peers live in this block only: later sections (HTTP, scale) should not carry their indexes.
      const peers = await buildPeers(context);
      sections.push(setupSection(context, peers, (performance.now() - setupStart) / 1000));
      log(sectionText(sections[0]!));
      if (wanted('quality'))
        await runSection('quality', sections, log, () => qualitySection(context, peers.peers, options.quick));
      if (wanted('latency'))
        await runSection('latency', sections, log, () => latencySection(context, peers.peers, plan.latency));
    }
    if (wanted('http')) await runSection('http', sections, log, () => httpSection(context, plan.http));
    if (wanted('http-workers'))
      await runSection('http-workers', sections, log, () => httpWorkersSection(context, plan.httpWorkers));
    if (wanted('embedding'))
      await runSection('embedding', sections, log, () => throughputSection(context, plan.embedding));
    if (wanted('rebuild')) await runSection('rebuild', sections, log, () => rebuildSection(context));
    if (wanted('scale'))
      await runSection('scale', sections, log, () =>
        scaleSection(context, { ...plan.scale, cacheDir: options.benchCacheDir ?? BENCH_CACHE_DIR }, log),
      );
    // Last: it changes records' publication status in the engine the other sections measure.
    if (wanted('publication'))
      await runSection('publication', sections, log, () => publicationSection(context, plan.publication));
  } finally {
    await context.dispose();
    dataset.dispose();
  }

  const report: BenchReport = {
    mode: options.quick ? 'quick' : 'full',
    scale: options.scale,
    startedAt: started.toISOString(),
    totalSeconds: (performance.now() - startMs) / 1000,
    machine,
    corpus: [
      dataset.description,
      `source: ${path.relative(REPO_ROOT, path.dirname(path.dirname(whole.achievementsFile)))} (csl-10k.jsonl from CSL, Apache-2.0; dev demands; dev qrels; see its README.md)`,
      'scale: a synthetic corpus recombined from those records, with vectors derived from their real vectors (see Scale)',
    ],
    sections,
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, reportMarkdown(report));
  const targets = sections.flatMap((s) => s.targets);
  log(
    `\n${targets.filter((t) => t.pass).length}/${targets.length} targets pass; report written to ${options.out} (${(report.totalSeconds / 60).toFixed(1)} min)`,
  );
  return report;
}
