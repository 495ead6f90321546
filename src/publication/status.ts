/**
 * The publication cycle of a record, as a table: which action moves a record
 * from which status to which, and who may take it. Publishing itself is not an
 * action on one record: a reviewer publishes a quarter's batch (batches.ts).
 *
 * - holder: whoever keeps the record (a broker or admin for achievements; for
 *   demands also the owning enterprise) submits it, and resubmits after a return.
 * - reviewer (审核人): an admin, or a broker key with the reviewer flag.
 */
import { ConflictError, ValidationError, type PublicationStatus } from '../domain/index.js';

export const PUBLICATION_ACTIONS = ['submit', 'approve', 'return', 'withdraw'] as const;
export type PublicationAction = (typeof PUBLICATION_ACTIONS)[number];

export type PublicationRole = 'holder' | 'reviewer';

interface Transition {
  from: readonly PublicationStatus[];
  to: PublicationStatus;
  by: PublicationRole;
  /** A return or a withdrawal says why. */
  needsNote: boolean;
}

export const TRANSITIONS: Record<PublicationAction, Transition> = {
  submit: { from: ['draft', 'returned', 'withdrawn'], to: 'submitted', by: 'holder', needsNote: false },
  approve: { from: ['submitted'], to: 'approved', by: 'reviewer', needsNote: false },
  return: { from: ['submitted', 'approved'], to: 'returned', by: 'reviewer', needsNote: true },
  withdraw: { from: ['published'], to: 'withdrawn', by: 'reviewer', needsNote: true },
};

/** What the caller is with respect to one record. */
export interface PublicationActor {
  holder: boolean;
  reviewer: boolean;
}

export function mayTake(actor: PublicationActor, action: PublicationAction): boolean {
  const { by } = TRANSITIONS[action];
  // A reviewer may do what a holder may: the review desk also files on behalf of a holder.
  return by === 'holder' ? actor.holder || actor.reviewer : actor.reviewer;
}

/** The status an action leads to from `current`; throws when the cycle does not allow it. */
export function nextStatus(
  current: PublicationStatus,
  action: PublicationAction,
  note: string | undefined,
): PublicationStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    throw new ConflictError(
      `cannot ${action} a record that is ${current}; ${action} applies to ${transition.from.join(' or ')} records`,
      { status: current, action },
    );
  }
  if (transition.needsNote && !note?.trim()) {
    throw new ValidationError(`${action} needs a note saying why`, [
      { field: 'note', message: `required for ${action}` },
    ]);
  }
  return transition.to;
}
