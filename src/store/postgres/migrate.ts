/**
 * Schema migrations: numbered SQL files in ./migrations, applied in order,
 * forward only, each in its own transaction and recorded in
 * schema_migrations. Replicas starting together take an advisory lock, so
 * each file runs once. A database that records a version this code does not
 * know was migrated by newer code: we refuse to touch it rather than guess.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { LOCK_KEYS } from './locks.js';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class SchemaTooNewError extends Error {}

/** The migrations shipped with this code, in order. File names: `NNN_what.sql`. */
export function knownMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .flatMap((file) => {
      const match = /^(\d+)_([\w-]+)\.sql$/.exec(file);
      if (!match) return [];
      return [{ version: Number(match[1]), name: match[2]!, sql: fs.readFileSync(path.join(dir, file), 'utf8') }];
    })
    .sort((a, b) => a.version - b.version);
}

export interface MigrationReport {
  applied: number[];
  current: number;
}

/** Brings the schema up to this code's version; throws SchemaTooNewError on a newer database. */
export async function migrate(pool: pg.Pool, migrations = knownMigrations()): Promise<MigrationReport> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEYS.migrate]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    const unknown = [...done].filter((v) => v > newest);
    if (unknown.length > 0) {
      throw new SchemaTooNewError(
        `the database schema is at version ${Math.max(...unknown)}, newer than this code knows (${newest}); ` +
          'run the newer code, or restore a backup taken before it migrated',
      );
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.version}_${migration.name} failed: ${(error as Error).message}`);
      }
      applied.push(migration.version);
    }
    return { applied, current: newest };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEYS.migrate]).catch(() => undefined);
    client.release();
  }
}
