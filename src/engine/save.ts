/** Persisting the index set in force, named by a new manifest (atomic switch, see index/persist.ts). */
import type { IndexManifest } from '../index/index.js';
import type { EngineState } from './state.js';

/** Persists the index if it changed since the last save (or always, when forced). */
export function saveIndex(state: EngineState, force = false): IndexManifest {
  if (!force && !state.dirty && state.manifest) return state.manifest;
  state.manifest = state.storage.save(state.indexes, {
    modelId: state.embedder.modelId,
    dims: state.embedder.dims,
    hnsw: state.config.hnsw,
  });
  state.dirty = false;
  return state.manifest;
}
