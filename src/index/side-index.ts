/**
 * The searchable index of one side (achievements or demands): record ids
 * mapped to integer labels, each record's content hash (what was indexed),
 * its vector in the HNSW index and its tokens in the BM25 index.
 */
import { Bm25Index, type FieldTokens } from './bm25.js';
import type { SearchableSide } from './types.js';
import { DEFAULT_HNSW, VectorIndex, type HnswParams, type VectorHit } from './vectors.js';

export interface IndexedDocument {
  id: string;
  contentHash: string;
  vector: Float32Array;
  fields: FieldTokens;
}

/** What identifies the indexed records; the vectors and BM25 postings are saved beside it. */
export interface SideSnapshot {
  /** Position = label; null where a record was removed since the last full build. */
  ids: (string | null)[];
  hashes: (string | null)[];
}

export class SideIndex implements SearchableSide {
  private readonly labelOf = new Map<string, number>();
  /** Puts and removes so far: kept match lists name it, so any change to this side makes them unreachable. */
  private changeCount = 0;

  constructor(
    readonly vectors: VectorIndex,
    readonly lexical: Bm25Index,
    private readonly ids: (string | null)[] = [],
    private readonly hashes: (string | null)[] = [],
  ) {
    ids.forEach((id, label) => {
      if (id !== null) this.labelOf.set(id, label);
    });
  }

  static empty(dims: number, capacity: number, params: HnswParams = DEFAULT_HNSW): SideIndex {
    return new SideIndex(VectorIndex.create(dims, capacity, params), new Bm25Index());
  }

  get size(): number {
    return this.labelOf.size;
  }

  label(id: string): number | undefined {
    return this.labelOf.get(id);
  }

  idOf(label: number): string | undefined {
    return this.ids[label] ?? undefined;
  }

  contentHash(id: string): string | undefined {
    const label = this.labelOf.get(id);
    return label === undefined ? undefined : (this.hashes[label] ?? undefined);
  }

  indexedIds(): string[] {
    return [...this.labelOf.keys()];
  }

  get changes(): number {
    return this.changeCount;
  }

  put(doc: IndexedDocument): void {
    this.changeCount += 1;
    let label = this.labelOf.get(doc.id);
    if (label === undefined) {
      label = this.ids.length;
      this.ids.push(doc.id);
      this.hashes.push(doc.contentHash);
      this.labelOf.set(doc.id, label);
    } else {
      this.hashes[label] = doc.contentHash;
    }
    this.vectors.put(label, doc.vector);
    this.lexical.put(label, doc.fields);
  }

  remove(id: string): void {
    const label = this.labelOf.get(id);
    if (label === undefined) return;
    this.changeCount += 1;
    this.vectors.remove(label);
    this.lexical.remove(label);
    this.labelOf.delete(id);
    this.ids[label] = null;
    this.hashes[label] = null;
  }

  vectorOf(id: string): Float32Array | undefined {
    const label = this.labelOf.get(id);
    return label === undefined ? undefined : this.vectors.vector(label);
  }

  denseSearch(
    query: Float32Array,
    k: number,
    accept?: (label: number) => boolean,
    acceptedLabels?: readonly number[],
  ): VectorHit[] {
    return this.vectors.search(query, k, accept, acceptedLabels);
  }

  snapshot(): SideSnapshot {
    return { ids: this.ids, hashes: this.hashes };
  }

  static fromSnapshot(snapshot: SideSnapshot, vectors: VectorIndex, lexical: Bm25Index): SideIndex {
    return new SideIndex(vectors, lexical, snapshot.ids, snapshot.hashes);
  }
}
