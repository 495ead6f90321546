/**
 * `npm start`: the HTTP service. Configuration comes from the environment
 * (src/config/config.ts); SIGTERM and SIGINT stop it gracefully. With
 * WORKERS > 1 (PostgreSQL only) this process becomes the primary of n
 * service processes on one port (workers.ts).
 */
import cluster from 'node:cluster';
import { ConfigError, loadConfig } from '../config/index.js';
import { progressBar } from '../terminal/index.js';
import { createLogger } from './logger.js';
import { startService } from './start.js';
import { runPrimary, workerCount, type WorkerMessage } from './workers.js';

function configOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const config = configOrExit();
const logger = createLogger(config);
const isWorker = cluster.isWorker && process.env.KJCG_WORKER === '1';
const workers = isWorker ? 1 : workerCount(config, logger);

function tellPrimary(message: WorkerMessage): void {
  if (isWorker) process.send?.(message);
}

if (!isWorker && workers > 1) {
  runPrimary(config, workers, logger);
} else {
  // Workers draw no progress bars: n of them would overwrite each other.
  const progress = isWorker ? { onProgress: undefined, stop: () => undefined } : progressBar();
  try {
    const service = await startService({ config, logger, onProgress: progress.onProgress, worker: isWorker });
    progress.stop();
    tellPrimary({ type: 'listening', port: service.port });
    const shutdown = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'stopping: no new requests, finishing those in flight');
      service.stop().then(
        () => {
          logger.info('stopped; store flushed');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  } catch (error) {
    progress.stop();
    logger.fatal({ err: error }, `cannot start: ${(error as Error).message}`);
    tellPrimary({ type: 'failed', message: (error as Error).message });
    process.exit(1);
  }
}
