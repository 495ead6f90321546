/**
 * Dense vector index: HNSW (hnswlib-node, cosine) for speed, plus the raw
 * vectors in memory for exact search over small filtered subsets, where
 * graph search would return fewer than k.
 */
import fs from 'node:fs';
import hnswlib from 'hnswlib-node';
import { fsyncFileSync } from '../fs/index.js';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export interface HnswParams {
  m: number;
  efConstruction: number;
  /** Search-time ef; not saved by writeIndex, so set after every load. */
  efSearch: number;
}

// scripts/tune-hnsw.ts on the 10k dev corpus (340 queries): M=16 efC=200 ef=128 gives recall@10 0.9994
// against exact search at p50 0.30 ms; ef=64 0.9971, M=8 ef=128 0.9942, M=32 ef=128 1.0000 at p50 0.51 ms.
// Matching asks for 100 candidates, and hnswlib searches with max(ef, k).
export const DEFAULT_HNSW: HnswParams = { m: 16, efConstruction: 200, efSearch: 128 };

/** Below this many accepted vectors, exact search is both faster and exact. */
export const EXACT_SEARCH_LIMIT = 4000;

export interface VectorHit {
  label: number;
  similarity: number;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

export class VectorIndex {
  private readonly vectors = new Map<number, Float32Array>();

  private constructor(
    private readonly hnsw: Hnsw,
    readonly dims: number,
    readonly params: HnswParams,
  ) {
    this.hnsw.setEf(params.efSearch);
  }

  static create(dims: number, capacity: number, params: HnswParams = DEFAULT_HNSW): VectorIndex {
    const hnsw = new HierarchicalNSW('cosine', dims);
    hnsw.initIndex({
      maxElements: Math.max(capacity, 16),
      m: params.m,
      efConstruction: params.efConstruction,
      randomSeed: 100,
    });
    return new VectorIndex(hnsw, dims, params);
  }

  get size(): number {
    return this.vectors.size;
  }

  has(label: number): boolean {
    return this.vectors.has(label);
  }

  vector(label: number): Float32Array | undefined {
    return this.vectors.get(label);
  }

  /** Adds or replaces (hnswlib updates a live label in place). */
  put(label: number, vector: Float32Array): void {
    if (vector.length !== this.dims) throw new Error(`vector has ${vector.length} dimensions, index has ${this.dims}`);
    if (label >= this.hnsw.getMaxElements()) this.hnsw.resizeIndex(Math.max(label + 1, this.hnsw.getMaxElements() * 2));
    const deletedBefore = !this.vectors.has(label) && label < this.hnsw.getCurrentCount();
    if (deletedBefore) this.hnsw.unmarkDelete(label);
    this.hnsw.addPoint(Array.from(vector), label);
    this.vectors.set(label, vector);
  }

  remove(label: number): void {
    if (!this.vectors.delete(label)) return;
    this.hnsw.markDelete(label);
  }

  setEf(ef: number): void {
    this.hnsw.setEf(ef);
  }

  search(query: Float32Array, k: number, accept?: (label: number) => boolean, acceptedCount?: number): VectorHit[] {
    if (k <= 0 || this.vectors.size === 0) return [];
    const exact = acceptedCount !== undefined && acceptedCount <= EXACT_SEARCH_LIMIT;
    if (exact) return this.exactSearch(query, k, accept);
    const n = Math.min(k, this.vectors.size);
    const result = this.hnsw.searchKnn(Array.from(query), n, accept);
    return result.neighbors.map((label, i) => ({ label, similarity: 1 - result.distances[i]! }));
  }

  /** Brute-force cosine (vectors are unit length): the recall reference for HNSW. */
  exactSearch(query: Float32Array, k: number, accept?: (label: number) => boolean): VectorHit[] {
    const hits: VectorHit[] = [];
    for (const [label, vector] of this.vectors) {
      if (accept && !accept(label)) continue;
      hits.push({ label, similarity: dot(query, vector) });
    }
    hits.sort((a, b) => b.similarity - a.similarity || a.label - b.label);
    return hits.slice(0, k);
  }

  /** Writes the graph and the raw vectors; the caller fsyncs the directory. */
  save(graphFile: string, vectorsFile: string): void {
    this.hnsw.writeIndexSync(graphFile);
    fsyncFileSync(graphFile);
    const labels = [...this.vectors.keys()];
    const buffer = Buffer.alloc(4 + labels.length * (4 + this.dims * 4));
    buffer.writeUInt32LE(labels.length, 0);
    let offset = 4;
    for (const label of labels) {
      buffer.writeUInt32LE(label, offset);
      const v = this.vectors.get(label)!;
      Buffer.from(v.buffer, v.byteOffset, v.byteLength).copy(buffer, offset + 4);
      offset += 4 + this.dims * 4;
    }
    fs.writeFileSync(vectorsFile, buffer);
    fsyncFileSync(vectorsFile);
  }

  /**
   * The vectors stay in the one buffer the file was read into, as views: copying
   * each out doubled the load's peak memory (2.7 GiB at 200k, docs/benchmarks.md).
   */
  static load(graphFile: string, vectorsFile: string, dims: number, params: HnswParams): VectorIndex {
    const hnsw = new HierarchicalNSW('cosine', dims);
    hnsw.readIndexSync(graphFile);
    const index = new VectorIndex(hnsw, dims, params);
    const buffer = fs.readFileSync(vectorsFile);
    // Every field is 4 bytes, so vectors are 4-byte aligned whenever the buffer is.
    const aligned = buffer.byteOffset % 4 === 0 ? buffer : Buffer.from(buffer);
    const count = aligned.readUInt32LE(0);
    let offset = 4;
    for (let i = 0; i < count; i += 1) {
      const label = aligned.readUInt32LE(offset);
      index.vectors.set(label, new Float32Array(aligned.buffer, aligned.byteOffset + offset + 4, dims));
      offset += 4 + dims * 4;
    }
    return index;
  }
}
