/**
 * Team profiles from achievements. Pure: given the achievements and the
 * profiles already stored, says which profiles to create or extend. An
 * existing profile keeps its edits (name, contact, fields); derivation only
 * adds achievements and members it did not have.
 */
import type { Achievement, Industry, Stored } from '../domain/index.js';
import { achievementAlias, derivedTeamId, teamNameOf, type TeamProfile } from './profile.js';

export interface TeamIndex {
  /** The live team an achievement belongs to, if any. */
  teamOf(
    achievementId: string,
    achievement?: Pick<Achievement, 'team' | 'inventors' | 'institution'>,
  ): string | undefined;
  /** Live (not merged-away) profiles by id. */
  teams: Map<string, TeamProfile>;
  /** Follows merge tombstones to the surviving id. */
  resolve(teamId: string): string | undefined;
}

/** Builds the lookups expert finding needs from the stored profiles. */
export function teamIndex(profiles: TeamProfile[]): TeamIndex {
  const all = new Map(profiles.map((p) => [p.id, p]));
  const live = new Map(profiles.filter((p) => !p.mergedInto).map((p) => [p.id, p]));
  const byAchievement = new Map<string, string>();
  const byAlias = new Map<string, string>();
  for (const profile of live.values()) {
    for (const id of profile.achievementIds) byAchievement.set(id, profile.id);
    for (const alias of profile.aliases) byAlias.set(alias, profile.id);
  }
  const resolve = (teamId: string): string | undefined => {
    let current = all.get(teamId);
    for (let hops = 0; current?.mergedInto && hops < 16; hops += 1) current = all.get(current.mergedInto);
    return current && !current.mergedInto ? current.id : undefined;
  };
  return {
    teams: live,
    resolve,
    teamOf(achievementId, achievement) {
      const listed = byAchievement.get(achievementId);
      if (listed) return listed;
      const alias = achievement ? achievementAlias(achievement) : undefined;
      return alias ? byAlias.get(alias) : undefined;
    },
  };
}

function byFrequency(values: string[]): string[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([value]) => value);
}

interface Draft {
  id: string;
  name: string;
  institution?: string;
  alias: string;
  achievements: Stored<Achievement>[];
}

function describe(achievements: Stored<Achievement>[]): Pick<TeamProfile, 'fields' | 'members' | 'region'> {
  const industries: Industry[] = achievements.map((a) => a.meta.industry);
  const disciplines = achievements.flatMap((a) => (a.record.discipline ? [a.record.discipline] : []));
  const regions = byFrequency(achievements.flatMap((a) => (a.record.region ? [a.record.region] : [])));
  return {
    fields: byFrequency([...industries.filter((i) => i !== '其他'), ...disciplines]).slice(0, 6),
    members: byFrequency(achievements.flatMap((a) => a.record.inventors ?? [])),
    ...(regions[0] ? { region: regions[0] } : {}),
  };
}

/**
 * The profiles to write so that every achievement naming a team belongs to one:
 * new profiles for unknown spellings, and known profiles extended with their
 * new achievements. Unchanged profiles are not returned.
 */
export function deriveTeams(achievements: Stored<Achievement>[], existing: TeamProfile[], now: string): TeamProfile[] {
  const index = teamIndex(existing);
  const drafts = new Map<string, Draft>();
  const additions = new Map<string, Stored<Achievement>[]>();
  for (const stored of achievements) {
    const alias = achievementAlias(stored.record);
    if (alias === undefined) continue;
    const known = index.teamOf(stored.record.id, stored.record);
    if (known) {
      if (!index.teams.get(known)!.achievementIds.includes(stored.record.id)) {
        additions.set(known, [...(additions.get(known) ?? []), stored]);
      }
      continue;
    }
    let draft = drafts.get(alias);
    if (!draft) {
      draft = {
        id: derivedTeamId(alias),
        name: teamNameOf(stored.record)!,
        ...(stored.record.institution ? { institution: stored.record.institution } : {}),
        alias,
        achievements: [],
      };
      drafts.set(alias, draft);
    }
    draft.achievements.push(stored);
  }
  const created = [...drafts.values()].map(
    (draft): TeamProfile => ({
      id: draft.id,
      name: draft.name,
      ...(draft.institution ? { institution: draft.institution } : {}),
      ...describe(draft.achievements),
      achievementIds: draft.achievements.map((a) => a.record.id),
      aliases: [draft.alias],
      source: 'derived',
      createdAt: now,
      updatedAt: now,
    }),
  );
  const extended = [...additions].map(([teamId, added]): TeamProfile => {
    const profile = index.teams.get(teamId)!;
    const members = byFrequency([...profile.members, ...added.flatMap((a) => a.record.inventors ?? [])]);
    return {
      ...profile,
      members: [...new Set([...profile.members, ...members])],
      achievementIds: [...profile.achievementIds, ...added.map((a) => a.record.id)],
      updatedAt: now,
    };
  });
  return [...created, ...extended];
}
