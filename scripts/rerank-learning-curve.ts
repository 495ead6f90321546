/**
 * How the second stage's held-out nDCG@10 grows with the number of judged
 * training demands: in each of the 5 folds the model is trained on a random
 * n of the fold's 64 training demands (several draws per n, seeded) and
 * measured on the fold's held-out 16. Reads the candidates collected by
 * scripts/rerank-cv.ts (var/rerank-candidates-<name>.json).
 *   npx tsx scripts/rerank-learning-curve.ts [--name base] [--draws 5]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { EVAL_QRELS_FILE, REPO_ROOT } from '../src/config/index.js';
import { crossValidate, type CandidateList } from '../src/eval/cv.js';
import { assignFolds, CV_SEED, meanAndSpread } from '../src/eval/folds.js';
import { parseQrels } from '../src/eval/metrics.js';
import { trainReranker } from '../src/match/rerank/index.js';
import { createRandom } from '../src/random/prng.js';

const opts = new Command()
  .option('--name <name>', 'candidate set name (collect it first with scripts/rerank-cv.ts --collect)', 'base')
  .option('--draws <n>', 'random subsets per size', '5')
  .parse()
  .opts<{ name: string; draws: string }>();

const cacheFile = path.join(REPO_ROOT, 'var', `rerank-candidates-${opts.name}.json`);
const lists = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CandidateList[];
const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const folds = assignFolds([...new Set(lists.map((l) => l.demandId))], 5, CV_SEED);
const draws = Number(opts.draws);

/** A seeded sample of n of the ids (Fisher–Yates over a sorted copy). */
function sample(ids: readonly string[], n: number, seed: number): Set<string> {
  const random = createRandom(seed);
  const pool = [...ids].sort();
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return new Set(pool.slice(0, n));
}

console.log(
  'training demands per fold | full nDCG@10 | title-only nDCG@10 | (mean over draws of the 5-fold mean; ± sd over draws)',
);
for (const n of [8, 16, 24, 32, 40, 48, 56, 64]) {
  const full: number[] = [];
  const title: number[] = [];
  for (let draw = 0; draw < (n === 64 ? 1 : draws); draw += 1) {
    // crossValidate hands the trainer the fold's training examples; keep those of n sampled demands.
    let fold = 0;
    const summary = crossValidate(lists, qrels, folds, (examples) => {
      const kept = sample(folds[fold]!.train, n, 1000 * n + 10 * draw + fold);
      fold += 1;
      return trainReranker(examples.filter((e) => kept.has(e.demandId)));
    });
    full.push(summary.mean.full['nDCG@10']!);
    title.push(summary.mean.title['nDCG@10']!);
  }
  const cell = (values: number[]) => {
    const { mean, sd } = meanAndSpread(values);
    return `${mean.toFixed(4)} ± ${sd.toFixed(4)}`;
  };
  console.log(`${String(n).padStart(2)} | ${cell(full)} | ${cell(title)}`);
}
