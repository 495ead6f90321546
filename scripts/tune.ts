/**
 * Ranking tuning on the dev set: one isolated engine, many ranking variants,
 * one metrics line each. How the defaults in src/engine/engine.ts and
 * src/match were chosen; rerun after changing the text pipeline.
 *   npx tsx scripts/tune.ts [--achievements f] [--demands f] [--qrels f]
 */
import { Command } from 'commander';
import {
  DEMO_ACHIEVEMENTS_FILE,
  EVAL_CACHE_DIR,
  EVAL_DEMANDS_FILE,
  EVAL_QRELS_FILE,
  loadConfig,
} from '../src/config/index.js';
import { engineConfigFrom } from '../src/engine/index.js';
import { openEvalEngine, runDemands, scoreRun, type QueryView } from '../src/eval/run-eval.js';
import type { RankingParams } from '../src/match/rank.js';

// The bundled files by default: the demo achievements are the CSL records (same matched text).
const opts = new Command()
  .option('--achievements <file>', '', DEMO_ACHIEVEMENTS_FILE)
  .option('--demands <file>', '', EVAL_DEMANDS_FILE)
  .option('--qrels <file>', '', EVAL_QRELS_FILE)
  .option('--instruction <onoff>', 'bge query instruction', 'on')
  .parse()
  .opts<{ achievements: string; demands: string; qrels: string; instruction: string }>();

const { dataDir: _unused, ...engineConfig } = engineConfigFrom({
  ...loadConfig(),
  QUERY_INSTRUCTION: opts.instruction === 'on',
});
const setup = await openEvalEngine({
  achievementsFile: opts.achievements,
  demandsFile: opts.demands,
  qrelsFile: opts.qrels,
  engineConfig,
  cacheDir: EVAL_CACHE_DIR,
});

const variants: [string, Partial<RankingParams>][] = [
  ['lexical', { retrievers: 'lexical' }],
  ['dense', { retrievers: 'dense' }],
  ['rrf k=60', { fusion: { method: 'rrf', rrfK: 60, denseWeight: 0.5 } }],
  ['rrf k=20', { fusion: { method: 'rrf', rrfK: 20, denseWeight: 0.5 } }],
  ['rrf k=10', { fusion: { method: 'rrf', rrfK: 10, denseWeight: 0.5 } }],
  ['rrf k=60 dw=0.6', { fusion: { method: 'rrf', rrfK: 60, denseWeight: 0.6 } }],
  ['rrf k=60 dw=0.4', { fusion: { method: 'rrf', rrfK: 60, denseWeight: 0.4 } }],
  ['weighted dw=0.3', { fusion: { method: 'weighted', rrfK: 60, denseWeight: 0.3 } }],
  ['weighted dw=0.4', { fusion: { method: 'weighted', rrfK: 60, denseWeight: 0.4 } }],
  ['weighted dw=0.5', { fusion: { method: 'weighted', rrfK: 60, denseWeight: 0.5 } }],
  ['weighted dw=0.6', { fusion: { method: 'weighted', rrfK: 60, denseWeight: 0.6 } }],
  ['weighted dw=0.7', { fusion: { method: 'weighted', rrfK: 60, denseWeight: 0.7 } }],
  ['rrf k=20 +industry 0.1', { fusion: { method: 'rrf', rrfK: 20, denseWeight: 0.5 }, industryBoost: 0.1 }],
  ['weighted dw=0.5 +industry 0.1', { fusion: { method: 'weighted', rrfK: 60, denseWeight: 0.5 }, industryBoost: 0.1 }],
];
const views: QueryView[] = ['full', 'title'];
console.log(`instruction=${opts.instruction}`);
for (const [name, ranking] of variants) {
  const cells = [];
  for (const view of views) {
    const { run } = await runDemands(setup, { view, ranking, depth: 10 });
    const m = scoreRun(run, opts.qrels);
    cells.push(
      `${view}: nDCG ${m['nDCG@10'].toFixed(4)} R ${m['Recall@10'].toFixed(4)} MRR ${m['MRR@10'].toFixed(4)} P1 ${m['P@1'].toFixed(4)}`,
    );
  }
  console.log(`${name.padEnd(30)} ${cells.join(' | ')}`);
}
await setup.dispose();
