/**
 * Command line: import, rebuild (the nightly job), match and eval. Each
 * command parses its arguments and calls the same engine functions as the
 * HTTP service.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { EVAL_CACHE_DIR, loadConfig } from '../config/index.js';
import { INDUSTRIES, schemaFor, type Achievement, type Industry } from '../domain/index.js';
import { MatchEngine, engineConfigFrom, importJsonlFile, type MatchResponse } from '../engine/index.js';
import { formatLineError, parseJsonl } from '../ingest/index.js';
import { industryAccuracy, isKeyIndustryLabel } from '../eval/industry-accuracy.js';
import { disciplineIndustry } from '../text/industry.js';
import { measuredEngineConfig, openEvalEngine, runDemands, scoreRun, scoreTeams } from '../eval/run-eval.js';
import { runCrossValidation } from '../eval/cv-command.js';
import { acquireLock, lockHolder } from '../fs/index.js';
import { outcomeSourceFor } from '../introductions/index.js';
import { dataPaths } from '../config/paths.js';
import { progressBar } from '../terminal/index.js';
import pg from 'pg';
import { isShared, migrate, openStore, storeKindOf, type Store } from '../store/index.js';
import { registerKeyCommands } from './keys.js';
import { registerIntroductionCommands } from './introductions.js';
import { registerPublishCommands } from './publish.js';
import type { AnyRecord } from '../domain/index.js';

const program = new Command('kjcg').description('科技成果 ↔ 企业技术需求 matching engine');
program.option('--data-dir <dir>', 'data directory (default: $DATA_DIR or var/data)');

function config() {
  const base = loadConfig();
  const dataDir = program.opts<{ dataDir?: string }>().dataDir;
  return dataDir ? { ...base, DATA_DIR: path.resolve(dataDir) } : base;
}

/** The engine on the configured store (DATABASE_URL or the data directory); `close` closes both. */
async function openEngine(opened?: Store) {
  const progress = progressBar();
  const store = opened ?? (await openStore(config()));
  try {
    const engine = await MatchEngine.open(engineConfigFrom(config()), {
      onProgress: progress.onProgress,
      store,
      outcomes: outcomeSourceFor(config()),
    });
    progress.stop();
    const close = async () => {
      await engine.close();
      await store.close();
    };
    return { engine, store, close };
  } catch (error) {
    progress.stop();
    await store.close();
    throw error;
  }
}

/** The embedded store's file has one writer; PostgreSQL takes writes from the CLI while the service runs. */
function lockDataDirForWrites(what: string): () => void {
  const settings = config();
  if (storeKindOf(settings) === 'postgres') return () => undefined;
  return acquireLock(dataPaths(settings.DATA_DIR).serviceLockFile, what);
}

program
  .command('import <file>')
  .description(
    'import a JSONL file of achievements or demands (the service must not be running on this data directory)',
  )
  .addOption(new Option('--type <type>', 'record type').choices(['achievements', 'demands']).makeOptionMandatory())
  .action(async (file: string, opts: { type: 'achievements' | 'demands' }) => {
    const release = lockDataDirForWrites('import (use POST /v1/{type}/import while the service runs)');
    try {
      const { engine, close } = await openEngine();
      const progress = progressBar();
      const report = await importJsonlFile(
        engine,
        opts.type === 'achievements' ? 'achievement' : 'demand',
        file,
        progress.onProgress,
      );
      progress.stop();
      await close();
      report.errors.forEach((e) => console.error(formatLineError(e)));
      console.log(
        `imported ${report.imported.length}, rejected ${report.errors.length}, embedded truncated ${report.truncated.length}`,
      );
      if (report.errors.length > 0) process.exitCode = 2;
    } finally {
      release();
    }
  });

program
  .command('rebuild')
  .description('bring the index in line with the store (nightly job); incremental unless --full')
  .option('--full', 'rebuild every index from scratch (compacts deletions)')
  .action(async (opts: { full?: boolean }) => {
    const store = await openStore(config());
    // One rebuild at a time, taken before the engine opens (opening may repair and save the
    // index): on PostgreSQL a lock in the database (freed if this process dies), on lowdb a
    // lock file in the data directory.
    const unlock = isShared(store)
      ? await store.tryLock('rebuild')
      : tryFileLock(path.join(config().DATA_DIR, 'rebuild.lock'));
    if (!unlock) {
      await store.close();
      console.error('another rebuild is running; this one stops without touching the index');
      process.exitCode = 3;
      return;
    }
    try {
      const { engine, close } = await openEngine(store);
      try {
        const progress = progressBar();
        const report = await engine.rebuild({ full: opts.full, onProgress: progress.onProgress });
        progress.stop();
        console.log(
          `rebuild (${report.full ? 'full' : 'incremental'}): embedded ${report.embedded}, reused ${report.reused}, ` +
            `added ${report.added}, updated ${report.updated}, removed ${report.removed} in ${report.seconds.toFixed(2)} s; ` +
            `index ${report.manifest.version} (${report.manifest.counts.achievement} achievements, ${report.manifest.counts.demand} demands)`,
        );
        const stage = report.secondStage;
        console.log(
          stage.retrained
            ? `second stage retrained with ${stage.outcomePairs} outcome pairs (of ${stage.outcomes} outcomes): data ${stage.trainingDataHash.slice(0, 12)}`
            : `second stage kept: ${stage.reason}`,
        );
        if (isShared(store)) {
          await store.publishIndex(report.manifest.version);
          console.log('published: every replica swaps to the new index');
        } else {
          const running = lockHolder(dataPaths(config().DATA_DIR).serviceLockFile);
          if (running !== null)
            console.log(`the service (pid ${running}) takes the new index on POST /v1/admin/reload`);
        }
      } finally {
        await close();
      }
    } finally {
      await unlock();
      await store.close();
    }
  });

/** The embedded store's rebuild lock: a pid file, taken over when its holder is dead. */
function tryFileLock(file: string): (() => Promise<void>) | null {
  try {
    const release = acquireLock(file, 'rebuild');
    return async () => release();
  } catch {
    return null;
  }
}

program
  .command('migrate')
  .description('apply the PostgreSQL schema migrations (the service also applies them at start)')
  .action(async () => {
    const url = config().DATABASE_URL;
    if (!url) throw new Error('set DATABASE_URL=postgres://… : the embedded lowdb store has no schema to migrate');
    const pool = new pg.Pool({ connectionString: url });
    try {
      const report = await migrate(pool);
      console.log(
        report.applied.length === 0
          ? `schema is up to date (version ${report.current})`
          : `applied migrations ${report.applied.join(', ')}; schema at version ${report.current}`,
      );
    } finally {
      await pool.end();
    }
  });

function printMatches(response: MatchResponse<AnyRecord>, json: boolean) {
  if (json) {
    console.log(JSON.stringify(response, null, 2));
    return;
  }
  console.log(`query (${response.query.industry}): ${response.query.text.slice(0, 80)}`);
  for (const r of response.results) {
    console.log(`${String(r.rank).padStart(3)}. ${r.score.toFixed(4)}  ${r.id}  ${r.record.title}`);
    console.log(`     ${r.reason}`);
  }
}

program
  .command('match')
  .description('ranked matches for a stored demand or achievement, or for free text')
  .option('--demand <id>', 'stored demand → achievements')
  .option('--achievement <id>', 'stored achievement → demands')
  .option('--text <text>', 'free-text demand → achievements (with --against demands: free-text achievement → demands)')
  .addOption(
    new Option('--against <side>', 'side to search for --text')
      .choices(['achievements', 'demands'])
      .default('achievements'),
  )
  .option('-k <k>', 'how many results', '10')
  .addOption(new Option('--industry <industry...>', 'only these industries').choices([...INDUSTRIES]))
  .option('--region <region...>', 'only these regions')
  .option('--json', 'print the full response as JSON')
  .action(
    async (opts: {
      demand?: string;
      achievement?: string;
      text?: string;
      against: string;
      k: string;
      industry?: Industry[];
      region?: string[];
      json?: boolean;
    }) => {
      const { engine, close } = await openEngine();
      const options = { k: Number.parseInt(opts.k, 10), filters: { industry: opts.industry, region: opts.region } };
      let response: MatchResponse<AnyRecord>;
      if (opts.demand) response = await engine.matchDemand({ id: opts.demand }, options);
      else if (opts.achievement) response = await engine.matchAchievement({ id: opts.achievement }, options);
      else if (opts.text)
        response =
          opts.against === 'demands'
            ? await engine.matchAchievement({ text: opts.text }, options)
            : await engine.matchDemand({ text: opts.text }, options);
      else throw new Error('give one of --demand, --achievement or --text');
      printMatches(response, opts.json ?? false);
      await close();
    },
  );

program
  .command('eval')
  .description(
    'build an isolated index from the given files, match every demand, write a run file and print metrics (last line: JSON)',
  )
  .requiredOption('--achievements <file>', 'achievements JSONL')
  .requiredOption('--demands <file>', 'demands JSONL')
  .requiredOption('--qrels <file>', 'graded judgments TSV')
  .requiredOption('--run <file>', 'where to write the run TSV')
  .addOption(new Option('--view <view>', 'query text').choices(['full', 'title']).default('full'))
  .addOption(new Option('--retrievers <which>', 'ablation').choices(['hybrid', 'dense', 'lexical']).default('hybrid'))
  .option('--cache-dir <dir>', 'embedding cache shared between runs', EVAL_CACHE_DIR)
  .option(
    '--cv <folds>',
    'cross-validate the second stage over this many folds of demands (both views; run file: --view)',
  )
  .option('--seed <seed>', 'fold assignment seed for --cv', '13')
  .option('--teams', 'also rank teams per demand (expert finding) and report nDCG@10 per aggregation, cross-validated')
  .option('--folds <n>', 'folds for the cross-validated team figure', '5')
  .action(
    async (opts: {
      cv?: string;
      seed: string;
      achievements: string;
      demands: string;
      qrels: string;
      run: string;
      view: 'full' | 'title';
      retrievers: 'hybrid' | 'dense' | 'lexical';
      cacheDir: string;
      teams?: boolean;
      folds: string;
    }) => {
      const engineConfig = measuredEngineConfig(config());
      const progress = progressBar();
      const setup = await openEvalEngine({
        achievementsFile: opts.achievements,
        demandsFile: opts.demands,
        qrelsFile: opts.qrels,
        engineConfig,
        cacheDir: opts.cacheDir,
        onProgress: progress.onProgress,
      });
      progress.stop();
      if (opts.cv !== undefined) {
        const summary = await runCrossValidation(setup, {
          folds: Number.parseInt(opts.cv, 10),
          seed: Number.parseInt(opts.seed, 10),
          qrelsFile: opts.qrels,
          runFile: opts.run,
          view: opts.view,
          ranking: { retrievers: opts.retrievers },
          log: (line) => console.error(line),
        });
        await setup.dispose();
        console.log(JSON.stringify(summary));
        return;
      }
      const started = performance.now();
      const { run, lines, matches } = await runDemands(setup, {
        view: opts.view,
        ranking: { retrievers: opts.retrievers },
      });
      const seconds = (performance.now() - started) / 1000;
      fs.writeFileSync(opts.run, lines.join('\n') + '\n');
      const teams = opts.teams ? scoreTeams(setup, matches, opts.qrels, Number.parseInt(opts.folds, 10)) : undefined;
      await setup.dispose();
      console.error(`${setup.demands.length} demands matched in ${seconds.toFixed(2)} s; run written to ${opts.run}`);
      console.log(
        JSON.stringify({
          view: opts.view,
          retrievers: opts.retrievers,
          ...scoreRun(run, opts.qrels),
          ...(teams ? { teams } : {}),
        }),
      );
    },
  );

registerKeyCommands(program, config);
registerPublishCommands(program, config);

program
  .command('industry-eval')
  .description(
    'accuracy of industry inference against labelled records (demands: their industry; achievements: discipline mapped by data/dict/industries.json)',
  )
  .requiredOption('--file <jsonl>', 'labelled records')
  .addOption(new Option('--type <type>', 'record type').choices(['achievements', 'demands']).default('demands'))
  .action((opts: { file: string; type: 'achievements' | 'demands' }) => {
    const kind = opts.type === 'achievements' ? 'achievement' : 'demand';
    const { records, errors } = parseJsonl(fs.readFileSync(opts.file, 'utf8'), schemaFor[kind]);
    if (errors.length > 0) console.error(`${errors.length} invalid lines skipped`);
    const labelled = records.flatMap(({ record }) => {
      const label = kind === 'demand' ? record.industry : disciplineIndustry((record as Achievement).discipline);
      return isKeyIndustryLabel(label) ? [{ record, label }] : [];
    });
    console.log(JSON.stringify(industryAccuracy(kind, labelled)));
  });

registerIntroductionCommands(program, config);

program.parseAsync().catch((error: unknown) => {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
});
