/**
 * Does averaging several second-stage models, each trained on a sample of the
 * training demands, rank held-out demands better than one model trained on
 * all of them? With 64 training demands a fold, one model's fit is noisy
 * (docs/quality.md: the spread between folds is larger than most feature gains);
 * bagging (Breiman 1996) trades a little bias for less of that variance.
 *   npx tsx scripts/rerank-bagging-cv.ts [--name x] [--collect] [--seed n]
 * The averaged model is one model file: K models' trees concatenated, each
 * leaf scaled by 1/K (trees add up, so that is their mean score).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { EVAL_QRELS_FILE, REPO_ROOT } from '../src/config/index.js';
import { collectBothViews } from '../src/eval/cv-command.js';
import { type CandidateList, crossValidate, type Trainer } from '../src/eval/cv.js';
import { assignFolds, CV_SEED } from '../src/eval/folds.js';
import { parseQrels } from '../src/eval/metrics.js';
import { openDevEvalEngine } from '../src/eval/run-eval.js';
import { createRandom } from '../src/random/prng.js';
import { type RerankModel, type TrainingExample, trainReranker } from '../src/match/rerank/index.js';

const opts = new Command()
  .option('--name <name>', 'candidate set name', 'bag')
  .option('--collect', 'recollect candidates')
  .option('--seed <n>', 'fold seed', String(CV_SEED))
  .parse()
  .opts<{ name: string; collect?: boolean; seed: string }>();

const cacheFile = path.join(REPO_ROOT, 'var', `rerank-candidates-${opts.name}.json`);
let lists: CandidateList[];
if (opts.collect || !fs.existsSync(cacheFile)) {
  const setup = await openDevEvalEngine();
  lists = await collectBothViews(setup);
  await setup.dispose();
  fs.writeFileSync(cacheFile, JSON.stringify(lists));
} else lists = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CandidateList[];

/** K models' trees as one model whose score is their mean. */
function averaged(models: RerankModel[]): RerankModel {
  const scale = (trees: RerankModel['trees']) =>
    trees.map((tree) => tree.map((node) => ({ ...node, value: node.value / models.length })));
  return {
    ...models[0]!,
    trees: models.flatMap((m) => scale(m.trees)),
    plainTrees: models.flatMap((m) => scale(m.plainTrees ?? m.trees)),
  };
}

/**
 * K models, each on a sample of the training demands: `fraction` of them without
 * replacement, or a bootstrap (as many draws as demands, with replacement; a demand
 * drawn twice has its groups copied under new names, so each copy is its own query).
 */
function bagged(k: number, sample: 'bootstrap' | number): Trainer {
  return (examples) => {
    const demands = [...new Set(examples.map((e) => e.demandId))].sort();
    const byDemand = new Map<string, TrainingExample[]>();
    for (const e of examples) byDemand.set(e.demandId, [...(byDemand.get(e.demandId) ?? []), e]);
    const models: RerankModel[] = [];
    for (let bag = 0; bag < k; bag += 1) {
      const random = createRandom(1000 + bag);
      const drawn: string[] = [];
      if (sample === 'bootstrap') for (const _ of demands) drawn.push(demands[Math.floor(random() * demands.length)]!);
      else {
        const shuffled = [...demands];
        for (let i = shuffled.length - 1; i > 0; i -= 1) {
          const j = Math.floor(random() * (i + 1));
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        drawn.push(...shuffled.slice(0, Math.round(sample * demands.length)));
      }
      const seen = new Map<string, number>();
      const bagExamples: TrainingExample[] = [];
      for (const demand of drawn) {
        const copy = seen.get(demand) ?? 0;
        seen.set(demand, copy + 1);
        for (const e of byDemand.get(demand)!) bagExamples.push({ ...e, group: `${e.group}#${copy}` });
      }
      models.push(trainReranker(bagExamples));
    }
    return averaged(models);
  };
}

const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const folds = assignFolds([...new Set(lists.map((l) => l.demandId))], 5, Number(opts.seed));
const variants: [string, Trainer][] = [
  ['one model (shipped)', (examples) => trainReranker(examples)],
  ['5 bags, 80% of demands', bagged(5, 0.8)],
  ['10 bags, 80% of demands', bagged(10, 0.8)],
  ['10 bags, bootstrap', bagged(10, 'bootstrap')],
];
for (const [name, trainer] of variants) {
  const started = performance.now();
  const s = crossValidate(lists, qrels, folds, trainer);
  const cell = (v: 'full' | 'title') => `${s.mean[v]['nDCG@10']!.toFixed(4)} ± ${s.sd[v]['nDCG@10']!.toFixed(4)}`;
  console.log(
    `${name.padEnd(28)} full ${cell('full')}  title ${cell('title')}  (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  for (const view of ['full', 'title'] as const)
    console.log(`  ${view.padEnd(5)} per fold: ${s.folds.map((f) => f.metrics[view]['nDCG@10'].toFixed(4)).join(' ')}`);
}
