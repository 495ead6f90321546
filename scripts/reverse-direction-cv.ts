/**
 * Does the second stage help when an achievement asks for demands? It was
 * trained on demands asking for achievements; the product also uses it the
 * other way round (its plain trees rank achievement queries). Nobody judged
 * that direction, but the dev judgments are pairs, so they can be read from
 * the achievement's side.
 *   npx tsx scripts/reverse-direction-cv.ts [--name bag] [--seed n]
 * Held out like the rest of docs/quality.md: per fold, a model is trained on
 * the training demands' candidate lists (collected by rerank-bagging-cv.ts or
 * rerank-cv.ts under `--name`), and measured on queries that only its held-out
 * demands can answer: every achievement with a grade ≥ 2 judgment against a
 * held-out demand asks for demands, and its list is cut to the held-out
 * demands (16 a fold) before scoring. Training demands never appear in a
 * measured list, and their pairs are all the model saw.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { EVAL_QRELS_FILE, REPO_ROOT } from '../src/config/index.js';
import { type CandidateList, toExamples } from '../src/eval/cv.js';
import { assignFolds, CV_SEED, meanAndSpread, trainingSet } from '../src/eval/folds.js';
import { evaluateRun, parseQrels, type Qrels, type Run } from '../src/eval/metrics.js';
import { openDevEvalEngine } from '../src/eval/run-eval.js';
import { SECOND_STAGE_DEPTH, trainReranker } from '../src/match/rerank/index.js';

const opts = new Command()
  .option('--name <name>', 'candidate set name (var/rerank-candidates-<name>.json)', 'bag')
  .option('--seed <n>', 'fold seed', String(CV_SEED))
  .parse()
  .opts<{ name: string; seed: string }>();

const lists = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'var', `rerank-candidates-${opts.name}.json`), 'utf8'),
) as CandidateList[];
const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const examples = toExamples(lists, qrels);
const folds = assignFolds([...new Set(lists.map((l) => l.demandId))], 5, Number(opts.seed));
const setup = await openDevEvalEngine();

const rows = { first: [] as number[], second: [] as number[], queries: [] as number[] };
for (const fold of folds) {
  const test = new Set(fold.test);
  const model = trainReranker(trainingSet(examples, fold, (e) => e.demandId));
  // The judgments read from the achievement's side, held-out demands only.
  const reversed: Qrels = new Map();
  for (const [demand, judged] of qrels) {
    if (!test.has(demand)) continue;
    for (const [achievement, grade] of judged) {
      if (!reversed.has(achievement)) reversed.set(achievement, new Map());
      reversed.get(achievement)!.set(demand, grade);
    }
  }
  const queries = [...reversed].filter(([, judged]) => [...judged.values()].some((g) => g >= 2)).map(([a]) => a);
  const runs = { first: new Map() as Run, second: new Map() as Run };
  for (const achievement of queries) {
    for (const which of ['first', 'second'] as const) {
      const response = await setup.engine.matchAchievement(
        { id: achievement },
        { k: 100, ranking: { secondStage: { model: which === 'second' ? model : null, depth: SECOND_STAGE_DEPTH } } },
      );
      runs[which].set(
        achievement,
        response.results.map((r) => r.id).filter((id) => test.has(id)),
      );
    }
  }
  const judgedQueries: Qrels = new Map(queries.map((a) => [a, reversed.get(a)!]));
  rows.first.push(evaluateRun(runs.first, judgedQueries)['nDCG@10']);
  rows.second.push(evaluateRun(runs.second, judgedQueries)['nDCG@10']);
  rows.queries.push(queries.length);
  console.log(
    `fold ${fold.index}: ${queries.length} achievement queries, first stage ${rows.first.at(-1)!.toFixed(4)}, + second stage ${rows.second.at(-1)!.toFixed(4)}`,
  );
}
const cell = (values: number[]) => {
  const s = meanAndSpread(values);
  return `${s.mean.toFixed(4)} ± ${s.sd.toFixed(4)}`;
};
console.log(`achievement → demands, nDCG@10 over held-out demands (${rows.queries.join(', ')} queries a fold)`);
console.log(`  first stage       ${cell(rows.first)}`);
console.log(`  + second stage    ${cell(rows.second)}`);
await setup.dispose();
