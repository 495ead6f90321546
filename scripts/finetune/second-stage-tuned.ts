/**
 * Measurement only (docs/quality.md, "Seventh round"): the second stage given the fine-tuned model's cosine.
 * Per outer fold, training demands carry cosines from nested.py (models that never saw them) and held-out
 * demands from cv.py's fold model (fitted on the 64 training demands only). Variants, named before any result:
 *   shipped  the 29 features as they are (the control, through the same code);
 *   dense    `dense` and `denseGap` read the tuned model's cosine (and its gap to the pool's best);
 *   added    `prfDense` and `prfDenseGap` give way to the tuned cosine and its gap, so the base model's
 *            cosine stays beside it (the trainer's columns are fixed; these two were the weakest kept group).
 *   npx tsx scripts/finetune/second-stage-tuned.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { EVAL_QRELS_FILE, REPO_ROOT } from '../../src/config/index.js';
import { crossValidate, type CandidateList } from '../../src/eval/cv.js';
import { assignFolds, CV_SEED, meanAndSpread } from '../../src/eval/folds.js';
import { parseQrels } from '../../src/eval/metrics.js';
import { FEATURE_NAMES, type FeatureName } from '../../src/match/rerank/index.js';

type Cosines = Record<string, Record<string, Record<string, number>>>;
const read = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'var', name), 'utf8')) as T;
const lists = read<CandidateList[]>('rerank-candidates-depth100.json');
const nested = read<Cosines>('ft/nested-cosines.json');
// cv.py keeps [base, tuned] per record
const heldOut = read<Record<string, Record<string, Record<string, [number, number]>>>>('ft/cv5-cosines.json');
const qrels = parseQrels(fs.readFileSync(EVAL_QRELS_FILE, 'utf8'));
const folds = assignFolds([...new Set(lists.map((l) => l.demandId))], 5, CV_SEED);

const VARIANTS: [string, [FeatureName, FeatureName] | null][] = [
  ['shipped', null],
  ['dense', ['dense', 'denseGap']],
  ['added', ['prfDense', 'prfDenseGap']],
];
const at = (name: FeatureName) => FEATURE_NAMES.indexOf(name);
const done = folds.filter((f) => nested[f.index] && heldOut[f.index]);
console.log(`outer folds with both cosines: ${done.map((f) => f.index).join(', ')}`);
const perVariant = new Map<string, { full: number[]; title: number[] }>();
for (const fold of done) {
  const test = new Set(fold.test);
  const tunedOf = (list: CandidateList, id: string): number => {
    const key = `${list.demandId}|${list.view}`;
    const value = test.has(list.demandId) ? heldOut[fold.index]![key]?.[id]?.[1] : nested[fold.index]![key]?.[id];
    if (value === undefined) throw new Error(`no tuned cosine for ${key} ${id} in fold ${fold.index}`);
    return value;
  };
  for (const [name, columns] of VARIANTS) {
    const variant: CandidateList[] = lists.map((list) => {
      if (!columns) return list;
      const tuned = list.candidates.map((c) => tunedOf(list, c.id));
      const best = Math.max(...tuned);
      return {
        ...list,
        candidates: list.candidates.map((c, i) => {
          const features = [...c.features];
          features[at(columns[0])] = tuned[i]!;
          features[at(columns[1])] = tuned[i]! - best;
          return { ...c, features };
        }),
      };
    });
    const s = crossValidate(variant, qrels, [fold]);
    const row = perVariant.get(name) ?? { full: [], title: [] };
    row.full.push(s.mean.full['nDCG@10']!);
    row.title.push(s.mean.title['nDCG@10']!);
    perVariant.set(name, row);
  }
}
for (const [name, { full, title }] of perVariant) {
  const cell = (xs: number[]) => {
    const { mean, sd } = meanAndSpread(xs);
    return `${mean.toFixed(4)} ± ${sd.toFixed(4)} (${xs.map((x) => x.toFixed(4)).join(' ')})`;
  };
  console.log(`${name.padEnd(8)} full ${cell(full)}  title ${cell(title)}`);
}
