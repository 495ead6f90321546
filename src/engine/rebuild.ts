/**
 * The nightly job. Incremental: embeds only records whose text changed and
 * drops deleted ones. Full: builds fresh indexes (compacting deletions)
 * while the old ones keep answering, then swaps. Both persist atomically.
 * With the second stage on and brokers' outcomes recorded, the second stage
 * is retrained with them before the index is saved (second-stage.ts), so a
 * service that takes the new index takes the new model with it.
 */
import { saveIndex } from './save.js';
import { type RetrainOptions, retrainWithOutcomes } from './second-stage.js';
import { type EngineState, emptyIndexes } from './state.js';
import { addReports, syncIndexes } from './sync.js';
import type { Progress, RebuildReport, RetrainReport, SyncReport } from './types.js';

export interface RebuildOptions {
  full?: boolean;
  onProgress?: Progress;
  /** How the second stage is retrained (tests train small models). */
  retrain?: RetrainOptions;
}

export async function rebuild(state: EngineState, options: RebuildOptions = {}): Promise<RebuildReport> {
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
  const secondStage = await retrainOrKeep(state, options.retrain);
  const manifest = saveIndex(state, true);
  return {
    ...report,
    full: options.full ?? false,
    seconds: (performance.now() - started) / 1000,
    manifest,
    secondStage,
  };
}

/** A retrain that fails leaves the model in force; the index rebuild still counts. */
async function retrainOrKeep(state: EngineState, options: RetrainOptions | undefined): Promise<RetrainReport> {
  try {
    return await retrainWithOutcomes(state, options);
  } catch (error) {
    return { retrained: false, reason: `retraining failed: ${(error as Error).message}` };
  }
}
