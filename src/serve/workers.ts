/**
 * `npm start` with WORKERS > 1: the primary process holds the data
 * directory's lock and runs n service processes on one port (node:cluster;
 * the primary hands out connections round-robin). Each worker holds the
 * records and the index in memory; they share the PostgreSQL store and the
 * index folder. The first worker starts alone (it may load the demo data and
 * create the first admin key); the others start once it listens, from the
 * index it saved. A worker that dies is replaced; SIGTERM stops them all.
 *
 * On lowdb there is one worker: its store is one file with one writer.
 */
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import type { Logger } from 'pino';
import { dataPaths, type AppConfig } from '../config/index.js';
import { acquireLock } from '../fs/index.js';
import { storeKindOf } from '../store/index.js';

/** Messages a worker sends its primary. */
export type WorkerMessage = { type: 'listening'; port: number } | { type: 'failed'; message: string };

export function workerCount(config: Pick<AppConfig, 'WORKERS' | 'DATABASE_URL'>, logger?: Logger): number {
  if (storeKindOf(config) === 'lowdb') {
    if ((config.WORKERS ?? 1) > 1) {
      logger?.warn(
        { WORKERS: config.WORKERS },
        'the embedded lowdb store has one writer: running 1 worker (set DATABASE_URL for several, docs/postgres.md)',
      );
    }
    return 1;
  }
  return config.WORKERS ?? Math.max(1, os.availableParallelism());
}

export function runPrimary(config: AppConfig, workers: number, logger: Logger): void {
  const release = acquireLock(dataPaths(config.DATA_DIR).serviceLockFile, 'serve');
  let stopping = false;
  let started = 0;

  const fork = (): Worker => {
    const worker = cluster.fork({ KJCG_WORKER: '1' });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'listening' && ++started === 1) {
        logger.info({ port: message.port, workers }, 'first worker listening; starting the others');
        for (let i = 1; i < workers; i += 1) fork();
      }
      if (message.type === 'failed' && started === 0) {
        logger.fatal({ reason: message.message }, 'the first worker could not start; stopping');
        stopping = true;
        release();
        process.exit(1);
      }
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        release();
        logger.info('all workers stopped');
        process.exit(0);
      }
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting a replacement');
    // The others keep answering meanwhile; the replacement loads the saved index.
    if (started > 0) setTimeout(fork, 1000);
  });

  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping all workers');
    const alive = Object.values(cluster.workers ?? {});
    if (alive.length === 0) {
      release();
      process.exit(0);
    }
    for (const worker of alive) worker?.process.kill('SIGTERM');
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.on('exit', release);
  logger.info({ workers, store: storeKindOf(config) }, 'starting workers');
  fork();
}
