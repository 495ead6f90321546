/**
 * The second stage's own cost: stored-demand and free-text matches at 10k
 * achievements, with the second stage on and off, in the same process,
 * alternating so both see the same machine load.
 *   npx tsx scripts/rerank-latency.ts [--rounds 3]
 */
import { Command } from 'commander';
import { openDevEvalEngine } from '../src/eval/run-eval.js';
import { defaultSecondStage, SECOND_STAGE_FIRST_STAGE } from '../src/match/rerank/index.js';

const opts = new Command().option('--rounds <n>', 'passes over the demands', '3').parse().opts<{ rounds: string }>();
const setup = await openDevEvalEngine();
const off = { firstStage: SECOND_STAGE_FIRST_STAGE, secondStage: { model: null, depth: 0 } };
const on = { firstStage: SECOND_STAGE_FIRST_STAGE, secondStage: defaultSecondStage() };
const times: Record<string, number[]> = { 'stored on': [], 'stored off': [], 'text on': [], 'text off': [] };
// One warm-up pass fills the profile cache and the query embeddings, as a running service has them.
for (const d of setup.demands) {
  await setup.engine.matchDemand({ id: d.id }, { k: 10, ranking: on });
  await setup.engine.matchDemand({ text: `${d.title}。${d.description ?? ''}` }, { k: 10, ranking: on });
}
for (let round = 0; round < Number.parseInt(opts.rounds, 10); round += 1) {
  for (const d of setup.demands) {
    for (const [name, ranking] of [
      ['on', on],
      ['off', off],
    ] as const) {
      let t = performance.now();
      await setup.engine.matchDemand({ id: d.id }, { k: 10, ranking });
      times[`stored ${name}`]!.push(performance.now() - t);
      // A new free text each round: the query and its sentences are embedded, not read from the cache.
      t = performance.now();
      await setup.engine.matchDemand(
        { text: `${d.title}（第${round}轮）。${d.description ?? ''}` },
        { k: 10, ranking },
      );
      times[`text ${name}`]!.push(performance.now() - t);
    }
  }
}
await setup.dispose();
const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
for (const [name, xs] of Object.entries(times))
  console.log(`${name.padEnd(12)} n=${xs.length} p50 ${q(xs, 0.5).toFixed(1)} ms  p99 ${q(xs, 0.99).toFixed(1)} ms`);
