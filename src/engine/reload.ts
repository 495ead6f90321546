/**
 * Takes the index another process (the nightly `rebuild`) wrote, repairs it
 * against the store, and swaps it in; requests in flight finish on the old
 * one. A manifest or index that cannot be read throws, and the index in force
 * stays. The second-stage model the rebuild retrained is taken too.
 */
import { modelInForce } from './second-stage.js';
import { type EngineState, usableManifest, withSearchEf } from './state.js';
import { addReports, emptySync, syncIndexes } from './sync.js';
import type { ReloadReport } from './types.js';

export async function reloadIndex(state: EngineState): Promise<ReloadReport> {
  // The second stage the rebuild may have retrained with brokers' outcomes (second-stage.ts).
  state.secondStageModel = modelInForce(state.config, state.paths);
  const manifest = usableManifest(state, state.storage.readManifest());
  if (!manifest || manifest.version === state.manifest?.version) {
    return { reloaded: false, manifest: state.manifest, sync: emptySync() };
  }
  const indexes = withSearchEf(state.storage.load(manifest), state.config);
  const sync = await syncIndexes(state, indexes);
  state.indexes = indexes;
  state.manifest = manifest;
  // Writes that landed in the old index while the new one was syncing.
  const catchUp = await syncIndexes(state, state.indexes);
  return { reloaded: true, manifest, sync: addReports(sync, catchUp) };
}
