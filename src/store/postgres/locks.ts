/**
 * Advisory lock keys (pg_advisory_lock takes a bigint). One place, so no two
 * uses collide.
 */
import type { StoreLockName } from '../types.js';

export const LOCK_KEYS = {
  /** Held while migrations run, so replicas starting together apply each file once. */
  migrate: 720_001,
  /** Held for the length of each record write, so record seq order is commit order. */
  recordWrite: 720_002,
} as const;

/** The named locks of SharedStore.tryLock. */
export const NAMED_LOCKS: Record<StoreLockName, number> = { rebuild: 720_101, outbox: 720_102 };
