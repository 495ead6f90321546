/**
 * Expert finding (专家/团队发现): ranks teams for a demand by aggregating the
 * engine's ranked achievements per team. Pure: a list of matches and a
 * "which team holds this achievement" lookup in, ranked teams out, each with
 * the achievements that earned it its place (the explanation).
 *
 * Aggregations (Balog, Azzopardi & de Rijke 2006 for the document-centric model):
 * - `first`: teams in the order of their best achievement (the baseline "team of the top achievement").
 * - `sumTop`: the sum of the team's n best achievement scores.
 * - `balog`: Σ_d p(q|d)·p(d|team), with p(q|d) the achievement's share of the
 *   list's total score and p(d|team) = 1/|team|^alpha (alpha 1 is Balog's uniform
 *   association; 0 is a plain sum over everything retrieved).
 * The default is chosen by measurement: see DEFAULT_AGGREGATION.
 */

export interface ScoredAchievement {
  id: string;
  score: number;
  rank: number;
}

export type Aggregation = { kind: 'first' } | { kind: 'sumTop'; n: number } | { kind: 'balog'; alpha: number };

export interface TeamLookup {
  teamOf(achievementId: string): string | undefined;
  /** How many achievements the team holds in all (Balog's association needs it). */
  sizeOf(teamId: string): number;
}

export interface RankedTeam<M extends ScoredAchievement = ScoredAchievement> {
  teamId: string;
  score: number;
  rank: number;
  /** The team's matching achievements, best first. */
  evidence: M[];
}

/**
 * Measured on the 80 dev demands against the demo teams (npm run eval -- --teams):
 * see docs/challenges.md for the table and the cross-validated figure.
 */
export const DEFAULT_AGGREGATION: Aggregation = { kind: 'sumTop', n: 3 };

export function aggregationName(aggregation: Aggregation): string {
  switch (aggregation.kind) {
    case 'first':
      return 'first';
    case 'sumTop':
      return `sumTop${aggregation.n}`;
    case 'balog':
      return `balog(alpha=${aggregation.alpha})`;
  }
}

function teamScore(evidence: ScoredAchievement[], aggregation: Aggregation, size: number, total: number): number {
  switch (aggregation.kind) {
    case 'first':
      // Best achievement first; a higher rank beats any lower one.
      return -evidence[0]!.rank;
    case 'sumTop':
      return evidence.slice(0, aggregation.n).reduce((sum, m) => sum + m.score, 0);
    case 'balog': {
      const association = 1 / Math.max(1, size) ** aggregation.alpha;
      return evidence.reduce((sum, m) => sum + (m.score / total) * association, 0);
    }
  }
}

export function rankTeams<M extends ScoredAchievement>(
  matches: M[],
  teams: TeamLookup,
  aggregation: Aggregation = DEFAULT_AGGREGATION,
): RankedTeam<M>[] {
  const evidence = new Map<string, M[]>();
  for (const match of [...matches].sort((a, b) => a.rank - b.rank)) {
    const teamId = teams.teamOf(match.id);
    if (teamId === undefined) continue;
    if (!evidence.has(teamId)) evidence.set(teamId, []);
    evidence.get(teamId)!.push(match);
  }
  const total = matches.reduce((sum, m) => sum + m.score, 0) || 1;
  return [...evidence]
    .map(([teamId, held]) => ({
      teamId,
      score: teamScore(held, aggregation, teams.sizeOf(teamId), total),
      best: held[0]!.rank,
      evidence: held,
    }))
    .sort((a, b) => b.score - a.score || a.best - b.best || (a.teamId < b.teamId ? -1 : 1))
    .map(({ teamId, score, evidence: held }, i) => ({
      teamId,
      score: aggregation.kind === 'first' ? 1 / (1 + i) : score,
      rank: i + 1,
      evidence: held,
    }));
}
