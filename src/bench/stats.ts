/**
 * Timing and percentiles. Percentiles use the nearest-rank method on the
 * sorted samples, so p99 of 400 samples is the 396th fastest, a value that
 * was actually observed.
 */

export interface LatencySummary {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / (sorted.length || 1);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean,
  };
}

/** Milliseconds since `start` (a performance.now() reading). */
export function since(start: number): number {
  return performance.now() - start;
}

/** Runs `fn` once per input and returns the wall time of each call in ms. */
export async function timeEach<T>(inputs: readonly T[], fn: (input: T, i: number) => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < inputs.length; i += 1) {
    const start = performance.now();
    await fn(inputs[i]!, i);
    times.push(since(start));
  }
  return times;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, x) => sum + x, 0) / (values.length || 1);
}

export function rssMiB(): number {
  return process.memoryUsage().rss / 2 ** 20;
}
