/**
 * `eval --cv N`: the cross-validated figure of the whole ranking (first stage
 * + second stage), printed per fold and as mean ± spread for both views. The
 * run file holds each demand ranked by the model of the fold that held it out.
 */
import fs from 'node:fs';
import type { RankingParams } from '../match/rank.js';
import { SECOND_STAGE_TRAINING_DEPTH } from '../match/rerank/index.js';
import { collectCandidates, crossValidate, type CandidateList, type Trainer } from './cv.js';
import { assignFolds } from './folds.js';
import { evaluateRun, parseQrels } from './metrics.js';
import type { EvalSetup, QueryView } from './run-eval.js';

export interface CvOptions {
  folds: number;
  seed: number;
  qrelsFile: string;
  runFile: string;
  view: QueryView;
  ranking?: Partial<RankingParams>;
  trainer?: Trainer;
  log?: (line: string) => void;
}

const fmt = (x: number) => x.toFixed(4);

export async function collectBothViews(
  setup: EvalSetup,
  ranking: Partial<RankingParams> = {},
  depth = SECOND_STAGE_TRAINING_DEPTH,
): Promise<CandidateList[]> {
  return [
    ...(await collectCandidates(setup, 'full', ranking, depth)),
    ...(await collectCandidates(setup, 'title', ranking, depth)),
  ];
}

export async function runCrossValidation(setup: EvalSetup, options: CvOptions) {
  const log = options.log ?? (() => {});
  const qrels = parseQrels(fs.readFileSync(options.qrelsFile, 'utf8'));
  const lists = await collectBothViews(setup, options.ranking);
  const folds = assignFolds(
    setup.demands.map((d) => d.id),
    options.folds,
    options.seed,
  );
  const summary = crossValidate(lists, qrels, folds, options.trainer);
  for (const fold of summary.folds)
    log(
      `fold ${fold.fold} (${fold.test.length} demands): nDCG@10 full ${fmt(fold.metrics.full['nDCG@10'])}, title ${fmt(fold.metrics.title['nDCG@10'])}`,
    );
  for (const view of ['full', 'title'] as const)
    log(
      `${view}: nDCG@10 ${fmt(summary.mean[view]['nDCG@10']!)} ± ${fmt(summary.sd[view]['nDCG@10']!)} (mean ± sd over folds)`,
    );
  const lines: string[] = [];
  for (const [demand, ranked] of summary.heldOut[options.view])
    ranked.forEach((id, i) => lines.push(`${demand}\t${id}\t${i + 1}\t${(1 / (i + 1)).toFixed(6)}`));
  fs.writeFileSync(options.runFile, lines.join('\n') + '\n');
  return {
    cv: options.folds,
    seed: options.seed,
    view: options.view,
    folds: summary.folds.map((f) => ({ fold: f.fold, demands: f.test.length, ...f.metrics })),
    mean: summary.mean,
    sd: summary.sd,
    // Pooled over all held-out demands: comparable to a plain eval's figure.
    heldOut: {
      full: evaluateRun(summary.heldOut.full, qrels),
      title: evaluateRun(summary.heldOut.title, qrels),
    },
  };
}
