import { describe, expect, it } from 'vitest';
import {
  INTRODUCTION_STATES,
  allowedTransitions,
  isTerminal,
  judgeTransition,
  nextStates,
  type ActingRole,
  type IntroductionState,
} from '../../src/introductions/index.js';

/** The whole table, written out once more by hand: every legal edge and who may take it. */
const LEGAL: Record<string, ActingRole[]> = {
  'proposed>sent': ['broker', 'admin'],
  'proposed>withdrawn': ['broker', 'admin'],
  'sent>accepted': ['enterprise', 'broker', 'admin'],
  'sent>declined': ['enterprise', 'broker', 'admin'],
  'sent>withdrawn': ['broker', 'admin'],
  'sent>expired': ['system'],
  'accepted>negotiating': ['enterprise', 'broker', 'admin'],
  'accepted>signed': ['broker', 'admin'],
  'accepted>declined': ['enterprise', 'broker', 'admin'],
  'accepted>withdrawn': ['broker', 'admin'],
  'negotiating>signed': ['broker', 'admin'],
  'negotiating>declined': ['enterprise', 'broker', 'admin'],
  'negotiating>withdrawn': ['broker', 'admin'],
};
const ROLES: ActingRole[] = ['admin', 'broker', 'enterprise', 'researcher', 'system'];

describe('the introduction state machine', () => {
  it('allows exactly the legal edges, each to exactly its roles, for all 8×8 state pairs and 5 roles', () => {
    let illegal = 0;
    for (const from of INTRODUCTION_STATES) {
      for (const to of INTRODUCTION_STATES) {
        const roles = LEGAL[`${from}>${to}`];
        for (const role of ROLES) {
          const verdict = judgeTransition(from, to, role);
          if (!roles) {
            expect(verdict, `${from}→${to} as ${role}`).toMatchObject({ ok: false, kind: 'illegal' });
            illegal += 1;
          } else if (roles.includes(role)) {
            expect(verdict, `${from}→${to} as ${role}`).toEqual({ ok: true });
          } else {
            expect(verdict, `${from}→${to} as ${role}`).toMatchObject({ ok: false, kind: 'role', roles });
          }
        }
      }
    }
    expect(illegal).toBe((64 - Object.keys(LEGAL).length) * ROLES.length);
  });

  it('names, on an illegal move, the states this role may move to', () => {
    expect(judgeTransition('sent', 'signed', 'enterprise')).toEqual({
      ok: false,
      kind: 'illegal',
      allowed: ['accepted', 'declined'],
    });
    expect(judgeTransition('proposed', 'accepted', 'broker')).toEqual({
      ok: false,
      kind: 'illegal',
      allowed: ['sent', 'withdrawn'],
    });
  });

  it('has four terminal states, from which nothing moves', () => {
    const terminal = INTRODUCTION_STATES.filter(isTerminal);
    expect(terminal).toEqual(['signed', 'declined', 'withdrawn', 'expired']);
    for (const state of terminal) for (const role of ROLES) expect(allowedTransitions(state, role)).toEqual([]);
  });

  it('reaches every state from proposed', () => {
    const seen = new Set<IntroductionState>(['proposed']);
    const queue: IntroductionState[] = ['proposed'];
    while (queue.length > 0) {
      for (const next of nextStates(queue.shift()!)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    expect([...seen].sort()).toEqual([...INTRODUCTION_STATES].sort());
  });
});
