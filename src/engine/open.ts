/**
 * Opening a data directory: the store, the model, and the persisted index,
 * checked against the store and repaired where they differ. The store is the
 * source of truth; an index that cannot be read is rebuilt from it.
 */
import { ProfileCache } from '../match/rerank/index.js';
import fs from 'node:fs';
import { DEFAULT_MATCH_CACHE_LISTS } from '../config/index.js';
import { dataPaths } from '../config/paths.js';
import { IndexUnavailableError, type PairOutcomeSource } from '../domain/index.js';
import { Embedder, type TextEmbedder } from '../embed/index.js';
import { fileIndexStorage, type IndexManifest } from '../index/index.js';
import { RecordStore, type Store } from '../store/index.js';
import { followExternal } from './follow.js';
import { MatchCache } from './match-cache.js';
import { saveIndex } from './save.js';
import { modelInForce } from './second-stage.js';
import { type EngineState, emptyAttributes, emptyIndexes, usableManifest, withSearchEf } from './state.js';
import { syncIndexes } from './sync.js';
import type { EngineConfig, Progress, SyncReport } from './types.js';

export interface OpenOptions {
  /** A loaded embedder to share (tests, eval), or any TextEmbedder; default: the model in config.modelDir. */
  embedder?: TextEmbedder;
  /** Another store implementation; default: the file store in the data directory. */
  store?: Store;
  onProgress?: Progress;
  /** Brokers' outcomes over the store (the introductions workflow's pairOutcomeSource); absent: ignored. */
  outcomes?: (store: Store) => PairOutcomeSource;
}

export async function openState(config: EngineConfig, options: OpenOptions = {}): Promise<EngineState> {
  const paths = dataPaths(config.dataDir);
  fs.mkdirSync(paths.dataDir, { recursive: true });
  const embedder =
    options.embedder ??
    (await Embedder.load({
      modelDir: config.modelDir,
      cacheDir: paths.embeddingCacheDir,
      useQueryInstruction: config.useQueryInstruction,
    }));
  const store: Store = options.store ?? (await RecordStore.open(paths.storeFile));
  const parts = { store, embedder, config };
  const state: EngineState = {
    ...parts,
    paths,
    storage: fileIndexStorage(paths.indexDir, paths.manifestFile),
    indexes: emptyIndexes(parts),
    manifest: null,
    dirty: false,
    domainTerms: new Map(),
    queryTerms: new Map(),
    matches: new MatchCache(config.matchCacheLists ?? DEFAULT_MATCH_CACHE_LISTS),
    attributes: emptyAttributes(),
    profiles: new ProfileCache(),
    secondStageModel: modelInForce(config, paths),
    outcomes: options.outcomes?.(store),
    following: Promise.resolve(),
  };
  store.onExternalChange?.((changes) => followExternal(state, changes));
  await loadPersistedIndex(state, options.onProgress);
  return state;
}

/** Loads the index named by the manifest, or starts empty; then repairs it against the store. */
async function loadPersistedIndex(state: EngineState, onProgress?: Progress): Promise<SyncReport> {
  const manifest = readManifestOrNull(state);
  let indexes = emptyIndexes(state);
  if (manifest) {
    try {
      indexes = state.storage.load(manifest);
      state.manifest = manifest;
    } catch {
      // An unreadable index is rebuilt from the store, which is the source of truth.
      state.manifest = null;
    }
  }
  withSearchEf(indexes, state.config);
  const report = await syncIndexes(state, indexes, onProgress);
  state.indexes = indexes;
  const changed = report.added + report.updated + report.removed > 0;
  if (changed || !state.manifest) saveIndex(state);
  return report;
}

/** A manifest that does not parse names no index: start empty and rebuild from the store. */
function readManifestOrNull(state: EngineState): IndexManifest | null {
  try {
    return usableManifest(state, state.storage.readManifest());
  } catch (error) {
    if (error instanceof IndexUnavailableError) return null;
    throw error;
  }
}
