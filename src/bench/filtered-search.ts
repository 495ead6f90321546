/**
 * Exact filtered vector search on its own: the path VectorIndex.search takes
 * when a filter accepts at most EXACT_SEARCH_LIMIT records. Random unit
 * vectors (the scan's cost does not depend on their values), a filter that
 * accepts every n-th label, k = the product's candidate pool; recall@k is
 * measured against a float64 brute force over the original float32 vectors.
 */
import { VectorIndex } from '../index/index.js';
import { createGaussian, createRandom } from '../random/prng.js';
import { summarize, type LatencySummary } from './stats.js';

export interface FilteredSearchResult {
  accepted: number;
  latency: LatencySummary;
  recall: number;
  /** Largest |returned similarity − float64 cosine| over all queries. */
  maxSimilarityError: number;
}

function unitVectors(count: number, dims: number, seed: number): Float32Array[] {
  const gaussian = createGaussian(createRandom(seed));
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dims }, gaussian);
    let norm = 0;
    for (const x of v) norm += x * x;
    return v.map((x) => x / Math.sqrt(norm));
  });
}

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

export function measureFilteredSearch(options: {
  size: number;
  dims: number;
  k: number;
  /** Accept every n-th label, one run per value. */
  strides: number[];
  queries: number;
  rounds: number;
}): FilteredSearchResult[] {
  const vectors = unitVectors(options.size, options.dims, 1);
  const queries = unitVectors(options.queries, options.dims, 2);
  // Graph quality does not matter here (the exact path does not use it): a cheap build.
  const index = VectorIndex.create(options.dims, options.size, { m: 16, efConstruction: 16, efSearch: 16 });
  vectors.forEach((v, label) => index.put(label, v));
  return options.strides.map((stride) => {
    const accept = (label: number) => label % stride === 0;
    const acceptedLabels = vectors.map((_, label) => label).filter(accept);
    const accepted = acceptedLabels.length;
    let found = 0;
    let maxSimilarityError = 0;
    for (const q of queries) {
      const truth = vectors
        .map((v, label) => ({ label, similarity: cosine(q, v) }))
        .filter((h) => accept(h.label))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, options.k);
      const hits = index.search(q, options.k, accept, acceptedLabels);
      const truthLabels = new Set(truth.map((h) => h.label));
      found += hits.filter((h) => truthLabels.has(h.label)).length;
      for (const h of hits)
        maxSimilarityError = Math.max(maxSimilarityError, Math.abs(h.similarity - cosine(q, vectors[h.label]!)));
    }
    const samples: number[] = [];
    for (let r = 0; r < options.rounds; r += 1) {
      for (const q of queries) {
        const start = performance.now();
        index.search(q, options.k, accept, acceptedLabels);
        samples.push(performance.now() - start);
      }
    }
    return {
      accepted,
      latency: summarize(samples),
      recall: found / (queries.length * options.k),
      maxSimilarityError,
    };
  });
}
