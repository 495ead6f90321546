import { describe, expect, it } from 'vitest';
import { GroupedHits } from '../../src/serve/shared-hits.js';

/** A counter that answers after a delay, like a database round trip, and records each call's size. */
function slowCounter(delayMs: number) {
  let total = 0;
  const calls: number[] = [];
  return {
    calls,
    async countHit(_key: string, _windowMs: number, by = 1) {
      calls.push(by);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      total += by;
      return { hits: total, resetAt: new Date(0) };
    },
  };
}

describe('grouped rate-limit hits', () => {
  it('gives every hit its own exact total, and sends the hits that arrive during a count as one group', async () => {
    const counter = slowCounter(20);
    const hits = new GroupedHits(counter, 60_000);
    const answers = await Promise.all(Array.from({ length: 10 }, () => hits.increment('k')));
    expect(answers.map((a) => a.hits).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The first hit goes alone; the nine behind it wait for it and go together.
    expect(counter.calls).toEqual([1, 9]);
  });

  it('counts one hit at a time when they come one after another', async () => {
    const counter = slowCounter(1);
    const hits = new GroupedHits(counter, 60_000);
    for (let i = 1; i <= 3; i += 1) expect((await hits.increment('k')).hits).toBe(i);
    expect(counter.calls).toEqual([1, 1, 1]);
  });

  it('fails the hits of a group whose count failed, and counts the next ones', async () => {
    let fail = true;
    const hits = new GroupedHits(
      {
        async countHit(_key: string, _windowMs: number, by = 1) {
          if (fail) throw new Error('database away');
          return { hits: by, resetAt: new Date(0) };
        },
      },
      60_000,
    );
    await expect(hits.increment('k')).rejects.toThrow('database away');
    fail = false;
    expect((await hits.increment('k')).hits).toBe(1);
  });
});
