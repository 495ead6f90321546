/**
 * Match quality on the dev demands: our hybrid, our two ablations and every
 * peer, for full demands (title。description) and title-only demands, scored
 * by the same metrics code as the eval (score.py's definitions).
 */
import type { QueryView } from '../eval/run-eval.js';
import { runDemands, scoreRun } from '../eval/run-eval.js';
import type { Metrics, Run } from '../eval/metrics.js';
import type { BenchContext } from './context.js';
import type { Peer } from './peers/index.js';
import type { Section, Table, TargetCheck } from './report.js';

const METRICS = ['nDCG@10', 'Recall@10', 'MRR@10', 'P@1'] as const;
const OURS = 'Ours: hybrid, first stage';

export interface QualityRow {
  system: string;
  metrics: Metrics;
}

async function peerRun(context: BenchContext, peer: Peer, view: QueryView): Promise<Run> {
  const run: Run = new Map();
  for (const q of context.queries[view])
    run.set(q.demand.id, await peer.search({ text: q.text, vector: q.vector }, 10));
  return run;
}

export async function measureQuality(context: BenchContext, peers: Peer[], view: QueryView): Promise<QualityRow[]> {
  const rows: QualityRow[] = [];
  const ours = [
    { system: OURS, retrievers: 'hybrid' },
    { system: 'Ours: lexical only (ablation)', retrievers: 'lexical' },
    { system: 'Ours: dense only (ablation)', retrievers: 'dense' },
  ] as const;
  for (const { system, retrievers } of ours) {
    const { run } = await runDemands(context.setup, { view, ranking: { retrievers }, depth: 10 });
    rows.push({ system, metrics: scoreRun(run, context.dataset.qrelsFile) });
  }
  for (const peer of peers)
    rows.push({ system: peer.name, metrics: scoreRun(await peerRun(context, peer, view), context.dataset.qrelsFile) });
  return rows;
}

function qualityTable(view: QueryView, rows: QualityRow[]): Table {
  const ours = rows.find((r) => r.system === OURS)!.metrics['nDCG@10'];
  return {
    title: `${view === 'full' ? 'Full demands (title。description)' : 'Title-only demands'} — ${rows[0]!.metrics.queries} demands`,
    columns: ['system', ...METRICS, 'ours ÷ this (nDCG@10)'],
    rows: rows.map((r) => ({
      label: r.system,
      values: [...METRICS.map((m) => r.metrics[m]), ours / r.metrics['nDCG@10']],
    })),
    digits: [4, 4, 4, 4, 3],
  };
}

function aheadOfEveryPeer(view: QueryView, rows: QualityRow[]): TargetCheck {
  const ours = rows.find((r) => r.system === OURS)!.metrics['nDCG@10'];
  const others = rows.filter((r) => r.system !== OURS);
  const best = others.reduce((a, b) => (b.metrics['nDCG@10'] > a.metrics['nDCG@10'] ? b : a));
  const ratio = ours / best.metrics['nDCG@10'];
  return {
    name: `quality, ${view === 'full' ? 'full' : 'title-only'} demands: our hybrid nDCG@10 ÷ best other (${best.system}, ${best.metrics['nDCG@10'].toFixed(4)})`,
    target: '> 1 (ahead of every peer and ablation)',
    measured: ratio,
    unit: '',
    pass: ours > best.metrics['nDCG@10'],
    note: `ours ${ours.toFixed(4)}`,
  };
}

export async function qualitySection(context: BenchContext, peers: Peer[], quick: boolean): Promise<Section> {
  const start = performance.now();
  const full = await measureQuality(context, peers, 'full');
  const title = await measureQuality(context, peers, 'title');
  const notes = [
    'Orama "as shipped" keeps only vectors with cosine ≥ 0.8 to the query, its default; bge-small-zh query↔passage similarities are mostly lower, so its vector side contributes little. The threshold-0 row is Orama with every vector scored.',
    'Exact cosine is the dense-only ranking without an index; the gap between it and "Ours: dense only" is what HNSW loses (nothing when they are equal).',
  ];
  if (!quick)
    notes.push(
      'For orientation, the reference system in ../shared/eval/README.md (BM25 + bge + RRF) scores nDCG@10 0.8491 (full) and 0.6599 (title only) on the same set.',
    );
  return {
    id: 'quality',
    title: 'Match quality',
    method: [
      `Corpus: ${context.dataset.description}.`,
      'Ours: MatchEngine built by openEvalEngine (the eval path), ranked by matchDemand with the product ranking; ablations switch ranking.retrievers to lexical or dense. Stored demands are matched by id (title。description); title-only demands as free text.',
      'Peers get the same records, the same demand text and the same bge query/passage vectors (taken from the embedding cache our engine filled), and return their top 10.',
      'Metrics: nDCG@10, Recall@10, MRR@10, P@1 as in ../shared/eval/README.md (src/eval/metrics.ts), averaged over demands with a grade ≥ 2 judgment.',
    ],
    tables: [qualityTable('full', full), qualityTable('title', title)],
    targets: [aheadOfEveryPeer('full', full), aheadOfEveryPeer('title', title)],
    notes,
    seconds: (performance.now() - start) / 1000,
  };
}
