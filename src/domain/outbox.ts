/**
 * The outbox: every message the service owes somebody (a digest of new
 * achievements for an enterprise, an invitation to a 揭榜 challenge for a
 * team) is first written here, in the same store transaction as the change
 * that caused it, then delivered at least once by the deliverer. The id is the
 * idempotency key: the same cause always yields the same id, so a retry after
 * a crash rewrites nothing and the receiver can drop duplicates.
 */
import { z } from 'zod';

export const OUTBOX_COLLECTION = 'outbox';

export const OUTBOX_STATES = ['pending', 'delivered', 'failed', 'undeliverable'] as const;

export const outboxAttemptSchema = z.object({
  at: z.string(),
  ok: z.boolean(),
  /** HTTP status of the receiver's answer, when there was one. */
  status: z.number().int().optional(),
  error: z.string().optional(),
});

export const outboxMessageSchema = z.object({
  /** Idempotency key, derived from the cause, e.g. `digest:<subscriptionId>:<batch>`. */
  id: z.string().min(1),
  /** What kind of message: `digest`, `challenge_invitation`, … */
  topic: z.string().min(1),
  recipient: z.object({ kind: z.enum(['enterprise', 'team']), id: z.string().min(1) }),
  payload: z.unknown(),
  createdAt: z.string(),
  state: z.enum(OUTBOX_STATES),
  attempts: z.array(outboxAttemptSchema),
  /** When the deliverer may try again (backoff); absent while pending for the first time. */
  nextAttemptAt: z.string().optional(),
});

export type OutboxMessage = z.infer<typeof outboxMessageSchema>;
export type OutboxAttempt = z.infer<typeof outboxAttemptSchema>;
