/**
 * npx tsx scripts/filtered-search-latency.ts [--size 10000]
 * Latency and recall of exact filtered vector search (src/bench/filtered-search.ts).
 */
import { parseArgs } from 'node:util';
import { measureFilteredSearch } from '../src/bench/filtered-search.js';
import { EMBEDDING_DIMS } from '../src/embed/index.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' } } });
const results = measureFilteredSearch({
  size: Number(values.size),
  dims: EMBEDDING_DIMS,
  k: 100,
  strides: [3, 20],
  queries: 40,
  rounds: 5,
});
for (const r of results)
  console.log(
    `accepted ${r.accepted}: p50 ${r.latency.p50.toFixed(2)} ms, p95 ${r.latency.p95.toFixed(2)} ms, recall@100 ${r.recall.toFixed(4)}, max similarity error ${r.maxSimilarityError.toExponential(1)}`,
  );
