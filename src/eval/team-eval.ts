/**
 * The expert-finding eval: ranks teams for each dev demand from its top-100
 * achievement matches and scores the team lists with nDCG@10, a team being as
 * relevant as its best judged achievement (so relevant, grade ≥ 2, when it holds
 * an achievement judged ≥ 2). Every candidate aggregation is scored on all
 * demands, and the choice among them is also cross-validated (chosen on the
 * training folds, measured on the held-out fold), so the figure for the chosen
 * one is not flattered by the choosing.
 */
import {
  aggregationName,
  rankTeams,
  type Aggregation,
  type ScoredAchievement,
  type TeamLookup,
} from '../teams/index.js';
import { queryMetrics, type Qrels } from './metrics.js';

export const CANDIDATE_AGGREGATIONS: Aggregation[] = [
  { kind: 'max' },
  { kind: 'sumTop', n: 2 },
  { kind: 'sumTop', n: 3 },
  { kind: 'sumTop', n: 5 },
  { kind: 'decay', lambda: 0.05 },
  { kind: 'decay', lambda: 0.1 },
  { kind: 'decay', lambda: 0.3 },
  { kind: 'noisyOr', gamma: 2 },
  { kind: 'noisyOr', gamma: 4 },
  { kind: 'noisyOr', gamma: 8 },
  { kind: 'balog', alpha: 0 },
  { kind: 'balog', alpha: 0.5 },
  { kind: 'balog', alpha: 1 },
];

/** The baseline: the team of the top achievement, alone. */
export const BASELINE_NAME = 'teamOfTopAchievement';

function baselineRanking(matches: ScoredAchievement[], teams: TeamLookup): string[] {
  const top = [...matches].sort((a, b) => a.rank - b.rank).find((m) => teams.teamOf(m.id) !== undefined);
  return top ? [teams.teamOf(top.id)!] : [];
}

/** Team grades: a team's grade for a demand is the best grade of the achievements it holds. */
export function teamQrels(qrels: Qrels, teamOf: (achievementId: string) => string | undefined): Qrels {
  const result: Qrels = new Map();
  for (const [demand, judged] of qrels) {
    const grades = new Map<string, number>();
    for (const [achievement, grade] of judged) {
      const team = teamOf(achievement);
      if (team !== undefined) grades.set(team, Math.max(grades.get(team) ?? 0, grade));
    }
    result.set(demand, grades);
  }
  return result;
}

/** nDCG@10 per demand that has a relevant team, for one aggregation (or the baseline). */
export function teamNdcgByDemand(
  matches: Map<string, ScoredAchievement[]>,
  grades: Qrels,
  teams: TeamLookup,
  aggregation: Aggregation | typeof BASELINE_NAME,
): Map<string, number> {
  const scores = new Map<string, number>();
  for (const [demand, judged] of grades) {
    if (![...judged.values()].some((g) => g >= 2)) continue;
    const list = matches.get(demand) ?? [];
    const ranked =
      aggregation === BASELINE_NAME
        ? baselineRanking(list, teams)
        : rankTeams(list, teams, aggregation).map((t) => t.teamId);
    scores.set(demand, queryMetrics(ranked, judged)[0]);
  }
  return scores;
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
const round = (x: number) => Math.round(x * 10000) / 10000;

/** Folds by demand: a seeded shuffle, then round-robin. */
export function foldsOf(demands: string[], folds: number, seed = 20261130): string[][] {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const shuffled = [...demands].sort();
  for (let i = shuffled.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return Array.from({ length: folds }, (_, f) => shuffled.filter((_, i) => i % folds === f));
}

export interface TeamEvalReport {
  demands: number;
  teams: number;
  /** nDCG@10 of every candidate on all demands (in-sample). */
  candidates: Record<string, number>;
  /** The team of the top achievement, alone (the baseline). */
  baseline: { aggregation: string; 'nDCG@10': number };
  /** The best candidate on all demands: what the service uses. */
  chosen: { aggregation: string; 'nDCG@10': number };
  crossValidated: {
    folds: number;
    /** Per fold: what the training folds chose, and its nDCG@10 on the held-out fold. */
    perFold: { chosen: string; 'nDCG@10': number; demands: number }[];
    /** The selection procedure on held-out demands (mean over all demands of their held-out score). */
    'nDCG@10': number;
    /** The baseline on the same demands. */
    'baseline nDCG@10': number;
  };
}

export function evaluateTeamRanking(
  matches: Map<string, ScoredAchievement[]>,
  qrels: Qrels,
  teams: TeamLookup & { count: number },
  options: { folds?: number; candidates?: Aggregation[] } = {},
): TeamEvalReport {
  const candidates = options.candidates ?? CANDIDATE_AGGREGATIONS;
  const grades = teamQrels(qrels, (id) => teams.teamOf(id));
  const perDemand = candidates.map((aggregation) => teamNdcgByDemand(matches, grades, teams, aggregation));
  const demands = [...perDemand[0]!.keys()];
  const overall = perDemand.map((scores) => mean([...scores.values()]));
  const best = (over: string[]) => {
    let bestIndex = 0;
    candidates.forEach((_, i) => {
      const score = mean(over.map((d) => perDemand[i]!.get(d)!));
      if (score > mean(over.map((d) => perDemand[bestIndex]!.get(d)!)) + 1e-12) bestIndex = i;
    });
    return bestIndex;
  };
  const chosenIndex = best(demands);
  const baselineScores = teamNdcgByDemand(matches, grades, teams, BASELINE_NAME);
  const baseline = round(mean([...baselineScores.values()]));
  const folds = foldsOf(demands, options.folds ?? 5);
  const heldOut: number[] = [];
  const perFold = folds.map((test) => {
    const train = demands.filter((d) => !test.includes(d));
    const i = best(train);
    const scores = test.map((d) => perDemand[i]!.get(d)!);
    heldOut.push(...scores);
    return { chosen: aggregationName(candidates[i]!), 'nDCG@10': round(mean(scores)), demands: test.length };
  });
  return {
    demands: demands.length,
    teams: teams.count,
    candidates: Object.fromEntries(candidates.map((c, i) => [aggregationName(c), round(overall[i]!)])),
    baseline: { aggregation: BASELINE_NAME, 'nDCG@10': baseline },
    chosen: { aggregation: aggregationName(candidates[chosenIndex]!), 'nDCG@10': round(overall[chosenIndex]!) },
    crossValidated: {
      folds: folds.length,
      perFold,
      'nDCG@10': round(mean(heldOut)),
      'baseline nDCG@10': baseline,
    },
  };
}
