/**
 * HNSW parameters by measured recall: builds the 10k dev corpus's vectors
 * (from the shared eval embedding cache) into HNSW indexes with several
 * M / efConstruction, and reports recall@10 against exact search and
 * latency at several ef. Queries: the 80 dev demands and 300 achievements.
 *   npx tsx scripts/tune-hnsw.ts
 */
import { demandQueryText, indexInput } from '../src/engine/index.js';
import { openDevEvalEngine } from '../src/eval/run-eval.js';
import { VectorIndex } from '../src/index/index.js';

const setup = await openDevEvalEngine();
const ids = setup.engine.store.all('achievement').map((s) => s.record.id);
const achievementVectors = await setup.engine.embedder.embed(
  // The vectors the engine indexes: the text indexInput derives, not a copy of it.
  ids.map((id) => indexInput('achievement', setup.engine.get('achievement', id).record).embedText),
  'passage',
);
const queries = [
  ...(await setup.engine.embedder.embed(setup.demands.map(demandQueryText), 'query')),
  ...achievementVectors.filter((_, i) => i % 33 === 0),
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

for (const m of [8, 16, 32]) {
  for (const efConstruction of [100, 200]) {
    const started = performance.now();
    const index = VectorIndex.create(512, ids.length, { m, efConstruction, efSearch: 64 });
    achievementVectors.forEach((v, label) => index.put(label, v));
    const buildSeconds = (performance.now() - started) / 1000;
    const exact = queries.map((q) => new Set(index.exactSearch(q, 10).map((h) => h.label)));
    for (const ef of [32, 64, 128, 256]) {
      index.setEf(ef);
      const times: number[] = [];
      let found = 0;
      queries.forEach((q, i) => {
        const t = performance.now();
        const hits = index.search(q, 10);
        times.push(performance.now() - t);
        found += hits.filter((h) => exact[i]!.has(h.label)).length;
      });
      console.log(
        `M=${m} efC=${efConstruction} build ${buildSeconds.toFixed(1)} s | ef=${ef} recall@10 ${(found / (queries.length * 10)).toFixed(4)} p50 ${percentile(times, 50).toFixed(3)} ms p99 ${percentile(times, 99).toFixed(3)} ms`,
      );
    }
  }
}
await setup.dispose();
