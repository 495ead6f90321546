/**
 * The nightly job. Incremental: embeds only records whose text changed and
 * drops deleted ones. Full: builds fresh indexes (compacting deletions)
 * while the old ones keep answering, then swaps. Both persist atomically.
 */
import { saveIndex } from './save.js';
import { type EngineState, emptyIndexes } from './state.js';
import { addReports, syncIndexes } from './sync.js';
import type { Progress, RebuildReport, SyncReport } from './types.js';

export async function rebuild(
  state: EngineState,
  options: { full?: boolean; onProgress?: Progress } = {},
): Promise<RebuildReport> {
  const started = performance.now();
  let report: SyncReport;
  if (options.full) {
    const fresh = emptyIndexes(state);
    report = await syncIndexes(state, fresh, options.onProgress);
    state.indexes = fresh;
    state.dirty = true;
    // Records written while the fresh index was being built went to the old one; fold them in
    // now that new writes land in the fresh index.
    report = addReports(report, await syncIndexes(state, state.indexes));
  } else {
    report = await syncIndexes(state, state.indexes, options.onProgress);
  }
  const manifest = saveIndex(state, true);
  return { ...report, full: options.full ?? false, seconds: (performance.now() - started) / 1000, manifest };
}
