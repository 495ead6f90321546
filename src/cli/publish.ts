/**
 * `publish <quarter>`: publishes a quarter's batch, computes every
 * subscription's digest, runs one delivery pass, with a progress bar, and
 * prints the counts. `digest-run`: the nightly digest run. Both write the
 * store, so like `import` they refuse to run beside the service.
 */
import type { Command } from 'commander';
import { dataPaths } from '../config/paths.js';
import { MatchEngine, engineConfigFrom } from '../engine/index.js';
import { acquireLock } from '../fs/index.js';
import { deliverPending } from '../outbox/index.js';
// Not the publication index: it pulls in exceljs, which every CLI start would then load.
import { publishQuarter } from '../publication/publish.js';
import { runNightlyDigests } from '../publication/index.js';
import { progressBar } from '../terminal/index.js';
import type { AppConfig } from '../config/index.js';

async function withEngine<T>(config: AppConfig, what: string, work: (engine: MatchEngine) => Promise<T>): Promise<T> {
  const release = acquireLock(
    dataPaths(config.DATA_DIR).serviceLockFile,
    `${what} (use the HTTP endpoint while the service runs)`,
  );
  try {
    const progress = progressBar();
    const engine = await MatchEngine.open(engineConfigFrom(config), { onProgress: progress.onProgress });
    progress.stop();
    try {
      return await work(engine);
    } finally {
      await engine.close();
    }
  } finally {
    release();
  }
}

export function registerPublishCommands(program: Command, config: () => AppConfig): void {
  program
    .command('publish <quarter>')
    .description("publish a quarter's batch of approved achievements (e.g. 2026Q4), compute digests, deliver them")
    .action(async (quarter: string) => {
      await withEngine(config(), 'publish', async (engine) => {
        const progress = progressBar();
        const started = performance.now();
        const report = await publishQuarter(engine, quarter, {
          now: () => new Date(),
          publishedBy: 'cli',
          onProgress: progress.onProgress,
          deliver: true,
        });
        progress.stop();
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          `${report.newlyPublished ? 'published' : 'resumed'} ${report.quarter} at ${report.publishedAt}: ` +
            `records published ${report.recordsPublished}, subscriptions evaluated ${report.subscriptionsEvaluated}, ` +
            `digests written ${report.digestsWritten} (${report.digestEntries} entries; ${report.digestsExisting} already written), ` +
            `deliveries attempted ${report.deliveriesAttempted}, succeeded ${report.deliveriesSucceeded} in ${seconds} s`,
        );
      });
    });

  program
    .command('digest-run')
    .description('nightly: digests of published achievements changed since the last run, then one delivery pass')
    .action(async () => {
      await withEngine(config(), 'digest-run', async (engine) => {
        const progress = progressBar();
        const report = await runNightlyDigests(engine, {
          now: new Date(),
          onProgress: (done, total) => progress.onProgress('digests', done, total),
        });
        progress.stop();
        const deliveries = await deliverPending(engine.store);
        console.log(
          `${report.cause}: ${report.candidates} achievements changed since ${report.since}, ` +
            `subscriptions evaluated ${report.subscriptions}, digests written ${report.digestsWritten}, ` +
            `deliveries attempted ${deliveries.attempted}, succeeded ${deliveries.succeeded}`,
        );
      });
    });
}
