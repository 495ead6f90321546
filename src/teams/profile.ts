/**
 * Research team profiles (科研团队 / 课题组): who stands behind an achievement.
 * A profile is derived from the achievements' `institution`, `team` and
 * `inventors` fields, and may then be edited or merged by hand. Stored in the
 * `teams` collection; a merged-away profile stays as a tombstone pointing at
 * the one it was merged into, so old ids (in keys, proposals) still resolve.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Achievement } from '../domain/index.js';

export const TEAMS_COLLECTION = 'teams';

export const teamProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  institution: z.string().optional(),
  region: z.string().optional(),
  /** 研究领域: industries and disciplines of the team's achievements, most frequent first. */
  fields: z.array(z.string()),
  contact: z.string().optional(),
  /** Team members as named on the achievements (完成人), most frequent first. */
  members: z.array(z.string()),
  achievementIds: z.array(z.string()),
  /**
   * The spellings this team goes by (`institution|team name`): an achievement
   * whose spelling is listed here belongs to the team. A merge adds the merged
   * team's spellings.
   */
  aliases: z.array(z.string()),
  /** derived: made from achievements; manual: created over the API. */
  source: z.enum(['derived', 'manual']),
  /** Set on a profile merged into another: the surviving team's id. */
  mergedInto: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TeamProfile = z.infer<typeof teamProfileSchema>;

/** Spellings are compared without spaces and with 团队 / 课题组 / 研究组 read as one word. */
export function normalizeTeamName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/(课题组|研究组|团队|小组)$/u, '组');
}

/** The spelling key of a team: `institution|normalized name`. */
export function aliasKey(institution: string | undefined, name: string): string {
  return `${(institution ?? '').normalize('NFKC').replace(/\s+/g, '')}|${normalizeTeamName(name)}`;
}

/**
 * The team an achievement names: its `team`, else its first inventor's group
 * (张三团队); an achievement with neither has no team.
 */
export function teamNameOf(achievement: Pick<Achievement, 'team' | 'inventors'>): string | undefined {
  const team = achievement.team?.trim();
  if (team) return team;
  const leader = achievement.inventors?.find((name) => name.trim().length > 0)?.trim();
  return leader ? `${leader}团队` : undefined;
}

export function achievementAlias(
  achievement: Pick<Achievement, 'team' | 'inventors' | 'institution'>,
): string | undefined {
  const name = teamNameOf(achievement);
  return name === undefined ? undefined : aliasKey(achievement.institution, name);
}

/** A derived team's id: stable for its first spelling, so re-deriving finds the same profile. */
export function derivedTeamId(alias: string): string {
  return `team-${crypto.createHash('sha256').update(alias).digest('hex').slice(0, 12)}`;
}
