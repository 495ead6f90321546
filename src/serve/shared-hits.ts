/**
 * Rate-limit hits counted in the shared store (PostgreSQL), grouped and, under
 * load, leased.
 *
 * Grouped: while one count of a key is on its way to the database, the hits
 * that arrive meanwhile wait and go together in the next count (one upsert for
 * all of them). Each hit learns the exact total it brought the key to.
 *
 * Leased: when hits had to wait or the last reservation was used up (the key
 * is busy on this replica), the next count also reserves hits ahead; the hits that follow take their numbers
 * from that reservation without a round trip. Reserved hits are counted in the
 * shared total at once, so the budget stays one budget across replicas: no two
 * hits anywhere get the same number, and no more than `limit` get a number
 * within it. The price is that a replica may refuse while another still holds
 * reserved numbers; the reserve is kept to an eighth of what is left of the
 * budget (none near it, none when hits come one at a time), and unused numbers
 * lapse with the window. Measured: with two replicas on one PostgreSQL the
 * per-hit upserts, serialised on the key's row, halved the throughput of one
 * replica (docs/benchmarks.md).
 */
import type { SharedStore } from '../store/index.js';

export interface Hits {
  hits: number;
  resetAt: Date;
}

interface Waiting {
  resolve: (hits: Hits) => void;
  reject: (error: unknown) => void;
}

/** Numbers next..last of a key's count are this replica's to hand out until resetAt. */
interface Lease {
  next: number;
  last: number;
  resetAt: Date;
}

/** The most hits reserved ahead in one count. */
const MAX_RESERVE = 64;
/** At most this share of what is left of the budget is reserved ahead. */
const RESERVE_SHARE_OF_REMAINING = 1 / 8;

/** What this replica knows of one key; dropped once nothing is waiting, reserved or learnt. */
interface KeyState {
  /** Hits waiting for the count in flight to return; present while a count is in flight. */
  queue?: Waiting[];
  lease?: Lease;
  /** How many hits the next count reserves ahead (grows while the key is busy, shrinks when not). */
  reserve: number;
  /** The last reservation was used up (not lapsed): the key is busy. */
  exhausted: boolean;
  /** The shared total at the key's last count here, while the key is busy. */
  counted?: number;
}

export class GroupedHits {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    private readonly store: Pick<SharedStore, 'countHit'>,
    private readonly windowMs: number,
    private readonly limit = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  increment(key: string): Promise<Hits> {
    const state = this.keys.get(key) ?? { reserve: 0, exhausted: false };
    this.keys.set(key, state);
    const leased = this.fromLease(state);
    if (leased) return Promise.resolve(leased);
    return new Promise<Hits>((resolve, reject) => {
      if (state.queue) {
        state.queue.push({ resolve, reject });
        return;
      }
      state.queue = [{ resolve, reject }];
      void this.drain(key, state);
    });
  }

  /** The next reserved number of a key, if this replica holds one for the current window. */
  private fromLease(state: KeyState): Hits | undefined {
    const lease = state.lease;
    if (!lease) return undefined;
    if (lease.next > lease.last || lease.resetAt.getTime() <= this.now()) {
      // Used up within its window: the key is busier than the reserve; lapsed: it is not.
      if (lease.next > lease.last) state.exhausted = true;
      state.lease = undefined;
      return undefined;
    }
    return { hits: lease.next++, resetAt: lease.resetAt };
  }

  private async drain(key: string, state: KeyState): Promise<void> {
    const queue = state.queue!;
    for (;;) {
      // Hits that queued behind a count that reserved ahead take the reserved numbers first.
      while (queue.length > 0) {
        const leased = this.fromLease(state);
        if (!leased) break;
        queue.shift()!.resolve(leased);
      }
      if (queue.length === 0) {
        state.queue = undefined;
        // A hit now and then leaves nothing behind.
        if (!state.lease && state.reserve === 0 && !state.exhausted) this.keys.delete(key);
        return;
      }
      const group = queue.splice(0);
      const reserve = this.nextReserve(state, group.length);
      try {
        const counted = group.length + reserve;
        const { hits, resetAt } = await this.store.countHit(key, this.windowMs, counted);
        // The count's numbers are the last `counted` of the total: hits - counted + 1 .. hits.
        const first = hits - counted + 1;
        group.forEach((hit, i) => hit.resolve({ hits: first + i, resetAt }));
        if (reserve > 0) state.lease = { next: first + group.length, last: hits, resetAt };
        state.counted = reserve > 0 || group.length > 1 ? hits : undefined;
      } catch (error) {
        for (const hit of group) hit.reject(error);
      }
    }
  }

  /**
   * Hits that had to wait, or a reservation used up, mean a busy key: reserve more this time;
   * a hit alone after a quiet spell: less. Never more than a share of what was left of the
   * budget at the key's last count.
   */
  private nextReserve(state: KeyState, waiting: number): number {
    const busy = waiting > 1 || state.exhausted;
    state.exhausted = false;
    const wanted = busy ? Math.min(MAX_RESERVE, Math.max(waiting, state.reserve * 2)) : Math.floor(state.reserve / 2);
    const left = Math.max(0, this.limit - (state.counted ?? 0));
    state.reserve = Math.min(wanted, Math.floor(left * RESERVE_SHARE_OF_REMAINING));
    return state.reserve;
  }
}
