export { PgStore, type PgStoreOptions } from './pg-store.js';
export {
  migrate,
  knownMigrations,
  SchemaTooNewError,
  MIGRATIONS_DIR,
  type Migration,
  type MigrationReport,
} from './migrate.js';
export { isUnavailable } from './errors.js';
