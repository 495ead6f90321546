/**
 * The state every verb of the engine works on: the parts (store, embedder,
 * index storage) and the index set in force. The verbs are functions of this
 * state, one module each (open, sync, write, match, rebuild, reload, save);
 * MatchEngine is the class that holds one and exposes them.
 */
import type { DataPaths } from '../config/paths.js';
import type { RecordKind } from '../domain/index.js';
import type { TextEmbedder } from '../embed/index.js';
import {
  INDEX_FORMAT_VERSION,
  type IndexManifest,
  type IndexSet,
  type IndexStorage,
  SideIndex,
} from '../index/index.js';
import type { PairOutcomeSource } from '../domain/index.js';
import type { ProfileCache, RerankModel } from '../match/rerank/index.js';
import { AttributeIndex } from '../match/attribute-index.js';
import type { MatchCache } from './match-cache.js';
import type { Store } from '../store/index.js';
import type { EngineConfig } from './types.js';

export interface EngineState {
  readonly store: Store;
  readonly embedder: TextEmbedder;
  readonly config: EngineConfig;
  readonly paths: DataPaths;
  readonly storage: IndexStorage<IndexSet>;
  /** Swapped whole by rebuild and reload; requests in flight keep the set they started on. */
  indexes: IndexSet;
  manifest: IndexManifest | null;
  /** The index changed since it was last saved. */
  dirty: boolean;
  /** Domain terms of each record's text while its content hash holds (see match.ts). */
  readonly domainTerms: Map<string, { hash: string | undefined; terms: readonly string[] }>;
  /** Search tokens and domain terms of recently matched query texts (see match.ts). */
  readonly queryTerms: Map<string, { tokens: string[]; domainTerms: string[] }>;
  /** Match lists of stored records while nothing they depend on changed (see match-cache.ts). */
  readonly matches: MatchCache;
  /** The second stage's per-record features while its content hash holds. */
  readonly profiles: ProfileCache;
  /** Filter values → record ids, per side, refreshed when the store's records change (see candidates.ts). */
  readonly attributes: Record<RecordKind, HeldAttributes>;
  /**
   * The second-stage model in force when the configuration turns it on: the shipped one, or the one
   * the nightly rebuild retrained with brokers' outcomes (second-stage.ts). Swapped by rebuild and reload.
   */
  secondStageModel: RerankModel | null;
  /** Brokers' outcomes, from the introductions workflow; absent: ranking ignores them. */
  readonly outcomes?: PairOutcomeSource;
  /** Other replicas' writes being indexed, in order (see follow.ts). */
  following: Promise<void>;
}

export const KINDS: readonly RecordKind[] = ['achievement', 'demand'];

export interface HeldAttributes {
  index: AttributeIndex;
  /** The store's revision the index reflects; -1 before the first read. */
  revision: number;
}

export function emptyAttributes(): Record<RecordKind, HeldAttributes> {
  return {
    achievement: { index: new AttributeIndex(), revision: -1 },
    demand: { index: new AttributeIndex(), revision: -1 },
  };
}

/** Fresh, empty indexes sized for the store with some room to grow. */
export function emptyIndexes(state: Pick<EngineState, 'store' | 'embedder' | 'config'>): IndexSet {
  const capacity = (kind: RecordKind) => Math.max(1024, state.store.count(kind) + 256);
  return {
    achievement: SideIndex.empty(state.embedder.dims, capacity('achievement'), state.config.hnsw),
    demand: SideIndex.empty(state.embedder.dims, capacity('demand'), state.config.hnsw),
  };
}

/** Search-time ef is not saved with the graph: set it on every loaded set. */
export function withSearchEf(indexes: IndexSet, config: EngineConfig): IndexSet {
  for (const kind of KINDS) indexes[kind].vectors.setEf(config.hnsw.efSearch);
  return indexes;
}

/** The manifest on disk when this engine can use it (same format, same model), else null. */
export function usableManifest(state: EngineState, manifest: IndexManifest | null): IndexManifest | null {
  if (!manifest) return null;
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) return null;
  if (manifest.modelId !== state.embedder.modelId || manifest.dims !== state.embedder.dims) return null;
  return manifest;
}
