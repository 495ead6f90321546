/**
 * Serving the web console: its files and security headers under /console/, the
 * history-routing fallback, the redirect from /, and an API left as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_BUILD_DIR, dataPaths } from '../../src/config/index.js';
import { MatchEngine, engineConfigFrom } from '../../src/engine/index.js';
import { KeyStore } from '../../src/auth/index.js';
import { createApp, createLogger } from '../../src/serve/index.js';
import { consoleBuildIsCurrent, ensureConsoleBuilt } from '../../src/serve/console-build.js';
import { mountConsole } from '../../src/serve/console.js';
import { memoryLog, tempDir, testConfig } from './helpers.js';

let app: Express;
let engine: MatchEngine;
let dataDir: string;

beforeAll(async () => {
  await ensureConsoleBuilt();
  dataDir = tempDir('console');
  const config = testConfig(dataDir);
  engine = await MatchEngine.open(engineConfigFrom(config));
  app = createApp({
    engine,
    config,
    keys: new KeyStore(dataPaths(config.DATA_DIR).keysFile),
    logger: createLogger(config, memoryLog().stream),
  });
});

afterAll(async () => {
  await engine?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function cspOf(response: request.Response): Record<string, string> {
  const header = String(response.headers['content-security-policy'] ?? '');
  return Object.fromEntries(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values.join(' ')]),
  );
}

describe('web console serving', () => {
  it('is built from the current sources, and a build records their hash', () => {
    expect(consoleBuildIsCurrent()).toBe(true);
    const stamp = JSON.parse(fs.readFileSync(path.join(CONSOLE_BUILD_DIR, 'build.json'), 'utf8'));
    expect(fs.existsSync(path.join(CONSOLE_BUILD_DIR, stamp.script))).toBe(true);
    expect(fs.existsSync(path.join(CONSOLE_BUILD_DIR, stamp.stylesheet))).toBe(true);
  });

  it('serves index.html at /console/ with a CSP that allows only its own origin and no inline script', async () => {
    const response = await request(app).get('/console/');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/html');
    expect(response.text).toContain('<div id="app">');
    expect(response.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const csp = cspOf(response);
    expect(csp['default-src']).toBe("'self'");
    expect(csp['script-src']).toBe("'self'");
    expect(csp['connect-src']).toBe("'self'");
    expect(csp['style-src']).toBe("'self'");
    expect(csp['frame-ancestors']).toBe("'none'");
    expect(String(response.headers['content-security-policy'])).not.toContain('unsafe');
    expect(response.headers['x-frame-options']).toBeDefined();
  });

  it('answers any deep link below /console/ with index.html, so the browser can route it', async () => {
    const response = await request(app).get('/console/demands/A-01?maturity=%E4%B8%AD%E8%AF%95&page=2');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<div id="app">');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves the hashed assets for good, and 404s a missing one instead of sending the page', async () => {
    const index = (await request(app).get('/console/')).text;
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(index)![1]!;
    const asset = await request(app).get(script);
    expect(asset.status).toBe(200);
    expect(asset.type).toBe('text/javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await request(app).get('/console/assets/missing-0000.js')).status).toBe(404);
  });

  it('redirects / and /console to the console', async () => {
    const root = await request(app).get('/');
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('/console/');
    const bare = await request(app).get('/console');
    expect(bare.headers.location).toBe('/console/');
  });

  it('leaves the API without the console headers, and its 404s as they were', async () => {
    const health = await request(app).get('/health');
    expect(health.status).toBe(200);
    expect(health.headers['content-security-policy']).toBeUndefined();
    const unknown = await request(app).get('/v2/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('route_not_found');
  });

  it('does not count the console files against the rate limit of an address', async () => {
    const config = testConfig(dataDir, { RATE_LIMIT_MAX: 3 });
    const limited = createApp({
      engine,
      config,
      keys: new KeyStore(dataPaths(config.DATA_DIR).keysFile),
      logger: createLogger(config, memoryLog().stream),
    });
    for (let i = 0; i < 6; i += 1) expect((await request(limited).get('/console/catalogue')).status).toBe(200);
    expect((await request(limited).get('/v1/achievements')).status).not.toBe(429);
  });

  it('says in words that the console is not built when its folder is empty', async () => {
    const empty = tempDir('console-empty');
    try {
      const bare = express();
      mountConsole(bare, empty);
      const response = await request(bare).get('/console/catalogue');
      expect(response.status).toBe(503);
      expect(response.text).toContain('npm run build-console');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
