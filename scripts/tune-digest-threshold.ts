/**
 * Chooses the digest threshold (src/subscriptions/threshold.ts) on the dev set:
 * every dev demand is matched against the demo achievements (the same
 * matchDemand path digests use); for each judged pair in the top DEPTH we keep
 * the dense cosine similarity and the grade. On one half of the demands (even
 * positions) the threshold is the lowest similarity at which precision of
 * grade ≥ 2 among judged pairs above it reaches --target; the other half
 * (odd positions) checks it.
 *   npx tsx scripts/tune-digest-threshold.ts [--target 0.5]
 */
import fs from 'node:fs';
import { Command } from 'commander';
import { EVAL_QRELS_FILE } from '../src/config/index.js';
import { openDevEvalEngine } from '../src/eval/run-eval.js';

const DEPTH = 50;
const opts = new Command()
  .option('--target <p>', 'precision of grade >= 2 to reach', '0.5')
  .parse()
  .opts<{ target: string }>();
const target = Number(opts.target);

const grades = new Map<string, number>();
for (const line of fs.readFileSync(EVAL_QRELS_FILE, 'utf8').split('\n')) {
  const [demand, achievement, grade] = line.trim().split(/\s+/);
  if (demand && achievement && grade !== undefined) grades.set(`${demand}\t${achievement}`, Number(grade));
}

const setup = await openDevEvalEngine();

interface Pair {
  similarity: number;
  grade: number;
}
const halves: [Pair[], Pair[]] = [[], []];
const demandIds = setup.demands.map((d) => d.id).sort();
for (const [i, id] of demandIds.entries()) {
  const response = await setup.engine.matchDemand({ id }, { k: DEPTH });
  for (const r of response.results) {
    const grade = grades.get(`${id}\t${r.id}`);
    if (grade !== undefined) halves[i % 2]!.push({ similarity: r.components.dense ?? 0, grade });
  }
}
await setup.dispose();

function precisionAbove(pairs: Pair[], t: number): { precision: number; kept: number; recall: number } {
  const kept = pairs.filter((p) => p.similarity >= t);
  const good = kept.filter((p) => p.grade >= 2).length;
  const allGood = pairs.filter((p) => p.grade >= 2).length;
  return { precision: kept.length ? good / kept.length : 0, kept: kept.length, recall: allGood ? good / allGood : 0 };
}

const [tune, check] = halves;
let chosen: number | undefined;
for (let t = 0.3; t <= 0.9; t += 0.005) {
  const r = precisionAbove(tune, t);
  console.log(`t=${t.toFixed(3)} tune: p=${r.precision.toFixed(3)} kept=${r.kept} recall=${r.recall.toFixed(3)}`);
  if (chosen === undefined && r.precision >= target && r.kept >= 10) chosen = Math.round(t * 1000) / 1000;
}
if (chosen === undefined) throw new Error(`no threshold reaches precision ${target} on the tuning half`);
const t = precisionAbove(tune, chosen);
const c = precisionAbove(check, chosen);
console.log(
  JSON.stringify({
    target,
    threshold: chosen,
    tune: { pairs: tune.length, ...t },
    check: { pairs: check.length, ...c },
  }),
);
