/**
 * Who may see and do what with challenges and proposals, as pure functions of
 * the key holder and the documents (policy.ts style):
 * - admin: everything.
 * - enterprise: creates and runs its own challenges and sees their proposals;
 *   sees other enterprises' public challenges once published, never their proposals.
 * - broker: reads published challenges; reviews (scores) the proposals of the
 *   challenges that name its key among their reviewers.
 * - researcher (bound to a team): public challenges once published, and
 *   invited ones only when its team is invited; only its own team's proposals.
 */
import type { KeyHolder } from '../auth/index.js';
import { EngineError } from '../domain/index.js';
import type { Challenge, Proposal } from './schema.js';

export type Actor = Pick<KeyHolder, 'keyId' | 'role' | 'enterpriseId' | 'teamId'>;

export function ownsChallenge(actor: Actor, challenge: Pick<Challenge, 'enterpriseId'>): boolean {
  return actor.role === 'enterprise' && actor.enterpriseId === challenge.enterpriseId;
}

/** `teamId`: the researcher's team after following merges (a key may name a merged-away id). */
export function mayReadChallenge(
  actor: Actor,
  challenge: Pick<Challenge, 'enterpriseId' | 'state' | 'visibility' | 'invitedTeams'>,
  teamId = actor.teamId,
): boolean {
  if (actor.role === 'admin' || ownsChallenge(actor, challenge)) return true;
  if (challenge.state === 'draft') return false;
  if (actor.role === 'broker') return true;
  if (challenge.visibility === 'public') return actor.role === 'enterprise' || actor.role === 'researcher';
  return actor.role === 'researcher' && teamId !== undefined && challenge.invitedTeams.includes(teamId);
}

export function mayManageChallenge(actor: Actor, challenge: Pick<Challenge, 'enterpriseId'>): boolean {
  return actor.role === 'admin' || ownsChallenge(actor, challenge);
}

/** Reviewers score proposals: the owning enterprise and the brokers it invited. */
export function mayReview(actor: Actor, challenge: Pick<Challenge, 'enterpriseId' | 'reviewers'>): boolean {
  return (
    actor.role === 'admin' ||
    ownsChallenge(actor, challenge) ||
    (actor.role === 'broker' && challenge.reviewers.includes(actor.keyId))
  );
}

export function mayReadProposal(
  actor: Actor,
  challenge: Pick<Challenge, 'enterpriseId' | 'reviewers'>,
  proposal: Pick<Proposal, 'teamId'>,
  teamId = actor.teamId,
): boolean {
  return mayReview(actor, challenge) || (actor.role === 'researcher' && teamId === proposal.teamId);
}

export function maySubmitProposal(actor: Actor): boolean {
  return actor.role === 'researcher' && actor.teamId !== undefined;
}

/** The key is valid but may not do this (HTTP 403). */
export class NotAllowedError extends EngineError {
  readonly code = 'forbidden';
}
