/**
 * Measurement: late interaction (ColBERT-style MaxSim, Khattab & Zaharia 2020)
 * over bge-small's token states, as second-stage features. The pooled vector
 * averages a demand's words into one point; MaxSim lets each query token find
 * its closest token in the record's title, so a record that matches the need's
 * few key words is not outweighed by one close to the company's description.
 * bge-small was not trained for this (its token states are a by-product), so it
 * is an experiment, not a design.
 *   npx tsx scripts/rerank-maxsim-cv.ts [--name bag] [--seed n]
 * Reads the candidates collected by rerank-bagging-cv.ts (`--name`); token states
 * of the candidates' titles and of the queries are computed here, once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import {
  DEMO_ACHIEVEMENTS_FILE,
  EVAL_DEMANDS_FILE,
  EVAL_QRELS_FILE,
  DEFAULT_MODEL_DIR,
  REPO_ROOT,
} from '../src/config/index.js';
import type { CandidateList } from '../src/eval/cv.js';
import { crossValidate } from '../src/eval/cv.js';
import { assignFolds, CV_SEED } from '../src/eval/folds.js';
import { parseQrels } from '../src/eval/metrics.js';
import { loadFeatureExtractor } from '../src/embed/model.js';
import { trainReranker } from '../src/match/rerank/index.js';
import { needSentences } from '../src/text/sentences.js';

const opts = new Command()
  .option('--name <name>', 'candidate set name', 'bag')
  .option('--seed <n>', 'fold seed', String(CV_SEED))
  .parse()
  .opts<{ name: string; seed: string }>();

const lists = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'var', `rerank-candidates-${opts.name}.json`), 'utf8'),
) as CandidateList[];
const readJsonl = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const titles = new Map(readJsonl(DEMO_ACHIEVEMENTS_FILE).map((r) => [String(r.id), String(r.title)]));
const demands = new Map(readJsonl(EVAL_DEMANDS_FILE).map((d) => [String(d.id), d]));

const extractor = await loadFeatureExtractor(DEFAULT_MODEL_DIR);
/** Unit-length token states of a text, [CLS] and [SEP] left out. */
async function tokenStates(text: string): Promise<Float32Array[]> {
  const out = await extractor(text, { pooling: 'none', normalize: false });
  const [, seq, dims] = out.dims as [number, number, number];
  const data = out.data as Float32Array;
  const rows: Float32Array[] = [];
  for (let t = 1; t < seq - 1; t += 1) {
    const row = data.slice(t * dims, (t + 1) * dims);
    let norm = 0;
    for (const v of row) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < dims; i += 1) row[i]! /= norm;
    rows.push(row);
  }
  return rows;
}

const started = performance.now();
const recordStates = new Map<string, Float32Array[]>();
const ids = [...new Set(lists.flatMap((l) => l.candidates.map((c) => c.id)))];
for (const id of ids) recordStates.set(id, await tokenStates(titles.get(id) ?? ''));
console.log(`${ids.length} titles' token states in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i += 1) s += a[i]! * b[i]!;
  return s;
};
/** Mean over `from`'s tokens of the best cosine with any of `to`'s. */
const maxSim = (from: Float32Array[], to: Float32Array[]) =>
  from.length === 0 || to.length === 0
    ? 0
    : from.reduce((s, q) => s + Math.max(...to.map((d) => dot(q, d))), 0) / from.length;

const base = lists[0]!.candidates[0]!.features.length;
for (const list of lists) {
  const demand = demands.get(list.demandId)!;
  const text = list.view === 'title' ? String(demand.title) : `${demand.title}。${demand.description}`;
  const query = list.view === 'title' ? String(demand.title) : needSentences(text).join('。');
  const q = await tokenStates(query);
  const scores = list.candidates.map((c) => {
    const d = recordStates.get(c.id)!;
    return [maxSim(q, d), maxSim(d, q)];
  });
  const best = [0, 1].map((k) => Math.max(...scores.map((s) => s[k]!)));
  list.candidates.forEach((c, i) => {
    const [toTitle, fromTitle] = scores[i]!;
    c.features.push(toTitle!, toTitle! - best[0]!, fromTitle!, fromTitle! - best[1]!);
  });
}
console.log(`features in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const folds = assignFolds([...new Set(lists.map((l) => l.demandId))], 5, Number(opts.seed));
const columns = { queryToTitle: [base, base + 1], titleToQuery: [base + 2, base + 3] };
const variants: [string, number[]][] = [
  ['reference (new columns masked)', [base, base + 1, base + 2, base + 3]],
  ['+ MaxSim query → title', columns.titleToQuery],
  ['+ MaxSim title → query', columns.queryToTitle],
  ['+ both', []],
];
for (const [name, masked] of variants) {
  const copy = lists.map((l) => ({
    ...l,
    candidates: l.candidates.map((c) => ({ ...c, features: c.features.map((v, f) => (masked.includes(f) ? 0 : v)) })),
  }));
  const s = crossValidate(copy, qrels, folds, (examples) => trainReranker(examples));
  const cell = (v: 'full' | 'title') => `${s.mean[v]['nDCG@10']!.toFixed(4)} ± ${s.sd[v]['nDCG@10']!.toFixed(4)}`;
  console.log(`${name.padEnd(32)} full ${cell('full')}  title ${cell('title')}`);
  for (const view of ['full', 'title'] as const)
    console.log(`  ${view.padEnd(5)} per fold: ${s.folds.map((f) => f.metrics[view]['nDCG@10'].toFixed(4)).join(' ')}`);
}
