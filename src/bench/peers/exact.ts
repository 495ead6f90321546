/**
 * Exact brute-force cosine over the same bge vectors, with no index: the
 * recall reference for HNSW and the "no index" baseline. Vectors are unit
 * length, so cosine is a dot product; they sit in one flat Float32Array and
 * the top k is kept in a small sorted buffer, which is how one would write it.
 */
import type { Peer, PeerDocument } from './peer.js';

export class FlatVectors {
  private constructor(
    private readonly data: Float32Array,
    readonly dims: number,
  ) {}

  static fromVectors(vectors: Float32Array[], dims: number): FlatVectors {
    const data = new Float32Array(vectors.length * dims);
    vectors.forEach((v, i) => data.set(v, i * dims));
    return new FlatVectors(data, dims);
  }

  /** The first `rows` rows of an n × dims matrix, without copying. */
  static view(data: Float32Array, dims: number, rows: number): FlatVectors {
    return new FlatVectors(data.subarray(0, rows * dims), dims);
  }

  get size(): number {
    return this.data.length / this.dims;
  }

  /** Row indexes of the k most similar vectors, best first (ties: lower row first). */
  topK(query: Float32Array, k: number): { row: number; similarity: number }[] {
    const want = Math.min(k, this.size);
    const rows = new Int32Array(want);
    const sims = new Float64Array(want);
    let count = 0;
    const dims = this.dims;
    for (let row = 0, offset = 0; row < this.size; row += 1, offset += dims) {
      let sum = 0;
      for (let d = 0; d < dims; d += 1) sum += query[d]! * this.data[offset + d]!;
      if (count === want && sum <= sims[want - 1]!) continue;
      let at = count < want ? count : want - 1;
      while (at > 0 && sims[at - 1]! < sum) {
        sims[at] = sims[at - 1]!;
        rows[at] = rows[at - 1]!;
        at -= 1;
      }
      sims[at] = sum;
      rows[at] = row;
      if (count < want) count += 1;
    }
    return Array.from(rows.subarray(0, count), (row, i) => ({ row, similarity: sims[i]! }));
  }
}

export function createExactPeer(documents: PeerDocument[], dims: number): Peer {
  const flat = FlatVectors.fromVectors(
    documents.map((d) => d.vector),
    dims,
  );
  return {
    name: 'Exact cosine (no index)',
    description: 'brute-force dot product over the same unit bge vectors in a flat Float32Array, top-k buffer',
    usesVector: true,
    search: async (query, k) => flat.topK(query.vector, k).map((hit) => documents[hit.row]!.id),
  };
}
