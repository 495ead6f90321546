import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CRITERIA,
  acceptsProposals,
  allowedActions,
  effectiveState,
  transition,
  type Challenge,
  type ChallengeState,
} from '../../src/challenges/index.js';

const DEADLINE = '2027-03-31T16:00:00.000Z';
const at = (iso: string) => new Date(iso);
const BEFORE = at('2027-03-01T00:00:00.000Z');
const AT_DEADLINE = at(DEADLINE);
const ONE_SECOND_LATE = at('2027-03-31T16:00:01.000Z');

function challenge(state: ChallengeState, extra: Partial<Challenge> = {}): Challenge {
  return {
    id: 'ch-1',
    enterpriseId: 'demo-ent-a',
    title: '动力电池模组均温',
    problem: '温差超过8℃',
    indicators: [],
    rewardWan: 100,
    deadline: DEADLINE,
    phases: [],
    criteria: DEFAULT_CRITERIA,
    visibility: 'public',
    invitedTeams: [],
    reviewers: [],
    state,
    createdAt: '2027-01-01T00:00:00.000Z',
    awardedProposalIds: [],
    ...extra,
  };
}

describe('challenge states', () => {
  it('goes draft → published → closed → evaluating → awarded', () => {
    let c = transition(challenge('draft'), 'publish', BEFORE);
    expect(c.state).toBe('published');
    c = transition(c, 'close', BEFORE);
    expect(c.state).toBe('closed');
    c = transition(c, 'evaluate', BEFORE);
    expect(c.state).toBe('evaluating');
    c = transition(c, 'award', BEFORE);
    expect([c.state, c.decidedAt]).toEqual(['awarded', BEFORE.toISOString()]);
  });

  it('ends evaluating as unsolved (流榜)', () => {
    expect(transition(challenge('evaluating'), 'unsolved', ONE_SECOND_LATE).state).toBe('unsolved');
  });

  it.each(['draft', 'published', 'closed', 'evaluating'] as const)('cancels from %s', (state) => {
    expect(transition(challenge(state), 'cancel', BEFORE).state).toBe('cancelled');
  });

  it.each(['awarded', 'unsolved', 'cancelled'] as const)('%s is final', (state) => {
    expect(allowedActions(challenge(state), BEFORE)).toEqual([]);
    for (const action of ['publish', 'close', 'evaluate', 'award', 'unsolved', 'cancel'] as const) {
      expect(() => transition(challenge(state), action, BEFORE)).toThrow(/final/);
    }
  });

  it('refuses actions out of order and names what is allowed', () => {
    expect(() => transition(challenge('draft'), 'award', BEFORE)).toThrow(/it is draft; it may be: publish, cancel/);
    expect(() => transition(challenge('published'), 'evaluate', BEFORE)).toThrow(/published/);
    expect(() => transition(challenge('closed'), 'publish', BEFORE)).toThrow(/closed/);
    expect(() => transition(challenge('evaluating'), 'close', BEFORE)).toThrow(/evaluating/);
  });

  it('refuses to publish a challenge whose deadline has passed', () => {
    expect(() => transition(challenge('draft'), 'publish', ONE_SECOND_LATE)).toThrow(/deadline/);
  });
});

describe('deadlines by server time', () => {
  it('accepts proposals up to and including the deadline, and not one second later', () => {
    expect(acceptsProposals(challenge('published'), BEFORE)).toBe(true);
    expect(acceptsProposals(challenge('published'), AT_DEADLINE)).toBe(true);
    expect(acceptsProposals(challenge('published'), ONE_SECOND_LATE)).toBe(false);
  });

  it('reads a published challenge past its deadline as closed, which may then be evaluated', () => {
    expect(effectiveState(challenge('published'), AT_DEADLINE)).toBe('published');
    expect(effectiveState(challenge('published'), ONE_SECOND_LATE)).toBe('closed');
    const evaluating = transition(challenge('published'), 'evaluate', ONE_SECOND_LATE);
    expect(evaluating.state).toBe('evaluating');
    expect(evaluating.closedAt).toBe(DEADLINE);
    expect(() => transition(challenge('published'), 'evaluate', AT_DEADLINE)).toThrow(/published/);
  });

  it('accepts nothing in any state but published', () => {
    for (const state of ['draft', 'closed', 'evaluating', 'awarded', 'unsolved', 'cancelled'] as const) {
      expect(acceptsProposals(challenge(state), BEFORE)).toBe(false);
    }
  });
});
