/**
 * The assembled engine: the record store, the model and the two side indexes
 * kept in step. Every user of the core (HTTP service, CLI, eval, bench) goes
 * through this class, so they all match the same way.
 */
import fs from 'node:fs';
import { dataPaths, type DataPaths } from '../config/paths.js';
import {
  NotFoundError,
  ValidationError,
  parseOrThrow,
  schemaFor,
  type Achievement,
  type AnyRecord,
  type Demand,
  type Industry,
  type RecordKind,
  type Stored,
} from '../domain/index.js';
import { Embedder } from '../embed/index.js';
import {
  INDEX_FORMAT_VERSION,
  SideIndex,
  loadIndexSet,
  readManifest,
  saveIndexSet,
  type HnswParams,
  type IndexManifest,
  type IndexSet,
} from '../index/index.js';
import { DEFAULT_FUSION } from '../match/fuse.js';
import { hasFilters, passesFilters, type MatchFilters } from '../match/filters.js';
import { rankSide, type RankedMatch, type RankingParams } from '../match/rank.js';
import { ProfileCache, candidateProfile, defaultSecondStage } from '../match/rerank/index.js';
import { RecordStore, type ExternalRecordChange, type Store, type StoreChange } from '../store/index.js';
import {
  domainTermsIn,
  fullText,
  inferIndustry,
  querySentences,
  recordFields,
  searchTokens,
  truncateForModel,
} from '../text/index.js';
import { contentHash, deriveMeta, demandQueryText, indexInput } from './derive.js';

export interface EngineConfig {
  dataDir: string;
  modelDir: string;
  /** Prepend bge's retrieval instruction to demand queries (decided by the dev eval). */
  useQueryInstruction: boolean;
  ranking: RankingParams;
  hnsw: HnswParams;
}

export const DEFAULT_RANKING: RankingParams = {
  fusion: DEFAULT_FUSION,
  candidatePool: 100,
  industryBoost: 0,
  retrievers: 'hybrid',
  secondStage: defaultSecondStage(),
};

export type Progress = (stage: string, done: number, total: number) => void;

export interface SyncReport {
  embedded: number;
  reused: number;
  added: number;
  updated: number;
  removed: number;
}

export interface RebuildReport extends SyncReport {
  full: boolean;
  seconds: number;
  manifest: IndexManifest;
}

export type MatchQuery = { id: string } | { text: string };

export interface MatchOptions {
  k?: number;
  offset?: number;
  filters?: MatchFilters;
  /** Visibility rule of the caller (e.g. an enterprise sees only its own demands). */
  visible?: (stored: Stored<AnyRecord>) => boolean;
  /** Overrides of the configured ranking, for ablations and tuning. */
  ranking?: Partial<RankingParams>;
}

export interface MatchResult<T extends AnyRecord> extends RankedMatch {
  rank: number;
  record: T;
}

export interface MatchResponse<T extends AnyRecord> {
  query: { id?: string; text: string; industry: Industry; truncated: boolean };
  /** Candidates that passed the filters, before paging (at most the candidate pool). */
  total: number;
  results: MatchResult<T>[];
}

export interface PutReport<T extends AnyRecord> {
  stored: Stored<T>[];
  /** Ids whose text was longer than the model reads and was embedded truncated. */
  truncated: string[];
}

const OTHER_SIDE: Record<RecordKind, RecordKind> = { achievement: 'demand', demand: 'achievement' };
export const MAX_K = 200;

function emptySync(): SyncReport {
  return { embedded: 0, reused: 0, added: 0, updated: 0, removed: 0 };
}

export class MatchEngine {
  private indexes: IndexSet;
  private manifestInForce: IndexManifest | null = null;
  private dirty = false;
  private following: Promise<void> = Promise.resolve();
  private readonly domainTermCache = new Map<string, { hash: string | undefined; terms: readonly string[] }>();
  private readonly profiles = new ProfileCache();

  private constructor(
    readonly store: Store,
    readonly embedder: Embedder,
    readonly config: EngineConfig,
    readonly paths: DataPaths,
  ) {
    this.indexes = this.emptyIndexes();
  }

  /**
   * Opens the data directory: the store, the persisted index (checked
   * against the store and repaired where they differ), and the model. An
   * embedder may be shared between engines (tests, eval) to load the model once.
   */
  static async open(
    config: EngineConfig,
    options: { embedder?: Embedder; onProgress?: Progress; store?: Store } = {},
  ): Promise<MatchEngine> {
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
    const engine = new MatchEngine(store, embedder, config, paths);
    store.onExternalChange?.((changes) => engine.followExternal(changes));
    await engine.loadPersistedIndex(options.onProgress);
    return engine;
  }

  get manifest(): IndexManifest | null {
    return this.manifestInForce;
  }

  private emptyIndexes(): IndexSet {
    const capacity = (kind: RecordKind) => Math.max(1024, this.store.count(kind) + 256);
    return {
      achievement: SideIndex.empty(this.embedder.dims, capacity('achievement'), this.config.hnsw),
      demand: SideIndex.empty(this.embedder.dims, capacity('demand'), this.config.hnsw),
    };
  }

  private readUsableManifest(): IndexManifest | null {
    const manifest = readManifest(this.paths.manifestFile);
    if (!manifest) return null;
    if (manifest.formatVersion !== INDEX_FORMAT_VERSION) return null;
    if (manifest.modelId !== this.embedder.modelId || manifest.dims !== this.embedder.dims) return null;
    return manifest;
  }

  /** Loads the index named by the manifest, or starts empty; then repairs it against the store. */
  private async loadPersistedIndex(onProgress?: Progress): Promise<SyncReport> {
    const manifest = this.readUsableManifest();
    let indexes = this.emptyIndexes();
    if (manifest) {
      try {
        indexes = loadIndexSet(this.paths.indexDir, manifest);
        this.manifestInForce = manifest;
      } catch {
        // An unreadable index is rebuilt from the store, which is the source of truth.
        this.manifestInForce = null;
      }
    }
    indexes.achievement.vectors.setEf(this.config.hnsw.efSearch);
    indexes.demand.vectors.setEf(this.config.hnsw.efSearch);
    const report = await this.syncIndexes(indexes, onProgress);
    this.indexes = indexes;
    const changed = report.added + report.updated + report.removed > 0;
    if (changed || !this.manifestInForce) this.saveIndex();
    return report;
  }

  /** Brings an index set in line with the store: embeds what changed, drops what is gone. */
  private async syncIndexes(indexes: IndexSet, onProgress?: Progress): Promise<SyncReport> {
    const report = emptySync();
    for (const kind of ['achievement', 'demand'] as const) {
      const side = indexes[kind];
      const records = this.store.all(kind);
      const live = new Set(records.map((s) => s.record.id));
      for (const id of side.indexedIds()) {
        if (!live.has(id)) {
          side.remove(id);
          report.removed += 1;
        }
      }
      // Hash first (cheap); tokenise and embed only what changed.
      const stale = records
        .filter((stored) => side.contentHash(stored.record.id) !== contentHash(recordFields(kind, stored.record)))
        .map((stored) => ({ stored, input: indexInput(kind, stored.record) }));
      if (stale.length === 0) continue;
      const before = { ...this.embedder.stats };
      const vectors = await this.embedder.embed(
        stale.map((s) => s.input.embedText),
        'passage',
        { onProgress: (done, total) => onProgress?.(`embedding ${kind}s`, done, total) },
      );
      report.embedded += this.embedder.stats.embedded - before.embedded;
      report.reused += this.embedder.stats.reused - before.reused;
      stale.forEach(({ stored, input }, i) => {
        if (side.label(stored.record.id) === undefined) report.added += 1;
        else report.updated += 1;
        side.put({ id: stored.record.id, contentHash: input.contentHash, vector: vectors[i]!, fields: input.fields });
      });
    }
    if (report.added + report.updated + report.removed > 0) this.dirty = true;
    return report;
  }

  /**
   * Records another replica changed in the shared store (already in memory): drop
   * deletions from the index at once, so no match names a record that is gone, and
   * embed the rest in the background, in order.
   */
  private followExternal(changes: ExternalRecordChange[]): void {
    for (const { kind, id } of changes) if (!this.store.has(kind, id)) this.indexes[kind].remove(id);
    this.following = this.following
      .then(async () => {
        for (const kind of ['achievement', 'demand'] as const) {
          const side = this.indexes[kind];
          const stale = changes.flatMap((c) => {
            const stored = c.kind === kind ? this.store.get(kind, c.id) : undefined;
            const input = stored && indexInput(kind, stored.record);
            return input && side.contentHash(c.id) !== input.contentHash ? [{ id: c.id, input }] : [];
          });
          if (stale.length === 0) continue;
          const vectors = await this.embedder.embed(
            stale.map((s) => s.input.embedText),
            'passage',
          );
          stale.forEach(({ id, input }, i) => {
            if (this.store.has(kind, id))
              side.put({ id, contentHash: input.contentHash, vector: vectors[i]!, fields: input.fields });
          });
          this.dirty = true;
        }
      })
      .catch(() => undefined);
  }

  // ---- records ----

  get<K extends RecordKind>(kind: K, id: string): Stored<K extends 'achievement' ? Achievement : Demand> {
    const stored = this.store.get(kind, id);
    if (!stored) throw new NotFoundError(`no ${kind} with id ${id}`);
    return stored;
  }

  /**
   * Validates, stores durably and indexes records (insert or replace). All
   * are validated before anything is written; on success they are matchable
   * at once, without a rebuild.
   */
  async putRecords<K extends RecordKind>(
    kind: K,
    inputs: unknown[],
  ): Promise<PutReport<K extends 'achievement' ? Achievement : Demand>> {
    const records = inputs.map((input, i) => {
      try {
        return parseOrThrow(schemaFor[kind], input, kind) as AnyRecord;
      } catch (error) {
        if (error instanceof ValidationError && inputs.length > 1) {
          throw new ValidationError(
            `record ${i}: ${error.message}`,
            error.details.issues.map((x) => ({ ...x, field: `${i}.${x.field}` })),
          );
        }
        throw error;
      }
    });
    const now = new Date().toISOString();
    const prepared = records.map((record) => ({
      record,
      meta: deriveMeta(kind, record, this.store.get(kind, record.id)?.meta, now),
      input: indexInput(kind, record),
    }));
    const vectors = await this.embedder.embed(
      prepared.map((p) => p.input.embedText),
      'passage',
    );
    const changes = prepared.map(
      (p) => ({ kind, op: 'put', stored: { record: p.record, meta: p.meta } }) as StoreChange,
    );
    // The store applies in memory at once; index in the same tick so a match never sees one without the other.
    const durable = this.store.apply(changes);
    const side = this.indexes[kind];
    prepared.forEach((p, i) =>
      side.put({ id: p.record.id, contentHash: p.input.contentHash, vector: vectors[i]!, fields: p.input.fields }),
    );
    this.dirty = true;
    await durable;
    return {
      stored: prepared.map((p) => ({ record: p.record, meta: p.meta })) as PutReport<
        K extends 'achievement' ? Achievement : Demand
      >['stored'],
      truncated: prepared.filter((p) => p.input.truncated).map((p) => p.record.id),
    };
  }

  async deleteRecord(kind: RecordKind, id: string): Promise<void> {
    if (!this.store.has(kind, id)) throw new NotFoundError(`no ${kind} with id ${id}`);
    const durable = this.store.apply([{ kind, op: 'delete', id }]);
    this.indexes[kind].remove(id);
    this.domainTermCache.delete(`${kind}\u0000${id}`);
    this.dirty = true;
    await durable;
  }

  // ---- matching ----

  /** 需求 → 成果: ranked achievements for a stored demand or a free-text demand. */
  matchDemand(query: MatchQuery, options: MatchOptions = {}): Promise<MatchResponse<Achievement>> {
    return this.match('demand', query, options) as Promise<MatchResponse<Achievement>>;
  }

  /** 成果 → 需求: ranked demands for a stored achievement or a free-text achievement. */
  matchAchievement(query: MatchQuery, options: MatchOptions = {}): Promise<MatchResponse<Demand>> {
    return this.match('achievement', query, options) as Promise<MatchResponse<Demand>>;
  }

  private async match(
    queryKind: RecordKind,
    query: MatchQuery,
    options: MatchOptions,
  ): Promise<MatchResponse<AnyRecord>> {
    const k = options.k ?? 10;
    const offset = options.offset ?? 0;
    if (!Number.isInteger(k) || k < 1 || k > MAX_K)
      throw new ValidationError(`k must be an integer from 1 to ${MAX_K}`, [
        { field: 'k', message: `must be 1..${MAX_K}` },
      ]);
    if (!Number.isInteger(offset) || offset < 0)
      throw new ValidationError('offset must be a non-negative integer', [
        { field: 'offset', message: 'must be >= 0' },
      ]);
    const targetKind = OTHER_SIDE[queryKind];
    const target = this.indexes[targetKind];

    const resolved = this.resolveQuery(queryKind, query);
    const { text, truncated } = truncateForModel(resolved.text);
    // A demand is a short query for long passages: bge's instruction applies. An achievement
    // queries demands of similar length and style, so both sides are passages.
    const role = queryKind === 'demand' ? 'query' : 'passage';
    const storedVector = 'id' in query && role === 'passage' ? this.indexes[queryKind].vectorOf(query.id) : undefined;
    const vector = storedVector ?? (await this.embedder.embedOne(text, role));
    // Sentence sub-queries for stored demands only: their vectors are cached after the first match,
    // while a free text would pay one model call per sentence (p50 362 against 45 ms, docs/quality.md).
    const stage = { ...this.config.ranking, ...options.ranking }.secondStage;
    const sentenceVectors =
      role === 'query' && 'id' in query && (stage?.model || stage?.keepFeatures)
        ? await this.embedder.embed(querySentences(text), role)
        : undefined;

    const filters = options.filters ?? {};
    const filtering = hasFilters(filters) || options.visible !== undefined;
    const accept = filtering
      ? (id: string) => {
          const stored = this.store.get(targetKind, id);
          return (
            stored !== undefined && passesFilters(stored, filters) && (options.visible ? options.visible(stored) : true)
          );
        }
      : undefined;
    const acceptedCount = accept ? this.store.all(targetKind).filter((s) => accept(s.record.id)).length : undefined;

    const ranked = rankSide({
      index: target,
      query: {
        vector,
        tokens: searchTokens(resolved.text),
        domainTerms: domainTermsIn(resolved.text),
        industry: resolved.industry,
        industryConfidence: resolved.industryConfidence,
        secondIndustry: resolved.secondIndustry,
        textLength: resolved.text.length,
        sentenceVectors,
      },
      k,
      offset,
      params: { ...this.config.ranking, ...options.ranking },
      accept,
      acceptedCount,
      industryOf: (id) => this.store.get(targetKind, id)?.meta.industry ?? '其他',
      domainTermsOf: (id) => this.domainTermsOf(targetKind, id),
      profileOf: (id) =>
        this.profiles.get(targetKind, id, target.contentHash(id), () => {
          const { record, meta } = this.get(targetKind, id);
          return candidateProfile(
            recordFields(targetKind, record),
            meta.industry,
            meta.secondIndustry,
            this.domainTermsOf(targetKind, id),
          );
        }),
    });
    return {
      query: { id: 'id' in query ? query.id : undefined, text: resolved.text, industry: resolved.industry, truncated },
      total: ranked.total,
      results: ranked.matches.map((m, i) => ({
        ...m,
        rank: offset + i + 1,
        record: this.get(targetKind, m.id).record,
      })),
    };
  }

  /**
   * Domain terms of a record's text, computed on first use and kept while its
   * content hash holds: scanning ten results' texts per match cost about a
   * fifth of the HTTP throughput.
   */
  private domainTermsOf(kind: RecordKind, id: string): readonly string[] {
    const hash = this.indexes[kind].contentHash(id);
    const key = `${kind}\u0000${id}`;
    const cached = this.domainTermCache.get(key);
    if (cached && cached.hash === hash) return cached.terms;
    const terms = domainTermsIn(fullText(recordFields(kind, this.get(kind, id).record)));
    this.domainTermCache.set(key, { hash, terms });
    return terms;
  }

  private resolveQuery(
    kind: RecordKind,
    query: MatchQuery,
  ): { text: string; industry: Industry; industryConfidence: number; secondIndustry?: Industry } {
    if ('id' in query) {
      const stored = this.get(kind, query.id);
      const text =
        kind === 'demand' ? demandQueryText(stored.record as Demand) : fullText(recordFields(kind, stored.record));
      const { industry, industryConfidence, secondIndustry } = stored.meta;
      return { text, industry, industryConfidence, secondIndustry };
    }
    const text = query.text?.trim() ?? '';
    if (text.length === 0)
      throw new ValidationError('text must not be empty', [{ field: 'text', message: 'must not be empty' }]);
    const guess = inferIndustry({ title: text, text: '' });
    return {
      text,
      industry: guess.industry,
      industryConfidence: guess.confidence,
      secondIndustry: guess.secondIndustry,
    };
  }

  // ---- index lifecycle ----

  /**
   * The nightly job. Incremental: embeds only records whose text changed and
   * drops deleted ones. Full: builds fresh indexes (compacting deletions)
   * while the old ones keep answering, then swaps. Both persist atomically.
   */
  async rebuild(options: { full?: boolean; onProgress?: Progress } = {}): Promise<RebuildReport> {
    const started = performance.now();
    let report: SyncReport;
    if (options.full) {
      const fresh = this.emptyIndexes();
      report = await this.syncIndexes(fresh, options.onProgress);
      this.indexes = fresh;
      this.dirty = true;
      // Records written while the fresh index was being built went to the old one; fold them in
      // now that new writes land in the fresh index.
      report = addReports(report, await this.syncIndexes(this.indexes));
    } else {
      report = await this.syncIndexes(this.indexes, options.onProgress);
    }
    const manifest = this.saveIndex(true);
    return { ...report, full: options.full ?? false, seconds: (performance.now() - started) / 1000, manifest };
  }

  /** Persists the index if it changed since the last save (or always, when forced). */
  saveIndex(force = false): IndexManifest {
    if (!force && !this.dirty && this.manifestInForce) return this.manifestInForce;
    this.manifestInForce = saveIndexSet(this.paths.indexDir, this.paths.manifestFile, this.indexes, {
      modelId: this.embedder.modelId,
      dims: this.embedder.dims,
      hnsw: this.config.hnsw,
    });
    this.dirty = false;
    return this.manifestInForce;
  }

  /**
   * Takes the index another process (the nightly `rebuild`) wrote, repairs it
   * against the store, and swaps it in; requests in flight finish on the old one.
   */
  async reloadIndex(): Promise<{ reloaded: boolean; manifest: IndexManifest | null; sync: SyncReport }> {
    const manifest = this.readUsableManifest();
    if (!manifest || manifest.version === this.manifestInForce?.version) {
      return { reloaded: false, manifest: this.manifestInForce, sync: emptySync() };
    }
    const indexes = loadIndexSet(this.paths.indexDir, manifest);
    indexes.achievement.vectors.setEf(this.config.hnsw.efSearch);
    indexes.demand.vectors.setEf(this.config.hnsw.efSearch);
    const sync = await this.syncIndexes(indexes);
    this.indexes = indexes;
    this.manifestInForce = manifest;
    // Writes that landed in the old index while the new one was syncing.
    const catchUp = await this.syncIndexes(this.indexes);
    return { reloaded: true, manifest, sync: addReports(sync, catchUp) };
  }

  indexedCount(kind: RecordKind): number {
    return this.indexes[kind].size;
  }

  /** Flushes the store and saves the index if it changed. */
  async close(): Promise<void> {
    await this.store.flush();
    this.saveIndex();
  }
}

function addReports(a: SyncReport, b: SyncReport): SyncReport {
  return {
    embedded: a.embedded + b.embedded,
    reused: a.reused + b.reused,
    added: a.added + b.added,
    updated: a.updated + b.updated,
    removed: a.removed + b.removed,
  };
}
