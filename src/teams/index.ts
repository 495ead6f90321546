export * from './profile.js';
export { deriveTeams, teamIndex, type TeamIndex } from './derive.js';
export { mergeTeams } from './merge.js';
export {
  DEFAULT_AGGREGATION,
  aggregationName,
  rankTeams,
  type Aggregation,
  type RankedTeam,
  type ScoredAchievement,
  type TeamLookup,
} from './rank.js';
export { findTeams, loadTeamIndex, type TeamMatch, type FoundTeam } from './find.js';
export {
  createTeam,
  deriveStoredTeams,
  getTeam,
  mergeStoredTeams,
  patchTeam,
  teamCreateSchema,
  teamMergeSchema,
  teamPatchSchema,
} from './store-ops.js';
