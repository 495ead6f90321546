/**
 * Measurement only (docs/quality.md, "Seventh round"): the shipped second stage's held-out order of the
 * first stage's top 100 (5-fold CV, seed 13; the same figures as `eval --cv 5`), for cv.py to fuse with.
 *   npx tsx scripts/finetune/second-stage-runs.ts   → var/ft/second-stage-runs.json
 */
import fs from 'node:fs';
import path from 'node:path';
import { EVAL_QRELS_FILE, REPO_ROOT } from '../../src/config/index.js';
import { crossValidate, type CandidateList } from '../../src/eval/cv.js';
import { assignFolds, CV_SEED } from '../../src/eval/folds.js';
import { parseQrels } from '../../src/eval/metrics.js';

const candidatesFile = path.join(REPO_ROOT, 'var', 'rerank-candidates-depth100.json');
if (!fs.existsSync(candidatesFile)) throw new Error('collect first: npx tsx scripts/rerank-depth-cv.ts --collect');
const lists = JSON.parse(fs.readFileSync(candidatesFile, 'utf8')) as CandidateList[];
const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const folds = assignFolds([...new Set(lists.map((l) => l.demandId))], 5, CV_SEED);
const s = crossValidate(lists, qrels, folds);
console.log(`second stage, held out: full ${s.mean.full['nDCG@10']}  title ${s.mean.title['nDCG@10']}`);
fs.writeFileSync(
  path.join(REPO_ROOT, 'var', 'ft', 'second-stage-runs.json'),
  JSON.stringify({ full: [...s.heldOut.full], title: [...s.heldOut.title] }),
);
