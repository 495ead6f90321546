/** GET /v1/me: a key learns who it belongs to, never another key's secret. */
import fs from 'node:fs';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../../src/config/index.js';
import { MatchEngine, engineConfigFrom } from '../../src/engine/index.js';
import { KeyStore } from '../../src/auth/index.js';
import { createApp, createLogger } from '../../src/serve/index.js';
import { memoryLog, tempDir, testConfig } from './helpers.js';

let app: Express;
let engine: MatchEngine;
let keys: KeyStore;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('me');
  const config = testConfig(dataDir);
  engine = await MatchEngine.open(engineConfigFrom(config));
  keys = new KeyStore(dataPaths(config.DATA_DIR).keysFile);
  app = createApp({ engine, config, keys, logger: createLogger(config, memoryLog().stream) });
});

afterAll(async () => {
  await engine?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /v1/me', () => {
  it('describes an enterprise key: its role and enterprise, without the key or its hash', async () => {
    const { key, entry } = await keys.create({ role: 'enterprise', enterpriseId: 'demo-ent-a', name: '示范' });
    const response = await request(app).get('/v1/me').set('X-API-Key', key);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ keyId: entry.id, role: 'enterprise', enterpriseId: 'demo-ent-a', name: '示范' });
    expect(JSON.stringify(response.body)).not.toContain(key);
  });

  it('describes a broker key with its scope and reviewer flag', async () => {
    const { key } = await keys.create({ role: 'broker', scope: '220100', reviewer: true });
    const response = await request(app).get('/v1/me').set('Authorization', `Bearer ${key}`);
    expect(response.body).toMatchObject({ role: 'broker', scope: '220100', reviewer: true });
  });

  it('is 401 with the API message for a missing or wrong key', async () => {
    const missing = await request(app).get('/v1/me');
    expect(missing.status).toBe(401);
    const wrong = await request(app).get('/v1/me').set('X-API-Key', 'kjcg_wrong');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('invalid or revoked API key');
  });
});
