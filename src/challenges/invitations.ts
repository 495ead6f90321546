/**
 * Invitations written when a challenge is published: one `challenge_invitation`
 * outbox message per invited team, in the same transaction as the state
 * change. Delivery is the outbox deliverer's job; the id is the idempotency key.
 */
import { OUTBOX_COLLECTION, type OutboxMessage } from '../domain/index.js';
import type { CollectionOp } from '../store/index.js';
import type { FoundTeam } from '../teams/index.js';
import type { Challenge } from './schema.js';

export const INVITATION_TOPIC = 'challenge_invitation';

export function invitationId(challengeId: string, teamId: string): string {
  return `${INVITATION_TOPIC}:${challengeId}:${teamId}`;
}

export function invitationOps(challenge: Challenge, teamIds: string[], ranked: FoundTeam[], now: Date): CollectionOp[] {
  const byTeam = new Map(ranked.map((found) => [found.team.id, found]));
  return teamIds.map((teamId) => {
    const found = byTeam.get(teamId);
    const message: OutboxMessage = {
      id: invitationId(challenge.id, teamId),
      topic: INVITATION_TOPIC,
      recipient: { kind: 'team', id: teamId },
      payload: {
        challengeId: challenge.id,
        title: challenge.title,
        enterpriseId: challenge.enterpriseId,
        rewardWan: challenge.rewardWan,
        deadline: challenge.deadline,
        visibility: challenge.visibility,
        /** Why this team: its rank and best matching achievements; absent when invited by name. */
        ...(found
          ? {
              rank: found.rank,
              reason: found.reason,
              evidence: found.evidence.map((e) => ({ id: e.id, title: e.title })),
            }
          : { invitedBy: 'enterprise' }),
      },
      createdAt: now.toISOString(),
      state: 'pending',
      attempts: [],
    };
    return { op: 'put', collection: OUTBOX_COLLECTION, id: message.id, data: message, expectVersion: 0 };
  });
}
