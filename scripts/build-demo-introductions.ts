/**
 * Builds data/demo/introductions.jsonl: a synthetic history of introductions
 * over the demo demands, from their real match lists (the model runs once,
 * about 1–2 minutes; the shared embedding cache var/eval-cache makes reruns
 * fast). Fixed seed: the same model and data give the same file.
 *
 *   npx tsx scripts/build-demo-introductions.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_REGIONS_FILE,
  DEMO_ACHIEVEMENTS_FILE,
  DEMO_DEMANDS_FILE,
  DEMO_INTRODUCTIONS_FILE,
  REPO_ROOT,
  loadConfig,
} from '../src/config/index.js';
import { engineConfigFrom } from '../src/engine/index.js';
import { openEvalEngine } from '../src/eval/run-eval.js';
import { generateDemoIntroductions, type DemoMatch } from '../src/introductions/demo.js';
import { loadRegionDirectory } from '../src/regions/index.js';
import { progressBar } from '../src/terminal/index.js';

const SEED = 20261130;
const DEPTH = 20;

const progress = progressBar();
const setup = await openEvalEngine({
  achievementsFile: DEMO_ACHIEVEMENTS_FILE,
  demandsFile: DEMO_DEMANDS_FILE,
  qrelsFile: '',
  engineConfig: engineConfigFrom(loadConfig()),
  cacheDir: path.join(REPO_ROOT, 'var', 'eval-cache'),
  onProgress: progress.onProgress,
});
progress.stop();
const matches = new Map<string, DemoMatch[]>();
for (const demand of setup.demands) {
  const response = await setup.engine.matchDemand({ id: demand.id }, { k: DEPTH });
  matches.set(
    demand.id,
    response.results.map((r) => ({
      id: r.id,
      title: r.record.title,
      industry: r.industry,
      rank: r.rank,
      score: Math.round(r.score * 1e6) / 1e6,
      reason: r.reason,
      sharedTerms: r.sharedTerms,
    })),
  );
}
const demands = setup.demands.map((d) => ({ ...d, industry: setup.engine.get('demand', d.id).meta.industry }));
await setup.dispose();

const introductions = generateDemoIntroductions(demands, matches, loadRegionDirectory(DEFAULT_REGIONS_FILE), {
  seed: SEED,
  since: new Date('2025-01-01T01:00:00Z'),
  until: new Date('2026-11-27T09:00:00Z'),
  perDemand: { min: 6, max: 10 },
  expiryDays: 30,
});
fs.writeFileSync(DEMO_INTRODUCTIONS_FILE, introductions.map((i) => JSON.stringify(i)).join('\n') + '\n');
const byState: Record<string, number> = {};
for (const i of introductions) byState[i.state] = (byState[i.state] ?? 0) + 1;
console.log(`wrote ${introductions.length} synthetic introductions to ${DEMO_INTRODUCTIONS_FILE}:`, byState);
