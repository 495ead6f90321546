import { describe, expect, it } from 'vitest';
import { mayReadChallenge, mayReadProposal, mayReview, type Actor } from '../../src/challenges/index.js';

const own: Actor = { keyId: 'k-ent-a', role: 'enterprise', enterpriseId: 'ent-a' };
const other: Actor = { keyId: 'k-ent-b', role: 'enterprise', enterpriseId: 'ent-b' };
const invitedTeam: Actor = { keyId: 'k-r1', role: 'researcher', teamId: 'team-1' };
const otherTeam: Actor = { keyId: 'k-r2', role: 'researcher', teamId: 'team-2' };
const reviewer: Actor = { keyId: 'k-broker-1', role: 'broker' };
const broker: Actor = { keyId: 'k-broker-2', role: 'broker' };
const admin: Actor = { keyId: 'k-admin', role: 'admin' };

const base = { enterpriseId: 'ent-a', invitedTeams: ['team-1'], reviewers: ['k-broker-1'] };
const publicOpen = { ...base, state: 'published' as const, visibility: 'public' as const };
const invitedOpen = { ...base, state: 'published' as const, visibility: 'invited' as const };
const draft = { ...base, state: 'draft' as const, visibility: 'public' as const };

describe('who sees a challenge', () => {
  it('shows a draft to its enterprise and admins only', () => {
    expect([own, admin].map((a) => mayReadChallenge(a, draft))).toEqual([true, true]);
    expect([other, invitedTeam, reviewer].map((a) => mayReadChallenge(a, draft))).toEqual([false, false, false]);
  });

  it('shows a published public challenge to every key', () => {
    expect([own, other, invitedTeam, otherTeam, broker].every((a) => mayReadChallenge(a, publicOpen))).toBe(true);
  });

  it('shows an invited-only challenge to the invited teams, not to other teams or enterprises', () => {
    expect(mayReadChallenge(invitedTeam, invitedOpen)).toBe(true);
    expect(mayReadChallenge(otherTeam, invitedOpen)).toBe(false);
    expect(mayReadChallenge(other, invitedOpen)).toBe(false);
    expect(mayReadChallenge(own, invitedOpen)).toBe(true);
  });

  it('follows a merge: a key naming a merged-away team sees what its surviving team was invited to', () => {
    const stale: Actor = { keyId: 'k-r3', role: 'researcher', teamId: 'team-old' };
    expect(mayReadChallenge(stale, invitedOpen)).toBe(false);
    expect(mayReadChallenge(stale, invitedOpen, 'team-1')).toBe(true);
  });
});

describe('who sees and scores proposals', () => {
  const proposal = { teamId: 'team-1' };
  it('the posting enterprise and invited brokers review; other enterprises and brokers do not', () => {
    expect([own, reviewer, admin].map((a) => mayReview(a, base))).toEqual([true, true, true]);
    expect([other, broker, invitedTeam].map((a) => mayReview(a, base))).toEqual([false, false, false]);
  });

  it("a researcher sees its own team's proposal only", () => {
    expect(mayReadProposal(invitedTeam, base, proposal)).toBe(true);
    expect(mayReadProposal(otherTeam, base, proposal)).toBe(false);
    expect(mayReadProposal(other, base, proposal)).toBe(false);
  });
});
