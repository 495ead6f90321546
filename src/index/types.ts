/**
 * The index as its users see it: what ranking reads of one side, and where an
 * index set is persisted. SideIndex and the file storage implement them.
 */
import { z } from 'zod';
import type { Bm25Hit } from './bm25.js';
import type { VectorHit } from './vectors.js';

/** What ranking reads of one side's index: labels ↔ ids, dense and lexical search, and per-record terms. */
export interface SearchableSide {
  idOf(label: number): string | undefined;
  label(id: string): number | undefined;
  /** `acceptedLabels`, when given, are all the labels `accept` takes (small sets are searched exactly). */
  denseSearch(
    query: Float32Array,
    k: number,
    accept?: (label: number) => boolean,
    acceptedLabels?: readonly number[],
  ): VectorHit[];
  readonly vectors: { vector(label: number): Float32Array | undefined };
  readonly lexical: {
    search(query: string[] | ReadonlyMap<string, number>, k: number, accept?: (label: number) => boolean): Bm25Hit[];
    score(query: string[] | ReadonlyMap<string, number>, label: number): number;
    termsOf(label: number): string[];
    termFrequencies(label: number): { terms: Map<string, number>; length: number };
    idf(term: string): number;
  };
}

/** What names the index in force: written last, atomically, after the files it names. */
export const indexManifestSchema = z.object({
  formatVersion: z.number().int(),
  version: z.string().describe('the build folder, e.g. v1764490000000-4242'),
  builtAt: z.string().describe('ISO instant of the build'),
  modelId: z.string(),
  dims: z.number().int(),
  hnsw: z.object({ m: z.number().int(), efConstruction: z.number().int(), efSearch: z.number().int() }),
  counts: z.object({ achievement: z.number().int(), demand: z.number().int() }),
});
export type IndexManifest = z.infer<typeof indexManifestSchema>;

export type ManifestInfo = Omit<IndexManifest, 'formatVersion' | 'version' | 'builtAt' | 'counts'> & {
  builtAt?: string;
};

/** Where index sets are kept, each build named by a manifest that switches atomically. */
export interface IndexStorage<Set> {
  /** The manifest in force; null when none was written. Throws IndexUnavailableError when it is unreadable. */
  readManifest(): IndexManifest | null;
  load(manifest: IndexManifest): Set;
  save(indexes: Set, info: ManifestInfo): IndexManifest;
}
