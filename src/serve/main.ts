/**
 * `npm start`: the HTTP service. Configuration comes from the environment
 * (src/config/config.ts); SIGTERM and SIGINT stop it gracefully.
 */
import { ConfigError, loadConfig } from '../config/index.js';
import { progressBar } from '../terminal/index.js';
import { createLogger } from './logger.js';
import { startService } from './start.js';

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
const progress = progressBar();

try {
  const service = await startService({ config, logger, onProgress: progress.onProgress });
  progress.stop();
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
  process.exit(1);
}
