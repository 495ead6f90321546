/**
 * Real responses of every core route, checked against the OpenAPI document the
 * service serves (JSON Schema 2020-12, as OpenAPI 3.1 uses): the status must be
 * documented for the operation, and a JSON body must validate against the
 * schema documented for it. Generated schemas forbid undocumented fields, so a
 * field added or dropped on either side fails here.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../../src/config/index.js';
import { MatchEngine, engineConfigFrom } from '../../src/engine/index.js';
import { KeyStore } from '../../src/auth/index.js';
import { createApp, createLogger } from '../../src/serve/index.js';
import { FEATURES } from '../../src/serve/features/index.js';
import { FakeEmbedder } from '../engine/fake-embedder.js';
import { memoryLog, startTestService, tempDir, testConfig, type TestService } from './helpers.js';

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

interface OpenApiResponse {
  $ref?: string;
  content?: Record<string, { schema: unknown }>;
}
type OpenApiDoc = {
  paths: Record<string, Record<string, { responses: Record<string, OpenApiResponse> }>>;
  components: { responses: Record<string, OpenApiResponse> };
};

/** Validates responses against one served document; remembers which operations it saw. */
class DocumentChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  readonly seen = new Set<string>();

  constructor(readonly doc: OpenApiDoc) {
    addFormats.default(this.ajv);
    this.ajv.addSchema({ ...doc, $id: 'openapi.json' });
  }

  expect(method: string, path: string, response: Response): void {
    const where = `${method.toUpperCase()} ${path} → ${response.status}`;
    const operation = this.doc.paths[path]?.[method];
    expect(operation, `${where}: operation documented`).toBeDefined();
    let pointer = ['paths', path, method, 'responses', String(response.status)];
    let documented = operation!.responses[String(response.status)];
    expect(documented, `${where}: status documented`).toBeDefined();
    if (documented!.$ref) {
      pointer = documented!.$ref.replace(/^#\//, '').split('/');
      documented = this.doc.components.responses[pointer.at(-1)!];
    }
    this.seen.add(`${method.toUpperCase()} ${path}`);
    if (response.status === 204) {
      expect(documented!.content, where).toBeUndefined();
      return;
    }
    const type = String(response.headers['content-type']).split(';')[0]!;
    expect(Object.keys(documented!.content ?? {}), `${where}: content type documented`).toContain(type);
    if (type !== 'application/json') return;
    const validate = this.validator([...pointer, 'content', type, 'schema']);
    const valid = validate(response.body);
    expect(valid, `${where}: ${this.ajv.errorsText(validate.errors)}`).toBe(true);
  }

  private validator(pointer: string[]): ValidateFunction {
    const ref = `openapi.json#/${pointer.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    return validate;
  }
}

let service: TestService;
let check: DocumentChecker;
const key = (k: string) => ({ 'X-API-Key': k });

beforeAll(async () => {
  service = await startTestService({ achievements: 30 });
  check = new DocumentChecker((await service.http.get('/openapi.json')).body);
});

afterAll(async () => {
  await service?.close();
});

/** Sends a request and checks its response against the document. */
async function call(
  method: 'get' | 'post' | 'patch' | 'delete',
  docPath: string,
  url: string,
  options: { key?: string; body?: unknown; type?: string } = {},
): Promise<Response> {
  let req = service.http[method](url);
  if (options.key) req = req.set(key(options.key));
  if (options.type) req = req.set('Content-Type', options.type);
  const response = await (options.body === undefined ? req : req.send(options.body as object));
  check.expect(method, docPath, response);
  return response;
}

describe('responses match the served OpenAPI document', () => {
  it('for the service routes', async () => {
    expect((await call('get', '/health', '/health')).body.model.loaded).toBe(true);
    await call('get', '/openapi.json', '/openapi.json');
    expect((await call('get', '/v1/me', '/v1/me', { key: service.keys.enterpriseA })).body.role).toBe('enterprise');
    expect((await call('get', '/v1/me', '/v1/me')).status).toBe(401);
  });

  it('for the record routes of both kinds, success and error answers', async () => {
    const { broker, enterpriseA, enterpriseB } = service.keys;
    for (const [plural, created, owner] of [
      ['achievements', { id: 'doc-a1', title: '玉米秸秆还田技术', maturity: '中试' }, broker],
      ['demands', { id: 'doc-d1', title: '秸秆综合利用', description: '降低焚烧污染' }, enterpriseA],
    ] as const) {
      const base = `/v1/${plural}`;
      const one = `${base}/{id}`;
      expect((await call('post', base, base, { key: owner, body: created })).status).toBe(201);
      expect((await call('post', base, base, { key: owner, body: created })).status).toBe(409);
      expect((await call('post', base, base, { key: owner, body: { id: 'x' } })).status).toBe(400);
      expect((await call('post', base, base, { key: owner, body: 'x', type: 'text/plain' })).status).toBe(415);
      expect((await call('get', base, base, { key: owner })).body.items.length).toBeGreaterThan(0);
      expect((await call('get', base, `${base}?q=秸秆&limit=3`, { key: owner })).body.items[0].match.rank).toBe(1);
      expect((await call('get', base, `${base}?nonsense=1`, { key: owner })).status).toBe(400);
      expect((await call('get', base, base)).status).toBe(401);
      const imported = await call('post', `${base}/import`, `${base}/import`, {
        key: broker,
        type: 'application/x-ndjson',
        body: `${JSON.stringify({ id: `doc-imp-${plural}`, title: '导入的记录' })}\n{"id": "bad"}\n`,
      });
      expect(imported.body.rejectedCount).toBe(1);
      expect((await call('post', `${base}/import`, `${base}/import`, { key: enterpriseB, body: '' })).status).toBe(403);
      await call('get', one, `${base}/${created.id}`, { key: owner });
      expect((await call('get', one, `${base}/no-such`, { key: owner })).status).toBe(404);
      await call('patch', one, `${base}/${created.id}`, {
        key: owner,
        type: 'application/merge-patch+json',
        body: { title: `${created.title}（修订）` },
      });
      const matches = await call('get', `${one}/matches`, `${base}/${created.id}/matches?k=3`, { key: owner });
      expect(matches.body.results.length).toBeGreaterThan(0);
      expect((await call('get', `${one}/matches`, `${base}/${created.id}/matches?k=0`, { key: owner })).status).toBe(
        400,
      );
      expect((await call('delete', one, `${base}/${created.id}`, { key: owner })).status).toBe(204);
    }
    // Another enterprise's demand is answered as one that does not exist.
    expect((await call('get', '/v1/demands/{id}', '/v1/demands/A-01', { key: enterpriseB })).status).toBe(404);
  });

  it('for matching free text, recommendations and the admin reload', async () => {
    const { admin, broker, enterpriseA } = service.keys;
    for (const against of ['achievements', 'demands']) {
      const body = { text: '动力电池热管理', against, k: 3 };
      expect((await call('post', '/v1/match', '/v1/match', { key: broker, body })).body.results).toHaveLength(3);
    }
    expect((await call('post', '/v1/match', '/v1/match', { key: broker, body: { text: '' } })).status).toBe(400);
    const path = '/v1/enterprises/{id}/recommendations';
    const recommended = await call('get', path, '/v1/enterprises/demo-ent-a/recommendations?k=5', { key: enterpriseA });
    expect(recommended.body.results.length).toBeGreaterThan(0);
    expect((await call('get', path, '/v1/enterprises/demo-ent-b/recommendations', { key: enterpriseA })).status).toBe(
      403,
    );
    expect((await call('post', '/v1/admin/reload', '/v1/admin/reload', { key: admin })).status).toBe(200);
    service.engine.saveIndex(true);
    expect((await call('post', '/v1/admin/reload', '/v1/admin/reload', { key: broker })).status).toBe(403);
  });

  it('covers every core operation the document lists (feature routes are checked by their own tests)', () => {
    const featurePaths = new Set(FEATURES.flatMap((f) => Object.keys(f.openApiPaths({ publicCatalogue: false }))));
    const documented = Object.entries(check.doc.paths)
      .filter(([path]) => !featurePaths.has(path))
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((m) => METHODS.includes(m))
          .map((m) => `${m.toUpperCase()} ${path}`),
      );
    expect(documented.filter((operation) => !check.seen.has(operation))).toEqual([]);
  });
});

describe('/health', () => {
  it('reports the model as not loaded, and the service degraded, while the model fails', async () => {
    const dataDir = tempDir('health');
    const config = testConfig(dataDir);
    const embedder = new FakeEmbedder();
    const engine = await MatchEngine.open(engineConfigFrom(config), { embedder });
    const app = createApp({
      engine,
      config,
      keys: new KeyStore(dataPaths(dataDir).keysFile),
      logger: createLogger(config, memoryLog().stream),
    });
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await request(url).get('/health')).body).toMatchObject({ status: 'ok', model: { loaded: true } });
      embedder.failWith = 'onnxruntime: session lost';
      await expect(engine.matchDemand({ text: '玉米' })).rejects.toThrow('session lost');
      const degraded = await request(url).get('/health');
      expect(degraded.body).toMatchObject({
        status: 'degraded',
        model: { loaded: false, lastError: 'onnxruntime: session lost' },
      });
      check.expect('get', '/health', degraded);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.close();
      (await import('node:fs')).rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
