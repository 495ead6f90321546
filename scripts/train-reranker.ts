/**
 * Trains the second-stage ranker on every judged dev demand (both views) and
 * writes models/reranker/reranker.json with its training data's hash, and the
 * examples themselves beside it (judged-examples.json.gz: the nightly rebuild retrains
 * on them with brokers' outcomes). Deterministic: run it twice and the files are the same.
 *   npm run train-reranker [-- --achievements f --demands f --qrels f]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import {
  DEMO_ACHIEVEMENTS_FILE,
  EVAL_DEMANDS_FILE,
  EVAL_QRELS_FILE,
  RERANKER_EXAMPLES_FILE,
  RERANKER_MODEL_FILE,
} from '../src/config/index.js';
import { collectBothViews } from '../src/eval/cv-command.js';
import { toExamples, type CandidateList } from '../src/eval/cv.js';
import { parseQrels } from '../src/eval/metrics.js';
import { openDevEvalEngine } from '../src/eval/run-eval.js';
import { DEFAULT_TRAIN, serializeJudgedExamples, trainReranker } from '../src/match/rerank/index.js';

const opts = new Command()
  .option('--achievements <file>', 'achievements JSONL', DEMO_ACHIEVEMENTS_FILE)
  .option('--demands <file>', 'judged demands JSONL', EVAL_DEMANDS_FILE)
  .option('--qrels <file>', 'graded judgments TSV', EVAL_QRELS_FILE)
  .option('--out <file>', 'model file', RERANKER_MODEL_FILE)
  .option('--examples-out <file>', 'judged examples file', RERANKER_EXAMPLES_FILE)
  .option('--candidates <file>', 'reuse candidates collected by scripts/rerank-cv.ts instead of collecting them')
  .parse()
  .opts<{
    achievements: string;
    demands: string;
    qrels: string;
    out: string;
    examplesOut: string;
    candidates?: string;
  }>();

async function collect(): Promise<CandidateList[]> {
  if (opts.candidates) return JSON.parse(fs.readFileSync(opts.candidates, 'utf8')) as CandidateList[];
  const setup = await openDevEvalEngine({
    achievementsFile: opts.achievements,
    demandsFile: opts.demands,
    qrelsFile: opts.qrels,
  });
  const lists = await collectBothViews(setup);
  await setup.dispose();
  return lists;
}

const lists = await collect();
const examples = toExamples(lists, parseQrels(fs.readFileSync(opts.qrels, 'utf8')));
const model = trainReranker(examples, DEFAULT_TRAIN);
fs.mkdirSync(path.dirname(opts.out), { recursive: true });
fs.writeFileSync(opts.out, JSON.stringify(model) + '\n');
fs.writeFileSync(opts.examplesOut, serializeJudgedExamples(examples));
console.log(
  `trained ${model.version} on ${examples.length} candidates of ${lists.length} queries: ${model.trees.length} trees, data ${model.trainingDataHash.slice(0, 12)} → ${opts.out}, examples → ${opts.examplesOut}`,
);
