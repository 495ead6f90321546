/**
 * First-stage variants under 5-fold CV (docs/quality.md, "First-stage variants"):
 * each family's grid ranks all 80 dev demands in both views once; each fold
 * then picks the grid point best on its training demands and is measured on
 * its held-out demands. Per-demand scores are cached in var/first-stage-cv.json.
 *   npx tsx scripts/first-stage-cv.ts --family baseline,rrf-k
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { EVAL_QRELS_FILE, REPO_ROOT } from '../src/config/index.js';
import { chooseByCrossValidation, type DemandScores } from '../src/eval/choose-cv.js';
import { FIRST_STAGE_FAMILIES, scoreSetting } from '../src/eval/first-stage-grid.js';
import { assignFolds, CV_SEED } from '../src/eval/folds.js';
import { parseQrels } from '../src/eval/metrics.js';
import { openDevEvalEngine } from '../src/eval/run-eval.js';

const opts = new Command()
  .option('--family <names>', `comma-separated: ${Object.keys(FIRST_STAGE_FAMILIES).join(', ')}`, 'baseline')
  .option('--fresh', 'ignore cached scores')
  .option('--grid', "also print each grid point's mean over all demands (in-sample: for diagnosis, never a result)")
  .parse()
  .opts<{ family: string; fresh?: boolean; grid?: boolean }>();

const families = opts.family.split(',');
for (const name of families) if (!FIRST_STAGE_FAMILIES[name]) throw new Error(`unknown family ${name}`);

type Cached = Record<string, { full: [string, number][]; title: [string, number][] }>;
const cacheFile = path.join(REPO_ROOT, 'var', 'first-stage-cv.json');
const cache: Cached = !opts.fresh && fs.existsSync(cacheFile) ? JSON.parse(fs.readFileSync(cacheFile, 'utf8')) : {};
const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const setup = await openDevEvalEngine();
const folds = assignFolds(
  setup.demands.map((d) => d.id),
  5,
  CV_SEED,
);
const fmt = (x: number) => x.toFixed(4);
for (const family of families) {
  const grid = [];
  for (const setting of FIRST_STAGE_FAMILIES[family]!) {
    const key = `${family}:${setting.label}`;
    let scores: DemandScores;
    const hit = cache[key];
    if (hit) scores = { full: new Map(hit.full), title: new Map(hit.title) };
    else {
      const started = performance.now();
      scores = await scoreSetting(setup, setting, qrels);
      cache[key] = { full: [...scores.full], title: [...scores.title] };
      fs.writeFileSync(cacheFile, JSON.stringify(cache));
      console.log(`  ${key} scored in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    grid.push({ label: setting.label, scores });
    if (opts.grid) {
      const mean = (m: Map<string, number>) => fmt([...m.values()].reduce((a, b) => a + b, 0) / m.size);
      console.log(`  (in-sample) ${key.padEnd(50)} full ${mean(scores.full)}  title ${mean(scores.title)}`);
    }
  }
  const s = chooseByCrossValidation(grid, folds);
  console.log(
    `${family.padEnd(22)} full ${fmt(s.mean.full)} ± ${fmt(s.sd.full)}  title ${fmt(s.mean.title)} ± ${fmt(s.sd.title)}  chosen per fold: ${s.folds.map((f) => f.chosen).join(' | ')}`,
  );
  console.log(
    `  per fold (full / title): ${s.folds.map((f) => `${fmt(f.test.full)} / ${fmt(f.test.title)}`).join(', ')}`,
  );
}
await setup.dispose();
