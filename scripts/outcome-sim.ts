/**
 * The feedback simulation of docs/quality.md (src/eval/outcome-sim.ts) on the
 * dev demands: candidates and features from var/rerank-candidates-<name>.json
 * (written by scripts/rerank-cv.ts --collect), vectors from the eval cache.
 *   npx tsx scripts/outcome-sim.ts [--revealed 10] [--weights 1,3] [--outcome-weight 0.5]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { DEFAULT_MODEL_DIR, DEMO_ACHIEVEMENTS_FILE, EVAL_QRELS_FILE, REPO_ROOT } from '../src/config/index.js';
import { schemaFor, type Achievement } from '../src/domain/index.js';
import { Embedder } from '../src/embed/index.js';
import { indexInput } from '../src/engine/index.js';
import type { CandidateList } from '../src/eval/cv.js';
import { assignFolds, CV_SEED } from '../src/eval/folds.js';
import { parseQrels } from '../src/eval/metrics.js';
import { simulateFeedback } from '../src/eval/outcome-sim.js';
import { parseJsonl } from '../src/ingest/index.js';
import { DEFAULT_TRAIN } from '../src/match/rerank/index.js';

const opts = new Command()
  .option('--name <name>', 'candidate set name', 'v2')
  .option('--revealed <n>', 'results revealed per seen demand', '10')
  .option('--weights <list>', 'per-demand adjustment weights to report', '1,3')
  .option('--outcome-weight <w>', 'weight of an outcome pair against a judged one in the retrain', '1')
  .parse()
  .opts<{ name: string; revealed: string; weights: string; outcomeWeight: string }>();

const lists = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'var', `rerank-candidates-${opts.name}.json`), 'utf8'),
) as CandidateList[];
const wanted = new Set(lists.flatMap((l) => l.candidates.map((c) => c.id)));
const achievements = parseJsonl(fs.readFileSync(DEMO_ACHIEVEMENTS_FILE, 'utf8'), schemaFor.achievement)
  .records.map((r) => r.record as Achievement)
  .filter((a) => wanted.has(a.id));
const embedder = await Embedder.load({
  modelDir: DEFAULT_MODEL_DIR,
  cacheDir: path.join(REPO_ROOT, 'var', 'eval-cache'),
  useQueryInstruction: true,
});
const vectors = await embedder.embed(
  achievements.map((a) => indexInput('achievement', a).embedText),
  'passage',
);
const vectorById = new Map(achievements.map((a, i) => [a.id, vectors[i]!]));
const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const folds = assignFolds([...new Set(lists.map((l) => l.demandId))], 5, CV_SEED);
const f = (x: { mean: number; sd: number }) => `${x.mean.toFixed(4)} ± ${x.sd.toFixed(4)}`;
{
  const rows = simulateFeedback({
    lists,
    qrels,
    folds,
    revealed: Number.parseInt(opts.revealed, 10),
    train: DEFAULT_TRAIN,
    feedback: opts.weights.split(',').map((w) => ({ weight: Number(w) })),
    vectorOf: (id) => vectorById.get(id),
    outcomeWeight: Number(opts.outcomeWeight),
  });
  console.log(
    `revealed top ${opts.revealed} of each seen demand (full view), 5 folds, seed ${CV_SEED}, outcome pairs weigh ${opts.outcomeWeight}`,
  );
  for (const r of rows) console.log(`  ${r.condition.padEnd(48)} seen ${f(r.seen)}  other ${f(r.unseen)}`);
}
