/**
 * The introduction state machine: which state may follow which, and who may
 * move it. Pure; the service and the routes ask it, and the 409 names what it
 * allows.
 *
 *   proposed → sent → accepted → negotiating → signed
 *   sent / accepted / negotiating → declined (enterprise, or the holder via the broker)
 *   proposed / sent / accepted / negotiating → withdrawn (broker)
 *   sent → expired (no answer in time; the system)
 *   accepted → signed is allowed: a contract may follow the first meeting.
 */
import type { IntroductionState } from './schema.js';

export type ActingRole = 'admin' | 'broker' | 'enterprise' | 'researcher' | 'system';

const BROKER: ActingRole[] = ['broker', 'admin'];
const EITHER_SIDE: ActingRole[] = ['enterprise', 'broker', 'admin'];

const TRANSITIONS: Record<IntroductionState, Partial<Record<IntroductionState, ActingRole[]>>> = {
  proposed: { sent: BROKER, withdrawn: BROKER },
  sent: { accepted: EITHER_SIDE, declined: EITHER_SIDE, withdrawn: BROKER, expired: ['system'] },
  accepted: { negotiating: EITHER_SIDE, signed: BROKER, declined: EITHER_SIDE, withdrawn: BROKER },
  negotiating: { signed: BROKER, declined: EITHER_SIDE, withdrawn: BROKER },
  signed: {},
  declined: {},
  withdrawn: {},
  expired: {},
};

/** The states that may follow `from`, for anybody. */
export function nextStates(from: IntroductionState): IntroductionState[] {
  return Object.keys(TRANSITIONS[from]) as IntroductionState[];
}

/** The states this role may move an introduction to from `from`. */
export function allowedTransitions(from: IntroductionState, role: ActingRole): IntroductionState[] {
  return nextStates(from).filter((to) => TRANSITIONS[from][to]!.includes(role));
}

export type TransitionVerdict =
  | { ok: true }
  /** No such edge: the 409. */
  | { ok: false; kind: 'illegal'; allowed: IntroductionState[] }
  /** The edge exists, but not for this role: the 403. */
  | { ok: false; kind: 'role'; allowed: IntroductionState[]; roles: ActingRole[] };

export function judgeTransition(from: IntroductionState, to: IntroductionState, role: ActingRole): TransitionVerdict {
  const roles = TRANSITIONS[from][to];
  const allowed = allowedTransitions(from, role);
  if (!roles) return { ok: false, kind: 'illegal', allowed };
  if (!roles.includes(role)) return { ok: false, kind: 'role', allowed, roles };
  return { ok: true };
}

export function isTerminal(state: IntroductionState): boolean {
  return nextStates(state).length === 0;
}
