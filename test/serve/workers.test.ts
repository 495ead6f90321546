import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { workerCount } from '../../src/serve/workers.js';

const PG = 'postgres://kjcg:kjcg@127.0.0.1:5432/kjcg';

describe('how many service processes npm start runs', () => {
  it('runs one on lowdb whatever WORKERS says, since its file has one writer', () => {
    expect(workerCount(loadConfig({}))).toBe(1);
    expect(workerCount(loadConfig({ WORKERS: '4' }))).toBe(1);
  });

  it('runs WORKERS on PostgreSQL, and one per core when unset', () => {
    expect(workerCount(loadConfig({ DATABASE_URL: PG, WORKERS: '3' }))).toBe(3);
    expect(workerCount(loadConfig({ DATABASE_URL: PG }))).toBe(os.availableParallelism());
  });

  it('refuses a DATABASE_URL that is not a postgres:// URL, and WORKERS below 1', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: PG, WORKERS: '0' })).toThrow(/WORKERS/);
  });
});
