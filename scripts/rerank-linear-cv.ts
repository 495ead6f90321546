/**
 * A linear pairwise ranker beside the trees: alone, and blended with them.
 * A linear model has 29 weights where the trees have thousands of leaves, so
 * with 64 training demands a fold it may generalise where the trees fit noise;
 * blending the two (per-list standardised scores, summed) is the usual hedge.
 *   npx tsx scripts/rerank-linear-cv.ts [--name x] [--collect] [--seed n]
 * Pairwise logistic loss (RankNet with a linear scorer) over the pairs of a
 * query with different grades, each pair weighted by its gain difference;
 * standardised features; L2; plain full-batch gradient descent from zero
 * (deterministic). Like the trees, two models: all features for queries that
 * state needs, the need columns zeroed for the others.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { EVAL_QRELS_FILE, REPO_ROOT } from '../src/config/index.js';
import { collectBothViews } from '../src/eval/cv-command.js';
import { type CandidateList, toExamples } from '../src/eval/cv.js';
import { assignFolds, CV_SEED, meanAndSpread } from '../src/eval/folds.js';
import { evaluateRun, parseQrels, type Run } from '../src/eval/metrics.js';
import { openDevEvalEngine } from '../src/eval/run-eval.js';
import {
  FEATURE_NAMES,
  NEED_FEATURES,
  type FeatureVector,
  type RerankModel,
  scoreCandidate,
  type TrainingExample,
  trainReranker,
} from '../src/match/rerank/index.js';

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

const NEEDS_STATED = FEATURE_NAMES.indexOf('needsStated');
const NEED_COLUMNS = new Set(NEED_FEATURES.map((name) => FEATURE_NAMES.indexOf(name)));
const plain = (x: FeatureVector) => x.map((v, f) => (NEED_COLUMNS.has(f) ? 0 : v));

interface Linear {
  mean: number[];
  sd: number[];
  w: number[];
}

function trainLinear(examples: readonly TrainingExample[], l2: number, steps = 400, rate = 0.5): Linear {
  const d = FEATURE_NAMES.length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const e of examples) for (let f = 0; f < d; f += 1) mean[f]! += e.features[f]! / examples.length;
  for (const e of examples) for (let f = 0; f < d; f += 1) sd[f]! += (e.features[f]! - mean[f]!) ** 2 / examples.length;
  for (let f = 0; f < d; f += 1) sd[f] = Math.sqrt(sd[f]!) || 1;
  const z = examples.map((e) => e.features.map((v, f) => (v - mean[f]!) / sd[f]!));
  const byGroup = new Map<string, number[]>();
  examples.forEach((e, i) => byGroup.set(e.group, [...(byGroup.get(e.group) ?? []), i]));
  const pairs: [number, number, number][] = [];
  for (const group of byGroup.values())
    for (const i of group)
      for (const j of group) {
        const gi = examples[i]!.grade;
        const gj = examples[j]!.grade;
        if (gi > gj) pairs.push([i, j, 2 ** gi - 2 ** gj]);
      }
  const totalWeight = pairs.reduce((s, [, , w]) => s + w, 0);
  const w = new Array<number>(d).fill(0);
  for (let step = 0; step < steps; step += 1) {
    const score = z.map((x) => x.reduce((s, v, f) => s + v * w[f]!, 0));
    const grad = w.map((v) => l2 * v);
    for (const [i, j, weight] of pairs) {
      const rho = 1 / (1 + Math.exp(score[i]! - score[j]!));
      for (let f = 0; f < d; f += 1) grad[f]! -= ((weight * rho) / totalWeight) * (z[i]![f]! - z[j]![f]!);
    }
    for (let f = 0; f < d; f += 1) w[f]! -= rate * grad[f]!;
  }
  return { mean, sd, w };
}

const linearScore = (m: Linear, x: FeatureVector) =>
  x.reduce((s, v, f) => s + ((v - m.mean[f]!) / m.sd[f]!) * m.w[f]!, 0);

function standardised(scores: number[]): number[] {
  const { mean, sd } = meanAndSpread(scores);
  return scores.map((s) => (s - mean) / (sd || 1));
}

interface Fitted {
  trees: RerankModel;
  stated: Linear;
  plain: Linear;
}

const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const examples = toExamples(lists, qrels);
const folds = assignFolds([...new Set(lists.map((l) => l.demandId))], 5, Number(opts.seed));
const fitted = folds.map((fold) => {
  const test = new Set(fold.test);
  const training = examples.filter((e) => !test.has(e.demandId));
  return (l2: number): Fitted => ({
    trees: trainReranker(training),
    stated: trainLinear(training, l2),
    plain: trainLinear(
      training.map((e) => ({ ...e, features: plain(e.features) })),
      l2,
    ),
  });
});

type Scorer = (m: Fitted, list: CandidateList) => number[];
const treesOf: Scorer = (m, list) => list.candidates.map((c) => scoreCandidate(m.trees, c.features));
const linearOf: Scorer = (m, list) =>
  list.candidates.map((c) =>
    c.features[NEEDS_STATED] === 1 ? linearScore(m.stated, c.features) : linearScore(m.plain, plain(c.features)),
  );
const blend =
  (beta: number): Scorer =>
  (m, list) => {
    const t = standardised(treesOf(m, list));
    const l = standardised(linearOf(m, list));
    return t.map((v, i) => v + beta * l[i]!);
  };

for (const l2 of [1e-3, 1e-2]) {
  const models = fitted.map((fit) => fit(l2));
  const variants: [string, Scorer][] = [
    ['trees (shipped)', treesOf],
    [`linear, l2 ${l2}`, linearOf],
    [`trees + 0.5 linear, l2 ${l2}`, blend(0.5)],
    [`trees + 1 linear, l2 ${l2}`, blend(1)],
  ];
  for (const [name, scorer] of variants) {
    const perFold = { full: [] as number[], title: [] as number[] };
    folds.forEach((fold, k) => {
      const test = new Set(fold.test);
      for (const view of ['full', 'title'] as const) {
        const run: Run = new Map();
        for (const list of lists) {
          if (list.view !== view || !test.has(list.demandId)) continue;
          const scores = scorer(models[k]!, list);
          run.set(
            list.demandId,
            list.candidates
              .map((c, position) => ({ id: c.id, position, score: scores[position]! }))
              .sort((a, b) => b.score - a.score || a.position - b.position)
              .map((c) => c.id),
          );
        }
        perFold[view].push(evaluateRun(run, new Map([...qrels].filter(([d]) => test.has(d))))['nDCG@10']);
      }
    });
    const cell = (v: 'full' | 'title') => {
      const s = meanAndSpread(perFold[v]);
      return `${s.mean.toFixed(4)} ± ${s.sd.toFixed(4)}`;
    };
    console.log(`${name.padEnd(30)} full ${cell('full')}  title ${cell('title')}`);
    for (const view of ['full', 'title'] as const)
      console.log(`  ${view.padEnd(5)} per fold: ${perFold[view].map((v) => v.toFixed(4)).join(' ')}`);
  }
}
