/**
 * Teams for a demand or a challenge's text: the engine's top 100 achievement
 * matches, aggregated per team (rank.ts), each team explained by its best
 * matching achievements. Reads the profiles from the `teams` collection;
 * an achievement not yet listed in a profile still counts when its spelling
 * of the team is one of the profile's aliases.
 */
import type { Achievement } from '../domain/index.js';
import type { MatchEngine, MatchQuery, MatchResult } from '../engine/index.js';
import { teamIndex, type TeamIndex } from './derive.js';
import { TEAMS_COLLECTION, type TeamProfile } from './profile.js';
import { DEFAULT_AGGREGATION, rankTeams, type Aggregation } from './rank.js';

/** Achievements asked of the engine per query: the depth of the eval's run files. */
export const MATCH_DEPTH = 100;
/** Achievements shown as a team's evidence. */
export const EVIDENCE_PER_TEAM = 3;

export interface TeamMatch {
  id: string;
  title: string;
  rank: number;
  score: number;
  sharedTerms: string[];
  reason: string;
}

export interface FoundTeam {
  rank: number;
  score: number;
  team: Pick<TeamProfile, 'id' | 'name' | 'institution' | 'region' | 'fields'> & { achievements: number };
  /** How many of the team's achievements are among the matches. */
  matched: number;
  /** The team's best matching achievements, best first. */
  evidence: TeamMatch[];
  reason: string;
}

export async function loadTeamIndex(engine: MatchEngine): Promise<TeamIndex> {
  const docs = await engine.store.listDocs<TeamProfile>(TEAMS_COLLECTION);
  return teamIndex(docs.map((doc) => doc.data));
}

function explain(team: TeamProfile, evidence: TeamMatch[], matched: number): string {
  const best = evidence[0]!;
  const terms = [...new Set(evidence.flatMap((e) => e.sharedTerms))].slice(0, 4);
  return (
    `${team.name}有${matched}项成果进入匹配结果前${MATCH_DEPTH}名，最相关的是《${best.title}》（第${best.rank}名）` +
    (terms.length ? `；共同关键词：${terms.join('、')}` : '') +
    '。'
  );
}

export async function findTeams(
  engine: MatchEngine,
  query: MatchQuery,
  options: { k?: number; aggregation?: Aggregation; index?: TeamIndex } = {},
): Promise<{ query: { id?: string; text: string }; total: number; results: FoundTeam[] }> {
  const index = options.index ?? (await loadTeamIndex(engine));
  const response = await engine.matchDemand(query, { k: MATCH_DEPTH });
  const byId = new Map<string, MatchResult<Achievement>>(response.results.map((r) => [r.id, r]));
  const ranked = rankTeams(
    response.results.map(({ id, score, rank }) => ({ id, score, rank })),
    {
      teamOf: (id) => index.teamOf(id, byId.get(id)?.record),
      sizeOf: (teamId) => index.teams.get(teamId)?.achievementIds.length ?? 1,
    },
    options.aggregation ?? DEFAULT_AGGREGATION,
  );
  const results = ranked.slice(0, options.k ?? 10).map((entry): FoundTeam => {
    const team = index.teams.get(entry.teamId)!;
    const evidence = entry.evidence.slice(0, EVIDENCE_PER_TEAM).map((m): TeamMatch => {
      const match = byId.get(m.id)!;
      return {
        id: m.id,
        title: match.record.title,
        rank: match.rank,
        score: match.score,
        sharedTerms: match.sharedTerms,
        reason: match.reason,
      };
    });
    return {
      rank: entry.rank,
      score: entry.score,
      team: {
        id: team.id,
        name: team.name,
        ...(team.institution ? { institution: team.institution } : {}),
        ...(team.region ? { region: team.region } : {}),
        fields: team.fields,
        achievements: team.achievementIds.length,
      },
      matched: entry.evidence.length,
      evidence,
      reason: explain(team, evidence, entry.evidence.length),
    };
  });
  return {
    query: { ...(response.query.id ? { id: response.query.id } : {}), text: response.query.text },
    total: ranked.length,
    results,
  };
}
