import { describe, expect, it } from 'vitest';
import { GroupedHits } from '../../src/serve/shared-hits.js';

/**
 * A counter that answers after a delay, like a database round trip, and records each call's
 * size. Its window ends at `resetAt` (by default a minute from now).
 */
function slowCounter(delayMs: number, resetAt = new Date(Date.now() + 60_000)) {
  let total = 0;
  const calls: number[] = [];
  return {
    calls,
    async countHit(_key: string, _windowMs: number, by = 1) {
      calls.push(by);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      total += by;
      return { hits: total, resetAt };
    },
  };
}

describe('grouped rate-limit hits', () => {
  it('gives every hit its own exact total, and sends the hits that arrive during a count as one group', async () => {
    const counter = slowCounter(20);
    const hits = new GroupedHits(counter, 60_000);
    const answers = await Promise.all(Array.from({ length: 10 }, () => hits.increment('k')));
    expect(answers.map((a) => a.hits).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The first hit goes alone; the nine behind it wait for it and go together, reserving nine ahead.
    expect(counter.calls).toEqual([1, 9 + 9]);
  });

  it('serves the hits of a busy key from numbers reserved ahead: no number twice, far fewer counts', async () => {
    const counter = slowCounter(5);
    const hits = new GroupedHits(counter, 60_000, 100_000);
    const answers: number[] = [];
    // Ten clients sending one request after another, as a load generator does.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < 40; i += 1) answers.push((await hits.increment('k')).hits);
      }),
    );
    expect(new Set(answers).size).toBe(400);
    expect(Math.max(...answers)).toBeLessThanOrEqual(counter.calls.reduce((a, b) => a + b, 0));
    expect(counter.calls.length).toBeLessThan(40);
  });

  it('reserves nothing near the end of the budget, so at most the limit passes in all', async () => {
    const counter = slowCounter(2);
    const limit = 50;
    // Two replicas on one counter.
    const replicas = [new GroupedHits(counter, 60_000, limit), new GroupedHits(counter, 60_000, limit)];
    const answers: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, client) => {
        for (let i = 0; i < 10; i += 1) answers.push((await replicas[client % 2]!.increment('k')).hits);
      }),
    );
    expect(new Set(answers).size).toBe(80);
    expect(answers.filter((n) => n <= limit)).toHaveLength(limit);
    // Past the budget's last eighth nothing is reserved: each count is as large as the hits that waited.
    const total = counter.calls.reduce((a, b) => a + b, 0);
    expect(total - answers.length).toBeLessThanOrEqual(Math.ceil(limit / 8) * 2);
  });

  it('lets reserved numbers lapse with the window', async () => {
    let now = 0;
    const counter = slowCounter(5, new Date(1000));
    const hits = new GroupedHits(counter, 60_000, 100_000, () => now);
    await Promise.all(Array.from({ length: 4 }, () => hits.increment('k')));
    const counts = counter.calls.length;
    expect((await hits.increment('k')).hits).toBeLessThanOrEqual(counter.calls.reduce((a, b) => a + b, 0));
    expect(counter.calls.length).toBe(counts);
    // The window ends at 1000 ms: from then on, the reservation is gone.
    now = 1000;
    await hits.increment('k');
    expect(counter.calls.length).toBe(counts + 1);
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
