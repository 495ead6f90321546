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

export class GroupedHits {
  /** Per key: hits waiting for the count in flight to return. Present while a count is in flight. */
  private readonly queues = new Map<string, Waiting[]>();
  private readonly leases = new Map<string, Lease>();
  /** Per key: how many hits the next count reserves ahead (grows while hits queue, shrinks when they do not). */
  private readonly reserves = new Map<string, number>();
  /** Keys whose last reservation was used up (not lapsed): busy. */
  private readonly exhausted = new Set<string>();
  /** Per key: the shared total at its last count here. */
  private readonly counted = new Map<string, number>();

  constructor(
    private readonly store: Pick<SharedStore, 'countHit'>,
    private readonly windowMs: number,
    private readonly limit = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  increment(key: string): Promise<Hits> {
    const leased = this.fromLease(key);
    if (leased) return Promise.resolve(leased);
    return new Promise<Hits>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ resolve, reject });
        return;
      }
      this.queues.set(key, [{ resolve, reject }]);
      void this.drain(key);
    });
  }

  /** The next reserved number of a key, if this replica holds one for the current window. */
  private fromLease(key: string): Hits | undefined {
    const lease = this.leases.get(key);
    if (!lease) return undefined;
    if (lease.next > lease.last || lease.resetAt.getTime() <= this.now()) {
      // Used up within its window: the key is busier than the reserve; lapsed: it is not.
      if (lease.next > lease.last) this.exhausted.add(key);
      this.leases.delete(key);
      return undefined;
    }
    return { hits: lease.next++, resetAt: lease.resetAt };
  }

  private async drain(key: string): Promise<void> {
    for (;;) {
      const queue = this.queues.get(key)!;
      // Hits that queued behind a count that reserved ahead take the reserved numbers first.
      while (queue.length > 0) {
        const leased = this.fromLease(key);
        if (!leased) break;
        queue.shift()!.resolve(leased);
      }
      if (queue.length === 0) {
        this.queues.delete(key);
        return;
      }
      const group = queue.splice(0);
      const reserve = this.nextReserve(key, group.length);
      try {
        const counted = group.length + reserve;
        const { hits, resetAt } = await this.store.countHit(key, this.windowMs, counted);
        // The count's numbers are the last `counted` of the total: hits - counted + 1 .. hits.
        const first = hits - counted + 1;
        group.forEach((hit, i) => hit.resolve({ hits: first + i, resetAt }));
        if (reserve > 0) this.leases.set(key, { next: first + group.length, last: hits, resetAt });
        // Kept only for keys that are busy: a hit now and then leaves nothing behind.
        if (reserve > 0 || group.length > 1) this.counted.set(key, hits);
        else this.counted.delete(key);
      } catch (error) {
        for (const hit of group) hit.reject(error);
      }
    }
  }

  /**
   * Hits that had to wait, or a reservation used up, mean a busy key: reserve more this time;
   * a hit alone after a quiet spell: less. Never
   * more than a share of what was left of the budget at the key's last count.
   */
  private nextReserve(key: string, waiting: number): number {
    const before = this.reserves.get(key) ?? 0;
    const busy = waiting > 1 || this.exhausted.delete(key);
    const wanted = busy ? Math.min(MAX_RESERVE, Math.max(waiting, before * 2)) : Math.floor(before / 2);
    const left = Math.max(0, this.limit - (this.counted.get(key) ?? 0));
    const reserve = Math.min(wanted, Math.floor(left * RESERVE_SHARE_OF_REMAINING));
    if (reserve > 0) this.reserves.set(key, reserve);
    else this.reserves.delete(key);
    return reserve;
  }
}
