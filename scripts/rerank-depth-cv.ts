/**
 * How deep the second stage must re-rank: 5-fold CV (seed 13, split by demand) of the model
 * re-ranking the fused top 100 against the top 50, trained at the depth it is used at and, for
 * the top 50, also the model trained on the top 100 (the shipped one's training data). Candidates
 * and features are collected once per depth (cached in var/rerank-candidates-depth<n>.json).
 *   npx tsx scripts/rerank-depth-cv.ts [--collect] [--depths 100,50]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { EVAL_QRELS_FILE, REPO_ROOT } from '../src/config/index.js';
import { collectBothViews } from '../src/eval/cv-command.js';
import { crossValidate, toExamples, type CandidateList, type Trainer } from '../src/eval/cv.js';
import { assignFolds, CV_SEED } from '../src/eval/folds.js';
import { parseQrels } from '../src/eval/metrics.js';
import { openDevEvalEngine, type EvalSetup } from '../src/eval/run-eval.js';
import { SECOND_STAGE_FIRST_STAGE, trainReranker } from '../src/match/rerank/index.js';

const opts = new Command()
  .option('--collect', 'recollect candidates')
  .option('--depths <list>', 'depths to compare, the first is the reference', '100,50')
  .parse()
  .opts<{ collect?: boolean; depths: string }>();
const depths = opts.depths.split(',').map((d) => Number.parseInt(d, 10));

let setup: EvalSetup | undefined;
async function listsAt(depth: number): Promise<CandidateList[]> {
  const file = path.join(REPO_ROOT, 'var', `rerank-candidates-depth${depth}.json`);
  if (!opts.collect && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as CandidateList[];
  setup ??= await openDevEvalEngine();
  const lists = await collectBothViews(setup, { firstStage: SECOND_STAGE_FIRST_STAGE }, depth);
  fs.writeFileSync(file, JSON.stringify(lists));
  return lists;
}
const byDepth = new Map<number, CandidateList[]>();
for (const depth of depths) byDepth.set(depth, await listsAt(depth));
await setup?.dispose();

const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const reference = byDepth.get(depths[0]!)!;
const folds = assignFolds([...new Set(reference.map((l) => l.demandId))], 5, CV_SEED);
/** Trains on the training demands' lists at another depth (crossValidate hands over the fold's examples). */
const trainedAt =
  (lists: CandidateList[]): Trainer =>
  (examples) => {
    const training = new Set(examples.map((e) => e.demandId));
    return trainReranker(
      toExamples(
        lists.filter((l) => training.has(l.demandId)),
        qrels,
      ),
    );
  };
const row = (name: string, lists: CandidateList[], trainer?: Trainer) => {
  const s = crossValidate(lists, qrels, folds, trainer);
  const cell = (v: 'full' | 'title') => `${s.mean[v]['nDCG@10']!.toFixed(4)} ± ${s.sd[v]['nDCG@10']!.toFixed(4)}`;
  console.log(`${name.padEnd(40)} full ${cell('full')}  title ${cell('title')}`);
};
row('first stage', reference, () => null);
for (const depth of depths) {
  row(`second stage, top ${depth}`, byDepth.get(depth)!);
  if (depth !== depths[0])
    row(`  top ${depth}, model trained on top ${depths[0]}`, byDepth.get(depth)!, trainedAt(reference));
}
