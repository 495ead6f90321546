/**
 * The challenge state machine, pure. Stored states change only by the
 * transitions below; "closed by its deadline" is read from the clock, so a
 * published challenge whose deadline has passed is closed without anybody
 * writing it:
 *
 *   draft → published → closed → evaluating → awarded | unsolved (流榜)
 *   draft | published | closed | evaluating → cancelled
 *
 * The deadline is inclusive: a proposal at the deadline's instant is in time,
 * one a millisecond later is not.
 */
import { ConflictError, ValidationError } from '../domain/index.js';
import type { Challenge, ChallengeState } from './schema.js';

export type ChallengeAction = 'publish' | 'close' | 'evaluate' | 'award' | 'unsolved' | 'cancel';

const FROM: Record<ChallengeAction, readonly ChallengeState[]> = {
  publish: ['draft'],
  close: ['published'],
  evaluate: ['closed'],
  award: ['evaluating'],
  unsolved: ['evaluating'],
  cancel: ['draft', 'published', 'closed', 'evaluating'],
};

const TO: Record<ChallengeAction, ChallengeState> = {
  publish: 'published',
  close: 'closed',
  evaluate: 'evaluating',
  award: 'awarded',
  unsolved: 'unsolved',
  cancel: 'cancelled',
};

export function deadlinePassed(challenge: Pick<Challenge, 'deadline'>, now: Date): boolean {
  return now.getTime() > Date.parse(challenge.deadline);
}

/** The state as the clock sees it: published past its deadline reads as closed. */
export function effectiveState(challenge: Pick<Challenge, 'state' | 'deadline'>, now: Date): ChallengeState {
  return challenge.state === 'published' && deadlinePassed(challenge, now) ? 'closed' : challenge.state;
}

/** Whether proposals may be submitted, edited (by their team) right now. */
export function acceptsProposals(challenge: Pick<Challenge, 'state' | 'deadline'>, now: Date): boolean {
  return effectiveState(challenge, now) === 'published';
}

/** Whether a decision is still to come (proposals may be withdrawn and scored). */
export function undecided(challenge: Pick<Challenge, 'state'>): boolean {
  return challenge.state === 'published' || challenge.state === 'closed' || challenge.state === 'evaluating';
}

export function allowedActions(challenge: Pick<Challenge, 'state' | 'deadline'>, now: Date): ChallengeAction[] {
  const state = effectiveState(challenge, now);
  return (Object.keys(FROM) as ChallengeAction[]).filter((action) => FROM[action].includes(state));
}

/** The challenge after `action` at `now`; a ConflictError names the state when the action does not apply. */
export function transition(challenge: Challenge, action: ChallengeAction, now: Date): Challenge {
  const state = effectiveState(challenge, now);
  if (!FROM[action].includes(state)) {
    const allowed = allowedActions(challenge, now);
    throw new ConflictError(
      `cannot ${action} challenge ${challenge.id}: it is ${state}` +
        (allowed.length ? `; it may be: ${allowed.join(', ')}` : '; it is final'),
      { state, action, allowed },
    );
  }
  const at = now.toISOString();
  switch (action) {
    case 'publish':
      if (deadlinePassed(challenge, now)) {
        throw new ValidationError(`the deadline ${challenge.deadline} has passed; set a later one before publishing`, [
          { field: 'deadline', message: 'must be in the future to publish' },
        ]);
      }
      return { ...challenge, state: 'published', publishedAt: at };
    case 'close':
      return { ...challenge, state: 'closed', closedAt: at };
    case 'evaluate':
      // Closed by the clock: record when it really closed.
      return {
        ...challenge,
        state: 'evaluating',
        closedAt: challenge.closedAt ?? (challenge.state === 'published' ? challenge.deadline : at),
      };
    case 'award':
    case 'unsolved':
      return { ...challenge, state: TO[action], decidedAt: at };
    case 'cancel':
      return { ...challenge, state: 'cancelled', cancelledAt: at };
  }
}
