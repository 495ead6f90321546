/**
 * What an award leaves behind besides the decision: where the introductions
 * workflow exists, a signed introduction (签约对接) between the enterprise and
 * the winning team.
 */
import type { CollectionOp } from '../store/index.js';
import type { TeamProfile } from '../teams/index.js';
import type { Challenge, Proposal } from './schema.js';

/**
 * The store ops that record a signed introduction for an awarded proposal,
 * written in the award's own transaction. The introductions workflow is built
 * in parallel (its collection and document shape are its own); until it lands
 * this writes nothing, and this function is the one place to connect it.
 */
export function signedIntroductionOpsForAward(
  _challenge: Challenge,
  _proposal: Proposal,
  _team: TeamProfile | undefined,
  _now: Date,
): CollectionOp[] {
  return [];
}
