/**
 * Starting and stopping the service on a data directory: hold the service
 * lock, open the engine, load the demo data into an empty store, create the
 * first admin key, listen; and on stop, stop accepting, let requests in
 * flight finish, flush the store and save the index.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { DEMO_ACHIEVEMENTS_FILE, DEMO_DEMANDS_FILE, dataPaths, type AppConfig } from '../config/index.js';
import type { RecordKind } from '../domain/index.js';
import { MatchEngine, engineConfigFrom, importJsonlFile, type Progress } from '../engine/index.js';
import { acquireLock } from '../fs/index.js';
import { outcomeSourceFor } from '../introductions/index.js';
import { startDeliverer } from '../outbox/index.js';
import { createApp } from './app.js';
import { ensureConsoleBuilt } from './console-build.js';
import { FEATURES } from './features/index.js';
import { createHttpServer } from './server.js';
import { openKeyStore } from '../auth/index.js';
import { isShared, openStore, type SharedStore, type Store } from '../store/index.js';

export interface StartOptions {
  config: AppConfig;
  logger: Logger;
  /**
   * Where the first admin key is shown: by default stderr, the terminal of
   * whoever started the service, never stdout, which carries the JSON log and
   * is what log collectors capture.
   */
  announce?: (text: string) => void;
  onProgress?: Progress;
  /** The data loaded into an empty store when DEMO_DATA=true (tests pass small slices). */
  demoFiles?: Record<RecordKind, string>;
  /**
   * Set in a worker of `npm start` with WORKERS > 1: the primary holds the data
   * directory's lock for all of its workers.
   */
  worker?: boolean;
}

export interface RunningService {
  server: http.Server;
  engine: MatchEngine;
  port: number;
  url: string;
  /** Stops accepting, finishes requests in flight, flushes the store. Safe to call twice. */
  stop: () => Promise<void>;
}

const DEMO_FILES: Record<RecordKind, string> = { achievement: DEMO_ACHIEVEMENTS_FILE, demand: DEMO_DEMANDS_FILE };

async function loadDemoData(
  engine: MatchEngine,
  files: Record<RecordKind, string>,
  logger: Logger,
  onProgress?: Progress,
): Promise<void> {
  for (const kind of ['achievement', 'demand'] as const) {
    const report = await importJsonlFile(engine, kind, files[kind], onProgress);
    logger.info(
      {
        kind,
        file: files[kind],
        imported: report.imported.length,
        rejected: report.errors.length,
        truncated: report.truncated.length,
      },
      'demo data imported',
    );
  }
  // The import is in memory and in the store; save the index so a restart need not repair it.
  engine.saveIndex();
}

function adminKeyBanner(key: string, keysFile: string): string {
  return [
    '',
    'First start: created the admin API key. It is shown only this once; store it now.',
    `  ${key}`,
    `Only its hash is kept (${keysFile}). Make more keys with: npm run cli -- keys create --role broker`,
    '',
  ].join('\n');
}

export async function startService(options: StartOptions): Promise<RunningService> {
  const { config, logger } = options;
  const paths = dataPaths(config.DATA_DIR);
  const release = options.worker ? () => undefined : acquireLock(paths.serviceLockFile, 'serve');
  let engine: MatchEngine | undefined;
  let store: Store | undefined;
  try {
    store = await openStore(config, { onEvent: (message, details) => logger.warn(details ?? {}, message) });
    engine = await MatchEngine.open(engineConfigFrom(config), {
      onProgress: options.onProgress,
      store,
      outcomes: outcomeSourceFor(config),
    });
    const empty = engine.store.count('achievement') + engine.store.count('demand') === 0;
    if (config.DEMO_DATA && empty) {
      await loadDemoData(engine, options.demoFiles ?? DEMO_FILES, logger, options.onProgress);
      for (const feature of FEATURES) await feature.seedDemo?.({ engine, logger, now: () => new Date() });
    }

    const keys = await openKeyStore(store, paths.keysFile);
    if (!keys.exists()) {
      const { key, entry } = await keys.create({ role: 'admin', name: 'first-start admin' });
      (options.announce ?? ((text) => process.stderr.write(text + '\n')))(adminKeyBanner(key, keys.storage.location));
      logger.info({ keyId: entry.id }, 'first admin key created');
    }

    // Normally built at install time; rebuilt here when missing or older than its sources.
    const consoleBuild = await ensureConsoleBuilt();
    if (consoleBuild.built) logger.info({ seconds: consoleBuild.seconds }, 'web console built');

    if (isShared(store)) followPublishedIndexes(store, engine, logger);
    await engine.prepare();
    // The model's first inference is several times slower than the next (kernels are prepared
    // on first use): a replica pays it before the primary hands it connections.
    if (options.worker) await engine.matchDemand({ text: '预热' }, { k: 1 });
    const app = createApp({ engine, config, keys, logger });
    const server = await listen(createHttpServer(app, config), config.PORT, config.HOST);
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
    logger.info(
      {
        url,
        port,
        dataDir: config.DATA_DIR,
        store: isShared(store) ? 'postgres' : 'lowdb',
        records: { achievements: engine.store.count('achievement'), demands: engine.store.count('demand') },
      },
      'listening',
    );
    // The outbox deliverer (digests, invitations) runs beside the service and stops before the store closes.
    const deliverer = startDeliverer(engine.store, {
      onError: (error) => logger.error({ err: error }, 'outbox delivery pass failed'),
      onReport: (report) => logger.info(report, 'outbox deliveries'),
    });
    const opened = engine;
    const openedStore = store;
    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= deliverer
        .stop()
        .then(() => stopServing(server, opened, config.SHUTDOWN_GRACE_MS, release, options.worker ?? false))
        .finally(() => openedStore.close());
      return stopping;
    };
    return { server, engine, port, url, stop };
  } catch (error) {
    await engine?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    release();
    throw error;
  }
}

/**
 * The nightly rebuild (another process) announces each index it saves; every
 * replica swaps to it as POST /v1/admin/reload would, answering on the old one
 * meanwhile. One reload at a time; a failed one leaves the index in force.
 */
function followPublishedIndexes(store: SharedStore, engine: MatchEngine, logger: Logger): void {
  let reloading: Promise<void> = Promise.resolve();
  store.onIndexPublished((version) => {
    reloading = reloading.then(async () => {
      try {
        const report = await engine.reloadIndex();
        logger.info({ version, reloaded: report.reloaded, sync: report.sync }, 'took the published index');
      } catch (error) {
        logger.error({ err: error, version }, 'published index could not be loaded; keeping the one in force');
      }
    });
  });
}

function listen(server: http.Server, port: number, host: string): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

async function stopServing(
  server: http.Server,
  engine: MatchEngine,
  graceMs: number,
  release: () => void,
  worker: boolean,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Requests still running after the grace period lose their connection; the store stays consistent.
  const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
  deadline.unref();
  await closed;
  clearTimeout(deadline);
  try {
    // Replicas share the index folder: the nightly rebuild saves it for all of them, and
    // n replicas saving at once on stop would only race. The store is what must be flushed.
    if (worker) await engine.store.flush();
    else await engine.close();
  } finally {
    release();
  }
}
