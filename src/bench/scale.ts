/**
 * Scale: the synthetic corpus (synthetic-corpus.ts) indexed into one
 * SideIndex, exactly the structure the engine keeps per side, grown through
 * checkpoints (e.g. 10k → 50k → 200k). At each checkpoint: HNSW recall@10
 * against exact search at several ef, and stored-vector match latency through
 * rankSide, the engine's own ranking path (hybrid, plus its two halves). At
 * the largest size: index size on disk, and a cold start in a fresh process.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MODEL_ID, REPO_ROOT } from '../config/index.js';
import { indexInput } from '../engine/index.js';
import { SideIndex, saveIndexSet } from '../index/index.js';
import { rankSide, type RankingParams } from '../match/rank.js';
import { searchTokens } from '../text/index.js';
import type { BenchContext } from './context.js';
import type { ColdStartInput, ColdStartResult } from './cold-start-worker.js';
import { FlatVectors } from './peers/index.js';
import { check, type Section, type TargetCheck } from './report.js';
import { rssMiB, summarize, type LatencySummary } from './stats.js';
import { syntheticCorpus, type SyntheticCorpus } from './synthetic-corpus.js';

const run = promisify(execFile);
const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cold-start-worker.ts');

export interface ScalePlan {
  sizes: number[];
  efValues: number[];
  /** Rounds over all queries for the latency percentiles. */
  rounds: number;
  seed: number;
  noise: number;
  cacheDir: string;
}

interface ScaleQuery {
  vector: Float32Array;
  tokens: string[];
}

interface Checkpoint {
  size: number;
  tokeniseSeconds: number;
  /** Cumulative SideIndex.put time (HNSW insert + BM25) up to this size. */
  buildSeconds: number;
  recallByEf: Map<number, number>;
  denseP50ByEf: Map<number, number>;
  hybrid: LatencySummary;
  denseOnly: LatencySummary;
  lexicalOnly: LatencySummary;
  exact: LatencySummary;
  rssMiB: number;
}

interface Persisted {
  saveSeconds: number;
  diskMiB: number;
  coldStart: ColdStartResult;
}

function directoryMiB(dir: string): number {
  return fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0) / 2 ** 20;
}

function timeCalls(queries: ScaleQuery[], rounds: number, fn: (q: ScaleQuery) => unknown): LatencySummary {
  const samples: number[] = [];
  for (const q of queries) fn(q); // warm-up
  for (let r = 0; r < rounds; r += 1) {
    for (const q of queries) {
      const start = performance.now();
      fn(q);
      samples.push(performance.now() - start);
    }
  }
  return summarize(samples);
}

async function measureCheckpoint(
  side: SideIndex,
  corpus: SyntheticCorpus,
  size: number,
  queries: ScaleQuery[],
  plan: ScalePlan,
  ranking: RankingParams,
  defaultEf: number,
  timing: { tokeniseSeconds: number; buildSeconds: number },
): Promise<Checkpoint> {
  const flat = FlatVectors.view(corpus.vectors, corpus.dims, size);
  const exactTop = queries.map((q) => new Set(flat.topK(q.vector, 10).map((h) => h.row)));
  const recallByEf = new Map<number, number>();
  const denseP50ByEf = new Map<number, number>();
  for (const ef of plan.efValues) {
    side.vectors.setEf(ef);
    let found = 0;
    const times: number[] = [];
    queries.forEach((q, i) => {
      const start = performance.now();
      const hits = side.denseSearch(q.vector, 10);
      times.push(performance.now() - start);
      found += hits.filter((h) => exactTop[i]!.has(h.label)).length;
    });
    recallByEf.set(ef, found / (queries.length * 10));
    denseP50ByEf.set(ef, summarize(times).p50);
  }
  side.vectors.setEf(defaultEf);
  const rank = (retrievers: RankingParams['retrievers']) => (q: ScaleQuery) =>
    rankSide({
      index: side,
      // Domain-term explanations are left out here (no record texts at scale): a few µs per result.
      query: { kind: 'demand', vector: q.vector, tokens: q.tokens, domainTerms: [], industry: '其他' },
      k: 10,
      offset: 0,
      params: { ...ranking, retrievers },
      industryOf: () => '其他',
      domainTermsOf: () => [],
    });
  return {
    size,
    ...timing,
    recallByEf,
    denseP50ByEf,
    hybrid: timeCalls(queries, plan.rounds, rank('hybrid')),
    denseOnly: timeCalls(queries, plan.rounds, rank('dense')),
    lexicalOnly: timeCalls(queries, plan.rounds, rank('lexical')),
    exact: timeCalls(queries, 1, (q) => flat.topK(q.vector, 10)),
    rssMiB: rssMiB(),
  };
}

/** Loads a saved index, then the model, in a fresh Node process (cold-start-worker.ts). */
export async function runColdStart(input: ColdStartInput): Promise<ColdStartResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kjcg-cold-start-'));
  try {
    const inputFile = path.join(dir, 'cold-start-input.json');
    fs.writeFileSync(inputFile, JSON.stringify(input));
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', WORKER, inputFile], {
      cwd: REPO_ROOT,
      maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout.trim().split('\n').pop()!) as ColdStartResult;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function persistAndColdStart(side: SideIndex, context: BenchContext, query: Float32Array): Promise<Persisted> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kjcg-bench-scale-'));
  try {
    const indexDir = path.join(dir, 'index');
    const manifestFile = path.join(indexDir, 'manifest.json');
    const start = performance.now();
    const manifest = saveIndexSet(
      indexDir,
      manifestFile,
      { achievement: side, demand: SideIndex.empty(side.vectors.dims, 16, side.vectors.params) },
      {
        modelId: MODEL_ID,
        dims: side.vectors.dims,
        hnsw: side.vectors.params,
      },
    );
    const saveSeconds = (performance.now() - start) / 1000;
    const diskMiB = directoryMiB(path.join(indexDir, manifest.version));
    const input: ColdStartInput = {
      indexDir,
      manifestFile,
      modelDir: context.engineConfig.modelDir,
      query: Array.from(query),
    };
    const coldStart = await runColdStart(input);
    return { saveSeconds, diskMiB, coldStart };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const k = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

export async function scaleSection(
  context: BenchContext,
  plan: ScalePlan,
  log: (line: string) => void,
): Promise<Section> {
  const start = performance.now();
  const largest = Math.max(...plan.sizes);
  const source = {
    records: context.dataset.achievements,
    vectors: context.dataset.achievements.map((a) => context.passageVectors.get(a.id)!),
  };
  const corpusStart = performance.now();
  const corpus = syntheticCorpus(source, {
    count: largest,
    seed: plan.seed,
    noise: plan.noise,
    cacheDir: plan.cacheDir,
  });
  const corpusSeconds = (performance.now() - corpusStart) / 1000;
  const queries: ScaleQuery[] = [...context.queries.full, ...context.queries.title].map((q) => ({
    vector: q.vector,
    tokens: searchTokens(q.text),
  }));
  const hnsw = context.engineConfig.hnsw;
  const side = SideIndex.empty(corpus.dims, largest, hnsw);

  const checkpoints: Checkpoint[] = [];
  const timing = { tokeniseSeconds: 0, buildSeconds: 0 };
  let inserted = 0;
  for (const size of [...plan.sizes].sort((a, b) => a - b)) {
    const tokeniseStart = performance.now();
    const inputs = corpus.records.slice(inserted, size).map((r) => indexInput('achievement', r));
    timing.tokeniseSeconds += (performance.now() - tokeniseStart) / 1000;
    const buildStart = performance.now();
    inputs.forEach((input, i) => {
      const row = inserted + i;
      side.put({
        id: corpus.records[row]!.id,
        contentHash: input.contentHash,
        vector: corpus.vectors.subarray(row * corpus.dims, (row + 1) * corpus.dims),
        fields: input.fields,
      });
      if ((row + 1) % 25000 === 0) log(`scale: indexed ${row + 1}/${largest}`);
    });
    timing.buildSeconds += (performance.now() - buildStart) / 1000;
    inserted = size;
    log(`scale: measuring at ${size}`);
    checkpoints.push(
      await measureCheckpoint(side, corpus, size, queries, plan, context.engineConfig.ranking, hnsw.efSearch, {
        ...timing,
      }),
    );
  }
  log(`scale: saving and cold-starting the ${largest} index`);
  const persisted = await persistAndColdStart(side, context, queries[0]!.vector);
  const last = checkpoints[checkpoints.length - 1]!;
  const first = checkpoints[0]!;
  const atLargest =
    largest === 200_000 ? 'at 200k' : `at ${k(largest)} (the 200k target needs --scale; measured at ${k(largest)})`;

  const targets: TargetCheck[] = [
    check(`stored-vector hybrid match p99 ${atLargest}`, last.hybrid.p99, 'ms', { max: 50 }),
    check(
      `HNSW recall@10 vs exact at ef=${hnsw.efSearch} ${atLargest}`,
      last.recallByEf.get(hnsw.efSearch) ?? Number.NaN,
      '',
      { min: 0.97 },
    ),
    check(
      `peak RSS of a fresh process loading the index and the model ${atLargest}`,
      persisted.coldStart.peakRssMiB,
      'MiB',
      { max: 2048 },
      `after a full GC it holds ${persisted.coldStart.rssWithIndexAfterGcMiB.toFixed(0)} MiB with the index; the record store is not included`,
    ),
  ];
  return {
    id: 'scale',
    title: `Scale: ${plan.sizes.map(k).join(' → ')} synthetic achievements`,
    method: [
      `Synthetic corpus of ${largest} achievements (seed ${plan.seed}) recombined from the ${source.records.length} real records: each takes a real parent's title (half the title-only ones spliced with another title) and keywords, and for parents with an abstract its first sentence plus 1–4 sentences drawn from all real abstracts.`,
      `Vectors are derived, not embedded: parent's real bge vector + gaussian noise of norm ${plan.noise} (cosine ≈ ${(1 / Math.sqrt(1 + plan.noise ** 2)).toFixed(2)} to the parent), renormalised; ${corpus.fromCache ? 'read from' : 'written to'} ${path.relative(REPO_ROOT, corpus.cacheFile)} (${corpusSeconds.toFixed(1)} s including text synthesis). Every real vector has ~${Math.round(largest / source.records.length)} near-copies, which makes neighbours denser than real data: a hard case for HNSW recall.`,
      `One SideIndex (HNSW m=${hnsw.m}, efConstruction=${hnsw.efConstruction}, + BM25 over jieba tokens) grown through the checkpoints in insertion order; build time is the cumulative SideIndex.put time (tokenising is timed apart).`,
      `Queries: the ${queries.length} dev demand query vectors (full and title views) with their jieba tokens. Recall@10 = share of exact top-10 (brute force over the same vectors) found by HNSW. Latency: rankSide, the engine's ranking path with the product parameters (pool ${context.engineConfig.ranking.candidatePool}, ${context.engineConfig.ranking.fusion.method}), k = 10, ${plan.rounds} rounds after a warm-up pass; the store lookup of matchDemand is not included.`,
      `Cold start: the ${k(largest)} index saved with saveIndexSet, then loaded by loadIndexSet in a fresh Node process (files still in the OS page cache), which then loads the model; RSS read there (the record store is not loaded: a service at that size also holds its records, in lowdb JSON). The bench process's own RSS (which also holds the 10k engine and peers) is shown per checkpoint for reference.`,
    ],
    tables: [
      {
        title: 'Build, latency and memory per size',
        columns: [
          'size',
          'build s (cumulative)',
          'tokenise s (cumulative)',
          'hybrid p50 ms',
          'hybrid p95 ms',
          'hybrid p99 ms',
          'dense-only p50 ms',
          'lexical-only p50 ms',
          'exact cosine p50 ms',
          'exact p50 ÷ hybrid p50',
          `hybrid p99 ÷ at ${k(first.size)}`,
          'bench RSS MiB',
        ],
        rows: checkpoints.map((c) => ({
          label: k(c.size),
          values: [
            c.buildSeconds,
            c.tokeniseSeconds,
            c.hybrid.p50,
            c.hybrid.p95,
            c.hybrid.p99,
            c.denseOnly.p50,
            c.lexicalOnly.p50,
            c.exact.p50,
            c.exact.p50 / c.hybrid.p50,
            c.hybrid.p99 / first.hybrid.p99,
            c.rssMiB,
          ],
        })),
        digits: [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 0],
      },
      {
        title: 'HNSW recall@10 against exact search, and vector-search p50 (ms), by ef',
        columns: [
          'size',
          ...plan.efValues.flatMap((ef) => [
            `recall ef=${ef}${ef === hnsw.efSearch ? ' (product)' : ''}`,
            `p50 ms ef=${ef}`,
          ]),
        ],
        rows: checkpoints.map((c) => ({
          label: k(c.size),
          values: plan.efValues.flatMap((ef) => [c.recallByEf.get(ef)!, c.denseP50ByEf.get(ef)!]),
        })),
        digits: plan.efValues.flatMap(() => [4, 3]),
      },
      {
        title: `Persisted index at ${k(largest)} and cold start`,
        columns: ['figure', 'value'],
        rows: [
          { label: 'save (saveIndexSet) s', values: [persisted.saveSeconds] },
          { label: 'index size on disk MiB (graph + vectors + BM25 snapshot)', values: [persisted.diskMiB] },
          { label: 'cold-start load (loadIndexSet) s', values: [persisted.coldStart.loadSeconds] },
          { label: 'first search after load ms', values: [persisted.coldStart.firstSearchMs] },
          { label: 'fresh process RSS before loading MiB', values: [persisted.coldStart.rssBaselineMiB] },
          {
            label: 'fresh process RSS with the index, right after loading MiB',
            values: [persisted.coldStart.rssWithIndexMiB],
          },
          {
            label: 'fresh process RSS with the index, after a full GC MiB',
            values: [persisted.coldStart.rssWithIndexAfterGcMiB],
          },
          { label: '… of which V8 heap in use (BM25 postings, ids) MiB', values: [persisted.coldStart.heapUsedMiB] },
          {
            label: '… of which ArrayBuffers (int16 copy of the vectors kept beside hnswlib’s) MiB',
            values: [persisted.coldStart.arrayBuffersMiB],
          },
          {
            label: 'fresh process RSS with the index and the model MiB',
            values: [persisted.coldStart.rssWithIndexAndModelMiB],
          },
          {
            label: 'fresh process peak RSS, index loaded (before the model) MiB',
            values: [persisted.coldStart.peakRssAfterIndexMiB],
          },
          { label: 'fresh process peak RSS (load + model, VmHWM) MiB', values: [persisted.coldStart.peakRssMiB] },
          {
            label: 'getrusage maxRSS of that process (includes the bench parent’s RSS at spawn) MiB',
            values: [persisted.coldStart.maxRssMiB],
          },
          { label: 'model load in that process s', values: [persisted.coldStart.modelLoadSeconds] },
        ],
      },
    ],
    targets,
    notes: [],
    seconds: (performance.now() - start) / 1000,
  };
}
