import fs from 'node:fs';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../../src/config/index.js';
import { MatchEngine, engineConfigFrom } from '../../src/engine/index.js';
import { KeyStore } from '../../src/auth/index.js';
import { createApp, createLogger } from '../../src/serve/index.js';
import { memoryLog, tempDir, testConfig } from './helpers.js';
import request from 'supertest';

// Route shape does not depend on data: an empty data directory is enough.
let app: Express;
let engine: MatchEngine;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('openapi');
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

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** "METHOD /path/{param}" for every route registered on the app's router. */
function registeredOperations(app: Express): string[] {
  const stack = (app.router as unknown as { stack: RouteLayer[] }).stack;
  return stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`)
      : [],
  );
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

function documentedOperations(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('OpenAPI document', () => {
  it('is served without a key as OpenAPI 3.1', async () => {
    const response = await request(app).get('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
  });

  it('documents every route the app serves, and serves every route it documents', async () => {
    const doc = (await request(app).get('/openapi.json')).body;
    const registered = registeredOperations(app).sort();
    expect(registered.length).toBeGreaterThan(10);
    expect(documentedOperations(doc).sort()).toEqual(registered);
  });

  it('gives every operation a unique operationId, responses, and a path parameter for each {placeholder}', async () => {
    const doc = (await request(app).get('/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { operationId?: string; responses?: object; parameters?: { name: string; in: string }[] }>
      >;
    };
    const ids: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const pathParameters = (item.parameters as unknown as { name: string; in: string }[] | undefined) ?? [];
      for (const method of Object.keys(item).filter((key) => METHODS.includes(key))) {
        const operation = item[method]!;
        ids.push(operation.operationId!);
        expect(operation.responses, `${method} ${path}`).toBeDefined();
        const declared = [...pathParameters, ...(operation.parameters ?? [])]
          .filter((p) => p.in === 'path')
          .map((p) => p.name);
        expect(declared.sort(), `${method} ${path}`).toEqual(placeholders.sort());
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves every $ref it uses', async () => {
    const doc = (await request(app).get('/openapi.json')).body;
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, section, name] of refs) expect(doc.components[section!]?.[name!], `${section}/${name}`).toBeDefined();
  });
});
