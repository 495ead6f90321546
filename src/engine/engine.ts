/**
 * The assembled engine: the record store, the model and the two side indexes
 * kept in step. Every user of the core (HTTP service, CLI, eval, bench) goes
 * through this class, so they all match the same way. It holds the shared
 * state; each verb lives in its own module (open, write, match, rebuild,
 * reload, save).
 */
import type { DataPaths } from '../config/paths.js';
import type { Achievement, Demand, RecordKind, Stored } from '../domain/index.js';
import type { TextEmbedder } from '../embed/index.js';
import type { IndexManifest } from '../index/index.js';
import type { RerankModel } from '../match/rerank/index.js';
import type { Store } from '../store/index.js';
import { getRecord, match } from './match.js';
import { type OpenOptions, openState } from './open.js';
import { type RebuildOptions, rebuild } from './rebuild.js';
import { reloadIndex } from './reload.js';
import { saveIndex } from './save.js';
import { prepareTitleVectors } from './text-vectors.js';
import type { EngineState } from './state.js';
import type {
  EngineConfig,
  MatchOptions,
  MatchQuery,
  MatchResponse,
  PutReport,
  RebuildReport,
  ReloadReport,
} from './types.js';
import { deleteRecord, putRecords } from './write.js';
import type { MatchCache } from './match-cache.js';

type RecordOf<K extends RecordKind> = K extends 'achievement' ? Achievement : Demand;

export class MatchEngine {
  private constructor(private readonly state: EngineState) {}

  /**
   * Opens the data directory: the store, the persisted index (checked
   * against the store and repaired where they differ), and the model. An
   * embedder may be shared between engines (tests, eval) to load the model once.
   */
  static async open(config: EngineConfig, options: OpenOptions = {}): Promise<MatchEngine> {
    return new MatchEngine(await openState(config, options));
  }

  get store(): Store {
    return this.state.store;
  }

  get embedder(): TextEmbedder {
    return this.state.embedder;
  }

  get config(): EngineConfig {
    return this.state.config;
  }

  get paths(): DataPaths {
    return this.state.paths;
  }

  /** Kept match lists of stored records: hit counts, and the size (0 turns it off). */
  get matchCache(): MatchCache {
    return this.state.matches;
  }

  /** The manifest of the index in force; null before the first save. */
  get manifest(): IndexManifest | null {
    return this.state.manifest;
  }

  get<K extends RecordKind>(kind: K, id: string): Stored<RecordOf<K>> {
    return getRecord(this.state, kind, id) as Stored<RecordOf<K>>;
  }

  /**
   * Validates, stores durably and indexes records (insert or replace). All
   * are validated before anything is written; on success they are matchable
   * at once, without a rebuild.
   */
  putRecords<K extends RecordKind>(kind: K, inputs: unknown[]): Promise<PutReport<RecordOf<K>>> {
    return putRecords(this.state, kind, inputs);
  }

  deleteRecord(kind: RecordKind, id: string): Promise<void> {
    return deleteRecord(this.state, kind, id);
  }

  /** What the first match would otherwise build on its path (the second stage's title vectors). */
  prepare(): Promise<void> {
    return prepareTitleVectors(this.state);
  }

  /** 需求 → 成果: ranked achievements for a stored demand or a free-text demand. */
  matchDemand(query: MatchQuery, options: MatchOptions = {}): Promise<MatchResponse<Achievement>> {
    return match(this.state, 'demand', query, options) as Promise<MatchResponse<Achievement>>;
  }

  /** 成果 → 需求: ranked demands for a stored achievement or a free-text achievement. */
  matchAchievement(query: MatchQuery, options: MatchOptions = {}): Promise<MatchResponse<Demand>> {
    return match(this.state, 'achievement', query, options) as Promise<MatchResponse<Demand>>;
  }

  /**
   * What a cache of match results must key on besides the store's records: brokers' outcomes
   * re-score a stored demand's list when the second stage is on. Empty without an outcome source.
   */
  outcomesRevision(): string {
    return this.state.outcomes?.revision() ?? '';
  }

  /** The second-stage model in force (null: off): the shipped one, or the nightly rebuild's retrained one. */
  get secondStageModel(): RerankModel | null {
    return this.state.secondStageModel;
  }

  /** The nightly job: incremental, or full with `full`; retrains the second stage with outcomes (see rebuild.ts). */
  rebuild(options: RebuildOptions = {}): Promise<RebuildReport> {
    return rebuild(this.state, options);
  }

  /** Persists the index if it changed since the last save (or always, when forced). */
  saveIndex(force = false): IndexManifest {
    return saveIndex(this.state, force);
  }

  /** Takes the index another process wrote (see reload.ts). */
  reloadIndex(): Promise<ReloadReport> {
    return reloadIndex(this.state);
  }

  indexedCount(kind: RecordKind): number {
    return this.state.indexes[kind].size;
  }

  /** Flushes the store and saves the index if it changed. */
  async close(): Promise<void> {
    await this.state.store.flush();
    saveIndex(this.state);
  }
}
