/**
 * The store factory: DATABASE_URL selects PostgreSQL, otherwise the embedded
 * lowdb file in the data directory. Everything that opens an engine (service,
 * CLI, bench) opens its store here, so the choice is made in one place.
 */
import { dataPaths } from '../config/paths.js';
import { PgStore } from './postgres/index.js';
import { RecordStore } from './store.js';
import type { Store } from './types.js';

export interface StoreSettings {
  DATA_DIR: string;
  DATABASE_URL?: string;
}

export type StoreKind = 'lowdb' | 'postgres';

export function storeKindOf(settings: Pick<StoreSettings, 'DATABASE_URL'>): StoreKind {
  return settings.DATABASE_URL ? 'postgres' : 'lowdb';
}

export async function openStore(
  settings: StoreSettings,
  options: { onEvent?: (message: string, details?: Record<string, unknown>) => void } = {},
): Promise<Store> {
  if (settings.DATABASE_URL) return PgStore.open({ url: settings.DATABASE_URL, onEvent: options.onEvent });
  return RecordStore.open(dataPaths(settings.DATA_DIR).storeFile);
}
