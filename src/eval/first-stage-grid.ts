/**
 * The first-stage variants of docs/quality.md and the grids their parameters
 * are chosen from under cross-validation (src/eval/choose-cv.ts). A variant's
 * grid leaves out "off", so its row measures the variant itself with the
 * parameter picked on the training folds. Every setting names its whole
 * `firstStage`, so a row measures its variant alone whatever the default is.
 */
import type { RankingParams } from '../match/rank.js';
import { DEFAULT_FUSION } from '../match/fuse.js';
import { DEFAULT_FIRST_STAGE } from '../match/retrieve.js';
import type { DemandScores } from './choose-cv.js';
import { ndcgPerDemand } from './choose-cv.js';
import type { Qrels } from './metrics.js';
import { type EvalSetup, runDemands } from './run-eval.js';

export interface GridSetting {
  label: string;
  ranking: Partial<RankingParams>;
}

const rrf = (rrfK: number): GridSetting => ({
  label: `k=${rrfK}`,
  ranking: { fusion: { ...DEFAULT_FUSION, rrfK }, firstStage: {} },
});

const cross = <T>(lists: T[][]): T[][] =>
  lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])), [[]]);

export const FIRST_STAGE_FAMILIES: Record<string, GridSetting[]> = {
  /** Today's first stage, nothing fitted. */
  baseline: [{ label: 'default', ranking: { firstStage: {} } }],
  /** The shipped default (DEFAULT_FIRST_STAGE), nothing fitted. */
  shipped: [{ label: 'shipped', ranking: { firstStage: DEFAULT_FIRST_STAGE } }],
  'rrf-k': [1, 2, 3, 5, 10, 20, 30, 40, 60, 100].map(rrf),
  'title-only-weight': cross([
    [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95],
    [0.95, 1, 1.05, 1.1],
  ]).map(([shortQuery, longQuery]) => ({
    label: `short=${shortQuery},long=${longQuery}`,
    ranking: { firstStage: { titleOnlyRecordWeight: { shortQuery: shortQuery!, longQuery: longQuery! } } },
  })),
  /** The same with long queries left alone (the joint grid found no long-query weight that held up under CV). */
  'title-only-weight-short': [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95].map((shortQuery) => ({
    label: `short=${shortQuery}`,
    ranking: { firstStage: { titleOnlyRecordWeight: { shortQuery, longQuery: 1 } } },
  })),
  rm3: cross<number | string>([
    [3, 5, 10],
    [10, 20, 40],
    [0.5, 0.7, 0.8, 0.9],
    ['lexical', 'fused'],
  ]).map(([feedbackDocs, feedbackTerms, originalWeight, source]) => ({
    label: `docs=${feedbackDocs},terms=${feedbackTerms},orig=${originalWeight},${source}`,
    ranking: {
      firstStage: {
        rm3: {
          feedbackDocs: feedbackDocs as number,
          feedbackTerms: feedbackTerms as number,
          originalWeight: originalWeight as number,
          source: source as 'lexical' | 'fused',
        },
      },
    },
  })),
  'dictionary-expansion': [0.1, 0.3, 0.5].map((w) => ({
    label: `w=${w}`,
    ranking: { firstStage: { dictionaryExpansion: w } },
  })),
  'sentence-lists': [0.1, 0.25, 0.5].map((w) => ({ label: `w=${w}`, ranking: { firstStage: { sentenceLists: w } } })),
  'record-sentence-list': [0.1, 0.25, 0.5, 1].map((w) => ({
    label: `w=${w}`,
    ranking: { firstStage: { recordSentenceList: w } },
  })),
};

/** nDCG@10 of every demand in both views under one setting (full: the stored demand; title: its title as free text). */
export async function scoreSetting(setup: EvalSetup, setting: GridSetting, qrels: Qrels): Promise<DemandScores> {
  const full = await runDemands(setup, { view: 'full', ranking: setting.ranking, depth: 10 });
  const title = await runDemands(setup, { view: 'title', ranking: setting.ranking, depth: 10 });
  return { full: ndcgPerDemand(full.run, qrels), title: ndcgPerDemand(title.run, qrels) };
}
