/**
 * Measurement only (docs/quality.md, "Seventh round"): writes what the offline fine-tune of bge-small
 * needs, tokenised by the engine's own tokenizer so the Python side never re-implements it.
 *   npx tsx scripts/finetune/prep.ts   → var/ft/prep.json
 */
import fs from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import {
  DEMO_ACHIEVEMENTS_FILE,
  EVAL_DEMANDS_FILE,
  EVAL_QRELS_FILE,
  DEFAULT_MODEL_DIR,
  REPO_ROOT,
} from '../../src/config/index.js';
import { BGE_QUERY_INSTRUCTION } from '../../src/embed/index.js';
import { achievementEmbedText } from '../../src/bench/context.js';
import { demandQueryText } from '../../src/engine/derive.js';
import { assignFolds, CV_SEED } from '../../src/eval/folds.js';
import { parseQrels } from '../../src/eval/metrics.js';
import { truncateForModel } from '../../src/text/record-text.js';
import type { Achievement, Demand } from '../../src/domain/index.js';

const readJsonl = <T>(file: string): T[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

env.allowRemoteModels = false;
env.localModelPath = path.dirname(DEFAULT_MODEL_DIR);
const tokenizer = await AutoTokenizer.from_pretrained(path.basename(DEFAULT_MODEL_DIR));
const ids = (text: string): number[] => tokenizer.encode(text).slice(0, 512);

const demands = readJsonl<Demand>(EVAL_DEMANDS_FILE);
const achievements = readJsonl<Achievement>(DEMO_ACHIEVEMENTS_FILE);
const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const candidates = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'var', 'rerank-candidates-depth100.json'), 'utf8'),
) as { demandId: string; view: 'full' | 'title'; candidates: { id: string }[] }[];

const queries = demands.flatMap((d) => [
  { demandId: d.id, view: 'full', ids: ids(BGE_QUERY_INSTRUCTION + truncateForModel(demandQueryText(d)).text) },
  { demandId: d.id, view: 'title', ids: ids(BGE_QUERY_INSTRUCTION + d.title.trim()) },
]);
const passages = Object.fromEntries(achievements.map((a) => [a.id, ids(achievementEmbedText(a))]));
const out = {
  folds: assignFolds(
    demands.map((d) => d.id),
    5,
    CV_SEED,
  ),
  queries,
  passages,
  qrels: Object.fromEntries([...qrels].map(([q, m]) => [q, Object.fromEntries(m)])),
  pools: candidates.map((c) => ({ demandId: c.demandId, view: c.view, ids: c.candidates.map((x) => x.id) })),
};
fs.writeFileSync(path.join(REPO_ROOT, 'var', 'ft', 'prep.json'), JSON.stringify(out));
console.log(`queries ${queries.length}, passages ${Object.keys(passages).length}, pools ${out.pools.length}`);
