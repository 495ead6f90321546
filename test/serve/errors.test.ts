import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_K } from '../../src/engine/index.js';
import { MAX_RANKED_DEPTH } from '../../src/serve/query.js';
import { startTestService, type TestService } from './helpers.js';

const BODY_LIMIT_BYTES = 4 * 1024;
const IMPORT_LIMIT_BYTES = 8 * 1024;

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({
    achievements: 40,
    config: { BODY_LIMIT: `${BODY_LIMIT_BYTES / 1024}kb`, IMPORT_LIMIT: `${IMPORT_LIMIT_BYTES / 1024}kb` },
  });
});

afterAll(async () => {
  await svc?.close();
});

const broker = () => ({ 'X-API-Key': svc.keys.broker });

/** Every error has one shape and carries no stack trace. */
function expectError(response: { status: number; body: unknown; text: string }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Object) } });
  expect(response.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(response.text).not.toContain('stack');
}

function fieldsOf(response: { body: { error: { details: { issues: { field: string }[] } } } }): string[] {
  return response.body.error.details.issues.map((i) => i.field);
}

describe('bad input', () => {
  it('answers malformed JSON with 400 malformed_json', async () => {
    const response = await svc.http
      .post('/v1/demands')
      .set(broker())
      .set('Content-Type', 'application/json')
      .send('{"id": "x", "title": ');
    expectError(response, 400, 'malformed_json');
  });

  it('answers a schema violation with 400 naming each field path', async () => {
    const achievement = await svc.http
      .post('/v1/achievements')
      .set(broker())
      .send({ id: 'bad-1', title: '  ', keywords: ['激光', 42], fiscalFunded: 'yes' });
    expectError(achievement, 400, 'validation_failed');
    expect(fieldsOf(achievement)).toEqual(expect.arrayContaining(['title', 'keywords.1', 'fiscalFunded']));

    const demand = await svc.http
      .post('/v1/demands')
      .set(broker())
      .send({ id: 'has space', title: '预算为负', budgetWan: -5, deadline: '下个月' });
    expectError(demand, 400, 'validation_failed');
    expect(fieldsOf(demand)).toEqual(expect.arrayContaining(['id', 'budgetWan', 'deadline']));

    const notAnObject = await svc.http
      .post('/v1/demands')
      .set(broker())
      .send([{ id: 'x', title: 'y' }]);
    expectError(notAnObject, 400, 'validation_failed');
  });

  it('answers an unknown id with 404 on read, change, delete and matching', async () => {
    expectError(await svc.http.get('/v1/achievements/no-such-id').set(broker()), 404, 'not_found');
    expectError(await svc.http.get('/v1/demands/no-such-id').set(broker()), 404, 'not_found');
    expectError(await svc.http.patch('/v1/demands/no-such-id').set(broker()).send({ title: 'x' }), 404, 'not_found');
    expectError(await svc.http.delete('/v1/achievements/no-such-id').set(broker()), 404, 'not_found');
    expectError(await svc.http.get('/v1/demands/no-such-id/matches').set(broker()), 404, 'not_found');
    expectError(await svc.http.get('/v1/achievements/no-such-id/matches').set(broker()), 404, 'not_found');
  });

  it('answers an unknown route with 404 in the same shape', async () => {
    expectError(await svc.http.get('/v1/nothing-here').set(broker()), 404, 'route_not_found');
    expectError(await svc.http.put('/v1/demands/A-01').set(broker()).send({}), 404, 'route_not_found');
  });

  it('answers a wrong or missing content type with 415 naming what is accepted', async () => {
    const asText = await svc.http
      .post('/v1/demands')
      .set(broker())
      .set('Content-Type', 'text/plain')
      .send('{"id":"x","title":"y"}');
    expectError(asText, 415, 'unsupported_media_type');
    expect(asText.body.error.details.accepted).toContain('application/json');
    const form = await svc.http.patch('/v1/demands/A-01').set(broker()).type('form').send({ title: 'x' });
    expectError(form, 415, 'unsupported_media_type');
    const importAsJson = await svc.http.post('/v1/achievements/import').set(broker()).send({ id: 'x', title: 'y' });
    expectError(importAsJson, 415, 'unsupported_media_type');
    expect(importAsJson.body.error.details.accepted).toContain('application/x-ndjson');
    const noType = await svc.http.post('/v1/match').set(broker());
    expectError(noType, 415, 'unsupported_media_type');
    const badCharset = await svc.http
      .post('/v1/demands')
      .set(broker())
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{"id":"x","title":"y"}');
    expectError(badCharset, 415, 'unsupported_media_type');
  });

  it('answers a body over the limit with 413, for records and for imports', async () => {
    const big = await svc.http
      .post('/v1/demands')
      .set(broker())
      .send({ id: 'big', title: '超长', description: '字'.repeat(BODY_LIMIT_BYTES) });
    expectError(big, 413, 'payload_too_large');
    expect(big.body.error.details.limitBytes).toBe(BODY_LIMIT_BYTES);
    const line = JSON.stringify({ id: 'imp', title: '批量导入'.repeat(20) });
    const bigImport = await svc.http
      .post('/v1/achievements/import')
      .set(broker())
      .set('Content-Type', 'application/x-ndjson')
      .send(Array.from({ length: Math.ceil(IMPORT_LIMIT_BYTES / line.length) + 1 }, () => line).join('\n'));
    expectError(bigImport, 413, 'payload_too_large');
  });

  it('answers k and page out of range with 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['/v1/demands/A-01/matches?k=0', 'k'],
      [`/v1/demands/A-01/matches?k=${MAX_K + 1}`, 'k'],
      ['/v1/demands/A-01/matches?k=ten', 'k'],
      ['/v1/demands/A-01/matches?k=2.5', 'k'],
      ['/v1/demands/A-01/matches?page=0', 'page'],
      ['/v1/demands/A-01/matches?page=-1', 'page'],
      [`/v1/demands/A-01/matches?k=${MAX_K}&page=${MAX_RANKED_DEPTH / MAX_K + 1}`, 'page'],
      ['/v1/achievements/csl-dev-0/matches?offset=-3', 'offset'],
      ['/v1/achievements?limit=0', 'limit'],
      [`/v1/achievements?limit=${MAX_K + 1}`, 'limit'],
      ['/v1/demands?page=0', 'page'],
      ['/v1/enterprises/demo-ent-a/recommendations?k=999', 'k'],
      ['/v1/demands/A-01/matches?page=2&offset=10', 'page'],
    ];
    for (const [url, field] of cases) {
      const response = await svc.http.get(url).set(broker());
      expectError(response, 400, 'validation_failed');
      expect(fieldsOf(response), url).toContain(field);
    }
  });

  it('answers bad filter values and unknown parameters with 400 naming them', async () => {
    const cases: [string, string][] = [
      ['/v1/achievements?industry=不存在的产业', 'industry'],
      ['/v1/achievements?maturity=量产', 'maturity'],
      ['/v1/achievements?fiscalFunded=maybe', 'fiscalFunded'],
      ['/v1/achievements?publishedQuarter=2025-3', 'publishedQuarter'],
      ['/v1/achievements?changedSince=yesterday', 'changedSince'],
      ['/v1/achievements?industy=汽车制造', 'industy'],
      ['/v1/demands?maturity=中试', 'maturity'],
      ['/v1/demands/A-01/matches?format=xlsx', 'format'],
      ['/v1/enterprises/demo-ent-a/recommendations?since=last-week', 'since'],
    ];
    for (const [url, field] of cases) {
      const response = await svc.http.get(encodeURI(url)).set(broker());
      expectError(response, 400, 'validation_failed');
      expect(fieldsOf(response), url).toContain(field);
    }
  });

  it('answers a bad free-text match body with 400 naming the fields', async () => {
    const response = await svc.http
      .post('/v1/match')
      .set(broker())
      .send({ text: '   ', against: 'patents', k: 0, filters: { maturity: ['量产'] }, extra: 1 });
    expectError(response, 400, 'validation_failed');
    expect(fieldsOf(response)).toEqual(expect.arrayContaining(['text', 'against', 'k', 'filters.maturity.0', 'extra']));
  });
});
