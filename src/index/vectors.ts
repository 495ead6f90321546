/**
 * Dense vector index: HNSW (hnswlib-node, cosine) for speed, plus a compact
 * copy of the vectors (quantized-vectors.ts) for exact search over small
 * filtered subsets, where graph search would return fewer than k.
 *
 * The `.vectors` file stays float32 (the format other versions read); it is
 * read and written in chunks, so neither load nor save holds the whole file.
 */
import fs from 'node:fs';
import hnswlib from 'hnswlib-node';
import { fsyncFileSync } from '../fs/index.js';
import { QuantizedVectors } from './quantized-vectors.js';

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

/** Records per read or write of the `.vectors` file: 2 MiB at 512 dimensions. */
const FILE_CHUNK_RECORDS = 1024;

export class VectorIndex {
  private constructor(
    private readonly hnsw: Hnsw,
    private readonly vectors: QuantizedVectors,
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
    return new VectorIndex(hnsw, new QuantizedVectors(dims, capacity), dims, params);
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

  /**
   * The k nearest accepted vectors. With `acceptedLabels` (every label `accept` takes), a small
   * set is searched exactly: HNSW under a selective filter walks far and may return fewer than k.
   */
  search(
    query: Float32Array,
    k: number,
    accept?: (label: number) => boolean,
    acceptedLabels?: readonly number[],
  ): VectorHit[] {
    if (k <= 0 || this.vectors.size === 0) return [];
    if (acceptedLabels && acceptedLabels.length <= EXACT_SEARCH_LIMIT)
      return this.exactSearch(query, k, acceptedLabels);
    const n = Math.min(k, this.vectors.size);
    const result = this.hnsw.searchKnn(Array.from(query), n, accept);
    return result.neighbors.map((label, i) => ({ label, similarity: 1 - result.distances[i]! }));
  }

  /** Brute-force cosine (vectors are unit length) over the given labels, or all: the recall reference for HNSW. */
  exactSearch(query: Float32Array, k: number, labels?: readonly number[]): VectorHit[] {
    const hits: VectorHit[] = [];
    for (const label of labels ?? this.vectors.labels()) {
      if (!this.vectors.has(label)) continue;
      hits.push({ label, similarity: this.vectors.dot(query, label) });
    }
    hits.sort((a, b) => b.similarity - a.similarity || a.label - b.label);
    return hits.slice(0, k);
  }

  /** Writes the graph and the raw vectors (float32, in chunks); the caller fsyncs the directory. */
  save(graphFile: string, vectorsFile: string): void {
    this.hnsw.writeIndexSync(graphFile);
    fsyncFileSync(graphFile);
    const recordBytes = 4 + this.dims * 4;
    const chunk = Buffer.alloc(FILE_CHUNK_RECORDS * recordBytes);
    const vector = new Float32Array(this.dims);
    const fd = fs.openSync(vectorsFile, 'w');
    try {
      const header = Buffer.alloc(4);
      header.writeUInt32LE(this.vectors.size, 0);
      fs.writeSync(fd, header);
      let offset = 0;
      for (const label of this.vectors.labels()) {
        chunk.writeUInt32LE(label, offset);
        this.vectors.decodeInto(label, vector);
        Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(chunk, offset + 4);
        offset += recordBytes;
        if (offset === chunk.length) {
          fs.writeSync(fd, chunk, 0, offset);
          offset = 0;
        }
      }
      if (offset > 0) fs.writeSync(fd, chunk, 0, offset);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * Reads the vectors file a chunk at a time into the int16 copy. Before, the
   * whole float32 file (390 MiB at 200k) was read into one buffer and kept.
   */
  static load(graphFile: string, vectorsFile: string, dims: number, params: HnswParams): VectorIndex {
    const hnsw = new HierarchicalNSW('cosine', dims);
    hnsw.readIndexSync(graphFile);
    const recordBytes = 4 + dims * 4;
    const fd = fs.openSync(vectorsFile, 'r');
    try {
      const header = Buffer.alloc(4);
      readFully(fd, header, 0, 4, vectorsFile);
      const count = header.readUInt32LE(0);
      // Labels are below hnswlib's element count, except in a hand-made file (then the copy grows).
      const vectors = new QuantizedVectors(dims, Math.max(count, hnsw.getCurrentCount()));
      const chunk = Buffer.alloc(FILE_CHUNK_RECORDS * recordBytes);
      // Every field is 4 bytes and Buffer.alloc's memory is aligned, so the float views are too.
      const floats = new Float32Array(chunk.buffer, chunk.byteOffset, chunk.length / 4);
      let position = 4;
      for (let done = 0; done < count; ) {
        const n = Math.min(FILE_CHUNK_RECORDS, count - done);
        readFully(fd, chunk, position, n * recordBytes, vectorsFile);
        position += n * recordBytes;
        for (let r = 0; r < n; r += 1) {
          const start = (r * recordBytes) / 4;
          vectors.set(chunk.readUInt32LE(r * recordBytes), floats.subarray(start + 1, start + 1 + dims));
        }
        done += n;
      }
      return new VectorIndex(hnsw, vectors, dims, params);
    } finally {
      fs.closeSync(fd);
    }
  }
}

function readFully(fd: number, into: Buffer, position: number, length: number, file: string): void {
  let read = 0;
  while (read < length) {
    const n = fs.readSync(fd, into, read, length - read, position + read);
    if (n === 0) throw new Error(`${file} ends early: expected ${length - read} more bytes at ${position + read}`);
    read += n;
  }
}
