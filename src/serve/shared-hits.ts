/**
 * Rate-limit hits counted in the shared store (PostgreSQL), grouped: while one
 * count of a key is on its way to the database, the hits that arrive meanwhile
 * wait and go together in the next count (one upsert for all of them). Each
 * hit still learns the exact total it brought the key to, so one budget holds
 * for every replica exactly as with one upsert per hit; under load it costs
 * the database a fraction of the round trips.
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

export class GroupedHits {
  /** Per key: hits waiting for the count in flight to return. Present while a count is in flight. */
  private readonly queues = new Map<string, Waiting[]>();

  constructor(
    private readonly store: Pick<SharedStore, 'countHit'>,
    private readonly windowMs: number,
  ) {}

  increment(key: string): Promise<Hits> {
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

  private async drain(key: string): Promise<void> {
    for (;;) {
      const queue = this.queues.get(key)!;
      if (queue.length === 0) {
        this.queues.delete(key);
        return;
      }
      const group = queue.splice(0);
      try {
        const { hits, resetAt } = await this.store.countHit(key, this.windowMs, group.length);
        // The group's hits are the last ones counted: the first of them brought the total to hits - (n - 1).
        group.forEach((hit, i) => hit.resolve({ hits: hits - (group.length - 1 - i), resetAt }));
      } catch (error) {
        for (const hit of group) hit.reject(error);
      }
    }
  }
}
