/**
 * The nightly digest run: published achievements changed since the last run
 * (new, re-published, or edited) are matched against every subscription.
 * The cause is the run's day, so running twice on one day sends nothing twice.
 */
import type { MatchEngine } from '../engine/index.js';
import { publishedView } from './batches.js';
import { isPublished } from './effective.js';
import { computeDigests, type DigestReport } from './digests.js';

export const DIGEST_RUN_COLLECTION = 'digest_runs';
const LAST_RUN = 'last';

export interface NightlyReport extends DigestReport {
  cause: string;
  since: string;
  candidates: number;
}

export async function runNightlyDigests(
  engine: MatchEngine,
  options: { now: Date; minSimilarity?: number; onProgress?: (done: number, total: number) => void },
): Promise<NightlyReport> {
  const last = await engine.store.getDoc<{ lastRunAt: string }>(DIGEST_RUN_COLLECTION, LAST_RUN);
  // The first run looks one day back: older records went out (or not) with their batches.
  const since = last?.data.lastRunAt ?? new Date(options.now.getTime() - 24 * 3600_000).toISOString();
  const view = await publishedView(engine.store);
  const candidates = new Set(
    engine.store
      .all('achievement')
      .filter((s) => s.meta.updatedAt >= since && isPublished(s.record, view))
      .map((s) => s.record.id),
  );
  const cause = `run-${options.now.toISOString().slice(0, 10)}`;
  const report = await computeDigests(engine, {
    cause: { id: cause },
    candidates,
    now: options.now,
    minSimilarity: options.minSimilarity,
    onProgress: options.onProgress,
  });
  await engine.store.transact([
    { op: 'put', collection: DIGEST_RUN_COLLECTION, id: LAST_RUN, data: { lastRunAt: options.now.toISOString() } },
  ]);
  return { ...report, cause, since, candidates: candidates.size };
}
