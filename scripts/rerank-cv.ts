/**
 * Second-stage experiments: collect the first stage's candidates and features
 * for both views once (cached in var/rerank-candidates-<name>.json), then
 * cross-validate training variants on them in seconds.
 *   npx tsx scripts/rerank-cv.ts [--name x] [--collect] [--per-fold] [--seed n]
 * (--seed: other folds than the documented seed 13, to see whether a difference holds across splits)
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { EVAL_QRELS_FILE, REPO_ROOT } from '../src/config/index.js';
import { collectBothViews } from '../src/eval/cv-command.js';
import { crossValidate, type CandidateList } from '../src/eval/cv.js';
import { assignFolds, CV_SEED } from '../src/eval/folds.js';
import { parseQrels } from '../src/eval/metrics.js';
import { openDevEvalEngine } from '../src/eval/run-eval.js';
import { DEFAULT_TRAIN, FEATURE_NAMES, trainReranker, type TrainParams } from '../src/match/rerank/index.js';

const opts = new Command()
  .option('--name <name>', 'candidate set name', 'base')
  .option('--collect', 'recollect candidates')
  .option('--per-fold', "print each fold's nDCG@10 too (to compare variants fold by fold)")
  .option('--seed <n>', 'fold seed', String(CV_SEED))
  .parse()
  .opts<{ name: string; collect?: boolean; perFold?: boolean; seed: string }>();

const cacheFile = path.join(REPO_ROOT, 'var', `rerank-candidates-${opts.name}.json`);
let lists: CandidateList[];
if (opts.collect || !fs.existsSync(cacheFile)) {
  const setup = await openDevEvalEngine();
  lists = await collectBothViews(setup);
  await setup.dispose();
  fs.writeFileSync(cacheFile, JSON.stringify(lists));
} else lists = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CandidateList[];

// Ablation of a feature group: zeroed features are constant, so no tree can split on them.
const masked = (process.env.MASK ?? '').split(',').filter(Boolean);
for (const name of masked) {
  const at = (FEATURE_NAMES as readonly string[]).indexOf(name);
  if (at < 0) throw new Error(`unknown feature ${name}`);
  for (const list of lists) for (const c of list.candidates) c.features[at] = 0;
}
if (masked.length > 0) console.log(`masked: ${masked.join(', ')}`);

const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const folds = assignFolds([...new Set(lists.map((l) => l.demandId))], 5, Number(opts.seed));
const variants: [string, Partial<TrainParams> | null][] = JSON.parse(process.env.VARIANTS ?? 'null') ?? [
  ['first stage', null],
  ['default', {}],
];
for (const [name, params] of variants) {
  const started = performance.now();
  const s = crossValidate(lists, qrels, folds, (examples) =>
    params === null ? null : trainReranker(examples, { ...DEFAULT_TRAIN, ...params }),
  );
  const cell = (v: 'full' | 'title') => `${s.mean[v]['nDCG@10']!.toFixed(4)} ± ${s.sd[v]['nDCG@10']!.toFixed(4)}`;
  console.log(
    `${name.padEnd(28)} full ${cell('full')}  title ${cell('title')}  (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  if (opts.perFold)
    for (const view of ['full', 'title'] as const)
      console.log(
        `  ${view.padEnd(5)} per fold: ${s.folds.map((f) => f.metrics[view]['nDCG@10'].toFixed(4)).join(' ')}`,
      );
}
