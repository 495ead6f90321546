/**
 * The second stage's own cost: stored-demand and free-text matches at 10k
 * achievements, with the second stage on and off, in the same process,
 * alternating so both see the same machine load. Besides wall-clock times it
 * prints the CPU time each request took (process.cpuUsage), which a loaded
 * machine inflates far less than the wall clock.
 *   npx tsx scripts/rerank-latency.ts [--rounds 3] [--stored-only] [--depth 100]
 */
import { Command } from 'commander';
import { openDevEvalEngine } from '../src/eval/run-eval.js';
import { defaultSecondStage, SECOND_STAGE_DEPTH, SECOND_STAGE_FIRST_STAGE } from '../src/match/rerank/index.js';

const opts = new Command()
  .option('--rounds <n>', 'passes over the demands', '3')
  .option('--stored-only', 'stored demands only (no free text)')
  .option('--depth <n>', "the second stage's depth", String(SECOND_STAGE_DEPTH))
  .parse()
  .opts<{ rounds: string; storedOnly?: boolean; depth: string }>();
const setup = await openDevEvalEngine();
// Off as in the product without SECOND_STAGE: no second stage at all (a model-less one at depth 0
// still computed every candidate's evidence, before that was limited to the head).
const off = { firstStage: SECOND_STAGE_FIRST_STAGE, secondStage: undefined };
const on = {
  firstStage: SECOND_STAGE_FIRST_STAGE,
  secondStage: { ...defaultSecondStage(), depth: Number.parseInt(opts.depth, 10) },
};
const times: Record<string, number[]> = { 'stored on': [], 'stored off': [], 'text on': [], 'text off': [] };
const cpu: Record<string, number[]> = { 'stored on': [], 'stored off': [], 'text on': [], 'text off': [] };
/** Wall-clock and CPU milliseconds of one call. */
async function timed(name: string, call: () => Promise<unknown>): Promise<void> {
  const t = performance.now();
  const c = process.cpuUsage();
  await call();
  const used = process.cpuUsage(c);
  times[name]!.push(performance.now() - t);
  cpu[name]!.push((used.user + used.system) / 1000);
}
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
      await timed(`stored ${name}`, () => setup.engine.matchDemand({ id: d.id }, { k: 10, ranking }));
      if (opts.storedOnly) continue;
      // A new free text each round: the query and its sentences are embedded, not read from the cache.
      await timed(`text ${name}`, () =>
        setup.engine.matchDemand({ text: `${d.title}（第${round}轮）。${d.description ?? ''}` }, { k: 10, ranking }),
      );
    }
  }
}
await setup.dispose();
const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
for (const [name, xs] of Object.entries(times)) {
  if (xs.length === 0) continue;
  const c = cpu[name]!;
  console.log(
    `${name.padEnd(12)} n=${xs.length} wall p50 ${q(xs, 0.5).toFixed(1)} / p99 ${q(xs, 0.99).toFixed(1)} ms; ` +
      `CPU mean ${mean(c).toFixed(2)}, p50 ${q(c, 0.5).toFixed(2)} / p99 ${q(c, 0.99).toFixed(2)} ms`,
  );
}
