/**
 * A first-stage variant's cost: stored-demand and free-text matches (title alone, and
 * title。description) at 10k achievements with the variant on and off, alternating in
 * one process so both see the same machine load. Each free text is new in every round
 * and mode, so both pay the embedding.
 *   npx tsx scripts/first-stage-latency.ts --first-stage '{"titleOnlyRecordWeight":{"shortQuery":0.75,"longQuery":1}}'
 */
import { Command } from 'commander';
import { openDevEvalEngine } from '../src/eval/run-eval.js';
import type { FirstStageVariants } from '../src/match/retrieve.js';

const opts = new Command()
  .requiredOption('--first-stage <json>', 'the variant, as RankingParams.firstStage')
  .option('--rounds <n>', 'passes over the demands', '3')
  .parse()
  .opts<{ firstStage: string; rounds: string }>();
const variant = JSON.parse(opts.firstStage) as FirstStageVariants;
const setup = await openDevEvalEngine();
const modes = { on: { firstStage: variant }, off: { firstStage: {} } } as const;
const times: Record<string, number[]> = {};
const time = async (name: string, run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  times[name] = [...(times[name] ?? []), performance.now() - started];
};
for (const d of setup.demands)
  for (const ranking of Object.values(modes)) {
    await setup.engine.matchDemand({ id: d.id }, { k: 10, ranking });
    await setup.engine.matchDemand({ text: d.title }, { k: 10, ranking });
  }
// A nonce per run: the embedding cache persists, and a text seen in an earlier run would be free.
const run = Date.now().toString(36);
for (let round = 0; round < Number.parseInt(opts.rounds, 10); round += 1)
  for (const [i, d] of setup.demands.entries()) {
    // Alternate which mode goes first, so neither always finds the caches the other just warmed.
    const order = i % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
    for (const mode of order) {
      const ranking = modes[mode];
      await time(`stored ${mode}`, () => setup.engine.matchDemand({ id: d.id }, { k: 10, ranking }));
      // The title as warmed above: its vector is cached, so this is the ranking's own time.
      await time(`title cached ${mode}`, () => setup.engine.matchDemand({ text: d.title }, { k: 10, ranking }));
      await time(`title text ${mode}`, () =>
        setup.engine.matchDemand({ text: `${d.title}（${run}${round}${mode}）` }, { k: 10, ranking }),
      );
      await time(`full text ${mode}`, () =>
        setup.engine.matchDemand(
          { text: `${d.title}（${run}${round}${mode}）。${d.description ?? ''}` },
          { k: 10, ranking },
        ),
      );
    }
  }
await setup.dispose();
const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
console.log(`variant ${opts.firstStage}; ${setup.demands.length} demands × ${opts.rounds} rounds, k=10`);
for (const [name, xs] of Object.entries(times).sort())
  console.log(`${name.padEnd(16)} n=${xs.length} p50 ${q(xs, 0.5).toFixed(1)} ms  p99 ${q(xs, 0.99).toFixed(1)} ms`);
