/**
 * The hostile black-box probe of issue 7, as tests: each describe block is one
 * defect the probe found, driven over real HTTP against the real app, store,
 * index and model. See docs/security.md.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPaths, type AppConfig } from '../../src/config/index.js';
import { MAX_QUERY_TEXT_CHARS, MAX_TITLE_CHARS } from '../../src/domain/index.js';
import { RecordStore } from '../../src/store/index.js';
import { createApp, createHttpServer, createLogger } from '../../src/serve/index.js';
import { csvCell } from '../../src/csv/index.js';
import { memoryLog, parseCsv, startTestService, type TestService } from './helpers.js';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ achievements: 40 });
});

afterAll(async () => {
  await svc?.close();
});

const as = (key: string) => ({ 'X-API-Key': key });
const broker = () => as(svc.keys.broker);
const fieldsOf = (response: { body: { error?: { details?: { issues?: { field: string }[] } } } }) =>
  (response.body.error?.details?.issues ?? []).map((i) => i.field);

/** What the store file holds right now: what a restart would see. */
async function persisted() {
  await svc.engine.store.flush();
  return RecordStore.open(dataPaths(svc.config.DATA_DIR).storeFile);
}

/** `{"id":…,"title":…,"x":[[[…]]]}` nested `depth` levels deep, as raw JSON text. */
function deepBody(id: string, depth: number): string {
  return `{"id":"${id}","title":"深层嵌套","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

interface RawAnswer {
  text: string;
  status: number;
  closed: boolean;
  ms: number;
}

/** Sends bytes over a plain socket and reads until the server closes it or `waitMs` pass. */
function raw(url: string, chunks: (string | Buffer)[], waitMs: number): Promise<RawAnswer> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(Number(port), '127.0.0.1');
    let text = '';
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ text, status, closed, ms: performance.now() - started });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (data) => {
      text += data.toString('utf8');
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('error', () => undefined);
    for (const chunk of chunks) socket.write(chunk);
  });
}

function jsonOf(answer: RawAnswer): { error: { code: string; message: string } } {
  return JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4));
}

describe('defect 1: a deeply nested body cannot stop the writes of others', () => {
  it('refuses a 10,000-deep body with a clear 400, and every later write by anyone succeeds and is persisted', async () => {
    for (const [path, key] of [
      ['/v1/demands', svc.keys.enterpriseA],
      ['/v1/achievements', svc.keys.broker],
    ] as const) {
      const deep = await svc.http
        .post(path)
        .set(as(key))
        .set('Content-Type', 'application/json')
        .send(deepBody('deep1', 10_000));
      expect(deep.status).toBe(400);
      expect(deep.body.error.code).toBe('too_deeply_nested');
      expect(deep.body.error.message).toMatch(/nest/);
    }
    expect((await svc.http.get('/v1/demands/deep1').set(broker())).status).toBe(404);
    // Neither stored nor indexed: the index holds exactly what the store holds.
    expect(svc.engine.indexedCount('demand')).toBe(svc.engine.store.count('demand'));
    expect(svc.engine.indexedCount('achievement')).toBe(svc.engine.store.count('achievement'));

    const created = await svc.http
      .post('/v1/achievements')
      .set(broker())
      .send({ id: 'after-deep', title: '之后的写入' });
    expect(created.status).toBe(201);
    const own = await svc.http
      .post('/v1/demands')
      .set(as(svc.keys.enterpriseB))
      .send({ id: 'after-deep-d', title: '需求' });
    expect(own.status).toBe(201);
    const imported = await svc.http
      .post('/v1/achievements/import')
      .set(broker())
      .set('Content-Type', 'application/x-ndjson')
      .send(`${JSON.stringify({ id: 'after-deep-i', title: '导入' })}\n${deepBody('deep-line', 10_000)}\n`);
    expect(imported.status).toBe(200);
    expect(imported.body.imported).toEqual(['after-deep-i']);
    expect(imported.body.errors[0].line).toBe(2);
    expect((await svc.http.delete('/v1/achievements/after-deep').set(broker())).status).toBe(204);

    const store = await persisted();
    expect(store.has('achievement', 'after-deep')).toBe(false);
    expect(store.has('achievement', 'after-deep-i')).toBe(true);
    expect(store.has('demand', 'after-deep-d')).toBe(true);
    expect(store.has('achievement', 'deep-line')).toBe(false);
  });

  it('accepts unknown fields nested a few levels, and refuses a record nested past the record limit naming the field', async () => {
    const nested = await svc.http
      .post('/v1/achievements')
      .set(broker())
      .send({ id: 'nested-ok', title: '嵌套', extra: { a: { b: [1, 2, { c: 'd' }] } } });
    expect(nested.status).toBe(201);
    expect(nested.body.record.extra).toEqual({ a: { b: [1, 2, { c: 'd' }] } });
    const tooDeep = await svc.http
      .post('/v1/achievements')
      .set(broker())
      .set('Content-Type', 'application/json')
      .send(deepBody('nested-deep', 20));
    expect(tooDeep.status).toBe(400);
    expect(fieldsOf(tooDeep)).toContain('x');
  });
});

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];

describe('defect 2: ids that are names on Object.prototype', () => {
  it('are unknown (404) on every route before they exist', async () => {
    for (const id of PROTOTYPE_NAMES) {
      for (const url of [`/v1/achievements/${id}`, `/v1/demands/${id}`]) {
        expect((await svc.http.get(url).set(broker())).status, `GET ${url}`).toBe(404);
        expect((await svc.http.patch(url).set(broker()).send({ title: 'x' })).status, `PATCH ${url}`).toBe(404);
        expect((await svc.http.delete(url).set(broker())).status, `DELETE ${url}`).toBe(404);
        expect((await svc.http.get(`${url}/matches`).set(broker())).status, `GET ${url}/matches`).toBe(404);
      }
      expect((await svc.http.get(`/v1/demands/${id}`).set(as(svc.keys.enterpriseA))).status).toBe(404);
      const recommendations = await svc.http.get(`/v1/enterprises/${id}/recommendations`).set(broker());
      expect(recommendations.status).toBe(200);
      expect(recommendations.body.results).toEqual([]);
    }
  });

  it('are ordinary ids once created: stored, read, matched, changed, persisted, deleted, on both sides', async () => {
    for (const id of PROTOTYPE_NAMES) {
      const achievement = await svc.http
        .post('/v1/achievements')
        .set(broker())
        .send({ id, title: '玉米秸秆综合利用技术', abstract: '秸秆还田' });
      expect(achievement.status, id).toBe(201);
      expect((await svc.http.post('/v1/achievements').set(broker()).send({ id, title: '再来一次' })).status).toBe(409);
      const demand = await svc.http
        .post('/v1/demands')
        .set(as(svc.keys.enterpriseA))
        .send({ id, title: '秸秆综合利用' });
      expect(demand.status, id).toBe(201);

      const read = await svc.http.get(`/v1/achievements/${id}`).set(broker());
      expect(read.status).toBe(200);
      expect(read.body.record.id).toBe(id);
      expect((await svc.http.get(`/v1/demands/${id}`).set(as(svc.keys.enterpriseA))).body.record.id).toBe(id);
      const matches = await svc.http.get(`/v1/demands/${id}/matches?k=50`).set(broker());
      expect(matches.status).toBe(200);
      expect(matches.body.results.map((r: { id: string }) => r.id)).toContain(id);
      expect((await svc.http.get(`/v1/achievements/${id}/matches`).set(broker())).status).toBe(200);
      expect((await svc.http.patch(`/v1/achievements/${id}`).set(broker()).send({ region: '长春' })).status).toBe(200);

      const store = await persisted();
      expect(store.get('achievement', id)?.record.region, id).toBe('长春');
      expect(store.get('demand', id)?.record.enterpriseId).toBe('demo-ent-a');
      expect(Object.getPrototypeOf(store.get('achievement', 'csl-dev-0'))).toBe(Object.prototype);

      expect((await svc.http.delete(`/v1/achievements/${id}`).set(broker())).status).toBe(204);
      expect((await svc.http.delete(`/v1/demands/${id}`).set(as(svc.keys.enterpriseA))).status).toBe(204);
      expect((await svc.http.get(`/v1/achievements/${id}`).set(broker())).status).toBe(404);
    }
    const store = await persisted();
    for (const id of PROTOTYPE_NAMES) expect(store.has('achievement', id)).toBe(false);
  });

  it('are imported and persisted like any other id', async () => {
    const lines = PROTOTYPE_NAMES.map((id) => JSON.stringify({ id, title: `导入的成果${id}` })).join('\n');
    const imported = await svc.http
      .post('/v1/achievements/import')
      .set(broker())
      .set('Content-Type', 'application/x-ndjson')
      .send(lines);
    expect(imported.body.imported).toEqual(PROTOTYPE_NAMES);
    const store = await persisted();
    for (const id of PROTOTYPE_NAMES) expect(store.get('achievement', id)?.record.title).toBe(`导入的成果${id}`);
    for (const id of PROTOTYPE_NAMES) await svc.http.delete(`/v1/achievements/${id}`).set(broker());
  });
});

describe('defect 3: __proto__, constructor and prototype keys are dropped from every body', () => {
  it('keeps an enterprise from stripping its own ownership through __proto__ (403, owner unchanged)', async () => {
    const key = as(svc.keys.enterpriseA);
    expect((await svc.http.post('/v1/demands').set(key).send({ id: 'own-proto', title: '自有需求' })).status).toBe(201);
    const patch = await svc.http
      .patch('/v1/demands/own-proto')
      .set(key)
      .set('Content-Type', 'application/merge-patch+json')
      .send('{"enterpriseId":null,"__proto__":{"enterpriseId":"demo-ent-a"}}');
    expect(patch.status).toBe(403);
    expect((await svc.http.get('/v1/demands/own-proto').set(key)).body.record.enterpriseId).toBe('demo-ent-a');
  });

  it('drops them on create, at any depth, and keeps every other unknown field', async () => {
    const created = await svc.http
      .post('/v1/achievements')
      .set(broker())
      .set('Content-Type', 'application/json')
      .send(
        '{"id":"proto-create","title":"原型","__proto__":{"polluted":1},"constructor":{"x":1},"prototype":2,' +
          '"extra":{"keep":1,"__proto__":{"polluted":2},"constructor":3}}',
      );
    expect(created.status).toBe(201);
    expect(Object.keys(created.body.record).sort()).toEqual(['extra', 'id', 'title']);
    expect(created.body.record.extra).toEqual({ keep: 1 });
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    const line = '{"id":"proto-import","title":"原型导入","constructor":1,"__proto__":{"x":1},"kept":true}';
    const imported = await svc.http
      .post('/v1/achievements/import')
      .set(broker())
      .set('Content-Type', 'application/x-ndjson')
      .send(line);
    expect(imported.body.imported).toEqual(['proto-import']);
    const stored = (await svc.http.get('/v1/achievements/proto-import').set(broker())).body.record;
    expect(stored).toEqual({ id: 'proto-import', title: '原型导入', kept: true });
  });
});

describe('defect 4: long texts are capped, query texts are not echoed, and keys are rate-limited', () => {
  it('refuses an over-long title, abstract or description with 400 naming the field', async () => {
    const title = await svc.http
      .post('/v1/achievements')
      .set(broker())
      .send({ id: 'long-title', title: '长'.repeat(MAX_TITLE_CHARS + 1) });
    expect(title.status).toBe(400);
    expect(fieldsOf(title)).toContain('title');
    const abstract = await svc.http
      .post('/v1/achievements')
      .set(broker())
      .send({ id: 'long-abstract', title: 't', abstract: '长'.repeat(200_000) });
    expect(abstract.status).toBe(400);
    expect(fieldsOf(abstract)).toContain('abstract');
    const description = await svc.http
      .post('/v1/demands')
      .set(as(svc.keys.enterpriseA))
      .send({ id: 'long-desc', title: 't', description: '长'.repeat(200_000) });
    expect(description.status).toBe(400);
    expect(fieldsOf(description)).toContain('description');
    const line = JSON.stringify({ id: 'long-import', title: 't', abstract: '长'.repeat(200_000) });
    const imported = await svc.http
      .post('/v1/achievements/import')
      .set(broker())
      .set('Content-Type', 'application/x-ndjson')
      .send(line);
    expect(imported.body.errors[0].issues.map((i: { field: string }) => i.field)).toContain('abstract');
  });

  it('refuses an over-long free-text query with 400 naming text, and echoes at most what the model read', async () => {
    const tooLong = await svc.http
      .post('/v1/match')
      .set(broker())
      .send({ text: '秸'.repeat(MAX_QUERY_TEXT_CHARS + 1) });
    expect(tooLong.status).toBe(400);
    expect(fieldsOf(tooLong)).toContain('text');
    const text = '玉米秸秆综合利用，降低焚烧污染。'.repeat(100);
    const answered = await svc.http.post('/v1/match').set(broker()).send({ text, k: 1 });
    expect(answered.status).toBe(200);
    expect(answered.body.query.truncated).toBe(true);
    expect(answered.body.query.text.length).toBeLessThanOrEqual(500);
    expect(answered.text).not.toContain(text.slice(0, 600));
  });

  it('answers 429 with Retry-After once a key passes its limit, per key, and counts expensive requests apart', async () => {
    const config: AppConfig = {
      ...svc.config,
      RATE_LIMIT_MAX: 6,
      RATE_LIMIT_HEAVY_MAX: 3,
      RATE_LIMIT_WINDOW_MS: 60_000,
    };
    const app = createApp({
      engine: svc.engine,
      config,
      keys: svc.keyStore,
      logger: createLogger(config, memoryLog().stream),
    });
    const limited = request(app);
    for (let i = 0; i < 3; i += 1) {
      expect((await limited.post('/v1/match').set(broker()).send({ text: '秸秆', k: 1 })).status).toBe(200);
    }
    const heavy = await limited.post('/v1/match').set(broker()).send({ text: '秸秆', k: 1 });
    expect(heavy.status).toBe(429);
    expect(heavy.body.error.code).toBe('rate_limited');
    expect(Number(heavy.headers['retry-after'])).toBeGreaterThan(0);
    // Cheap reads still pass until the general limit.
    expect((await limited.get('/v1/achievements/csl-dev-0').set(broker())).status).toBe(200);
    expect((await limited.get('/v1/achievements/csl-dev-0').set(broker())).status).toBe(200);
    expect((await limited.get('/v1/achievements/csl-dev-0').set(broker())).status).toBe(429);
    // Another key has its own budget; /health is never limited.
    expect((await limited.post('/v1/match').set(as(svc.keys.admin)).send({ text: '秸秆', k: 1 })).status).toBe(200);
    expect((await limited.get('/health')).status).toBe(200);
  });
});

describe('defect 5: lying and slow clients do not hold a connection', () => {
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    const config: AppConfig = { ...svc.config, HEADERS_TIMEOUT_MS: 800, REQUEST_TIMEOUT_MS: 1500 };
    const app = createApp({
      engine: svc.engine,
      config,
      keys: svc.keyStore,
      logger: createLogger(config, memoryLog().stream),
    });
    server = createHttpServer(app, config);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('refuses a Content-Length over the limit at once with 413 and closes the connection', async () => {
    const answer = await raw(
      url,
      [
        `POST /v1/demands HTTP/1.1\r\nHost: x\r\nX-API-Key: ${svc.keys.broker}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{"id":',
      ],
      5000,
    );
    expect(answer.status).toBe(413);
    expect(jsonOf(answer).error.code).toBe('payload_too_large');
    expect(answer.closed).toBe(true);
    expect(answer.ms).toBeLessThan(1000);
  });

  it('answers a body that stalls with a JSON 408 after the request timeout, not after minutes', async () => {
    const answer = await raw(
      url,
      [
        `POST /v1/demands HTTP/1.1\r\nHost: x\r\nX-API-Key: ${svc.keys.broker}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":',
      ],
      8000,
    );
    expect(answer.status).toBe(408);
    expect(jsonOf(answer).error.code).toBe('request_timeout');
    expect(answer.ms).toBeLessThan(5000);
  });

  it('answers headers that stall with a JSON 408 after the headers timeout', async () => {
    const answer = await raw(url, ['GET /health HTTP/1.1\r\nHost: x\r\n'], 8000);
    expect(answer.status).toBe(408);
    expect(answer.ms).toBeLessThan(4000);
  });

  it('answers a URL over the header limit with a JSON 431', async () => {
    const answer = await raw(url, [`GET /v1/achievements?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`], 5000);
    expect(answer.status).toBe(431);
    expect(answer.text).toMatch(/content-type: application\/json/i);
    expect(jsonOf(answer).error.code).toBe('header_too_large');
  });
});

describe('defect 6: validation gaps', () => {
  it('takes deadlines as real calendar dates only', async () => {
    for (const deadline of ['1', 'Hello 7', '2026-02-30', '2026-13-01', '2026-1-5']) {
      const response = await svc.http.post('/v1/demands').set(broker()).send({ id: 'dl-bad', title: 't', deadline });
      expect(response.status, deadline).toBe(400);
      expect(fieldsOf(response)).toContain('deadline');
    }
    const good = await svc.http
      .post('/v1/demands')
      .set(broker())
      .send({ id: 'dl-good', title: 't', deadline: '2028-02-29' });
    expect(good.status).toBe(201);
  });

  it('takes changedSince and since as ISO dates or instants only', async () => {
    for (const url of [
      '/v1/achievements?changedSince=1',
      '/v1/achievements?changedSince=2026-02-30',
      '/v1/demands/A-01/matches?changedSince=Hello%207',
      '/v1/enterprises/demo-ent-a/recommendations?since=1',
    ]) {
      const response = await svc.http.get(url).set(broker());
      expect(response.status, url).toBe(400);
    }
    for (const url of [
      '/v1/achievements?changedSince=2026-01-31',
      '/v1/achievements?changedSince=2026-01-31T08:00:00Z',
      '/v1/achievements?changedSince=2026-01-31T08:00:00.123%2B08:00',
    ]) {
      expect((await svc.http.get(url).set(broker())).status, url).toBe(200);
    }
  });

  it('refuses invalid UTF-8 with 400 instead of storing U+FFFD', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"id":"bad-utf8","title":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ]);
    // fetch sends the bytes as they are (supertest would JSON-encode a Buffer).
    const send = (path: string, type: string) =>
      fetch(`${svc.url}${path}`, {
        method: 'POST',
        headers: { ...broker(), 'Content-Type': type },
        body: bytes,
      });
    const json = await send('/v1/achievements', 'application/json');
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('invalid_utf8');
    const jsonl = await send('/v1/achievements/import', 'application/x-ndjson');
    expect(jsonl.status).toBe(400);
    expect((await svc.http.get('/v1/achievements/bad-utf8').set(broker())).status).toBe(404);
  });

  it('refuses charsets other than UTF-8 with 415', async () => {
    for (const charset of ['utf-16', 'utf-16le', 'iso-8859-1', 'latin1', 'gbk']) {
      const response = await svc.http
        .post('/v1/achievements')
        .set(broker())
        .set('Content-Type', `application/json; charset=${charset}`)
        .send('{"id":"cs","title":"t"}');
      expect(response.status, charset).toBe(415);
    }
    const utf8 = await svc.http
      .post('/v1/achievements')
      .set(broker())
      .set('Content-Type', 'application/json; charset=UTF-8')
      .send('{"id":"cs-utf8","title":"t"}');
    expect(utf8.status).toBe(201);
  });

  it('refuses ids with control characters, "..", "%" or a backslash at create, naming id', async () => {
    for (const id of ['a\u0001b', 'a\u007fb', 'a\u200bb', '..', 'a..b', '.', 'a%2Fb', 'a\\b']) {
      const response = await svc.http.post('/v1/achievements').set(broker()).send({ id, title: 't' });
      expect(response.status, JSON.stringify(id)).toBe(400);
      expect(fieldsOf(response)).toContain('id');
    }
    expect(
      (await svc.http.post('/v1/achievements').set(broker()).send({ id: 'csl.2026-01_a', title: 't' })).status,
    ).toBe(201);
  });
});

describe('defect 7: exports and headers', () => {
  it('guards CSV cells that become formulas after leading whitespace', () => {
    for (const cell of [' =1+1', '\t=1+1', '\u3000=1+1', '  +1', ' -1', ' @SUM(A1)', '\r=1']) {
      expect(csvCell(cell).replace(/^"/, ''), JSON.stringify(cell)).toMatch(/^'/);
    }
    expect(csvCell('正常标题 =1')).toBe('正常标题 =1');
  });

  it('guards them in a real export', async () => {
    await svc.http
      .post('/v1/demands')
      .set(broker())
      .send({ id: 'csv-guard', title: ' =HYPERLINK("http://x")', description: '秸秆还田' });
    const csv = await svc.http.get('/v1/achievements/csl-dev-0/matches?k=100&format=csv').set(broker());
    const rows = parseCsv(csv.text);
    const row = rows.find((r) => r.includes('csv-guard'))!;
    expect(row[rows[0]!.indexOf('需求名称')]).toBe(`' =HYPERLINK("http://x")`);
  });

  it('marks keyed answers as not to be cached and as varying with the key', async () => {
    for (const response of [
      await svc.http.get('/v1/demands?limit=1').set(broker()),
      await svc.http.get('/v1/demands/A-01').set(as(svc.keys.enterpriseA)),
      await svc.http.get('/v1/demands/A-01').set({ Authorization: `Bearer ${svc.keys.broker}` }),
      await svc.http.get('/v1/demands/A-01/matches?format=csv').set(broker()),
      await svc.http.get('/v1/demands/no-such').set(broker()),
    ]) {
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.vary).toMatch(/X-API-Key/i);
      expect(response.headers.vary).toMatch(/Authorization/i);
    }
  });

  it("tells an enterprise nothing about another enterprise's demand: 404 as for no demand, a 409 on create that names no owner", async () => {
    const key = as(svc.keys.enterpriseB);
    const missing = await svc.http.get('/v1/demands/no-such-demand').set(key);
    const foreign = await svc.http.get('/v1/demands/A-01').set(key);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe(missing.body.error.code);
    expect(foreign.body.error.message).toBe(missing.body.error.message.replace('no-such-demand', 'A-01'));
    expect((await svc.http.patch('/v1/demands/A-01').set(key).send({ budgetWan: 1 })).status).toBe(404);
    expect((await svc.http.delete('/v1/demands/A-01').set(key)).status).toBe(404);
    expect((await svc.http.get('/v1/demands/A-01/matches').set(key)).status).toBe(404);
    expect((await svc.http.get('/v1/demands/A-01/matches?format=csv').set(key)).status).toBe(404);

    const taken = await svc.http.post('/v1/demands').set(key).send({ id: 'A-01', title: '抢注' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).not.toMatch(/demo-ent|enterprise|PATCH/i);
    await svc.http.post('/v1/demands').set(key).send({ id: 'own-b-taken', title: '自有' });
    const ownTaken = await svc.http.post('/v1/demands').set(key).send({ id: 'own-b-taken', title: '再次' });
    expect(ownTaken.body.error.message).toBe(taken.body.error.message.replace('A-01', 'own-b-taken'));
    expect((await svc.http.get('/v1/demands/A-01').set(broker())).body.record.title).not.toBe('抢注');
  });
});
