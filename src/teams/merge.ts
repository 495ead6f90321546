/**
 * Merging duplicate profiles: the same team spelt two ways (张三课题组 /
 * 张三团队, or two spellings of the institution). The surviving profile takes
 * the others' achievements, members and spellings; the others become
 * tombstones that point at it.
 */
import { ValidationError } from '../domain/index.js';
import type { TeamProfile } from './profile.js';

function union(...lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

export function mergeTeams(
  target: TeamProfile,
  sources: TeamProfile[],
  now: string,
): { target: TeamProfile; tombstones: TeamProfile[] } {
  if (sources.length === 0)
    throw new ValidationError('name at least one team to merge', [{ field: 'from', message: 'must not be empty' }]);
  for (const source of sources) {
    if (source.id === target.id) {
      throw new ValidationError(`team ${target.id} cannot be merged into itself`, [
        { field: 'from', message: 'contains the target team' },
      ]);
    }
    if (source.mergedInto) {
      throw new ValidationError(`team ${source.id} was already merged into ${source.mergedInto}`, [
        { field: 'from', message: `${source.id} is merged away` },
      ]);
    }
  }
  const merged: TeamProfile = {
    ...target,
    fields: union(target.fields, ...sources.map((s) => s.fields)).slice(0, 8),
    members: union(target.members, ...sources.map((s) => s.members)),
    achievementIds: union(target.achievementIds, ...sources.map((s) => s.achievementIds)),
    aliases: union(target.aliases, ...sources.map((s) => s.aliases)),
    ...(target.contact || !sources.some((s) => s.contact) ? {} : { contact: sources.find((s) => s.contact)!.contact }),
    updatedAt: now,
  };
  const tombstones = sources.map(
    (source): TeamProfile => ({
      ...source,
      achievementIds: [],
      aliases: [],
      mergedInto: target.id,
      updatedAt: now,
    }),
  );
  return { target: merged, tombstones };
}
