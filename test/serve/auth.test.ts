import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, dataPaths } from '../../src/config/index.js';
import type { Demand } from '../../src/domain/index.js';
import { createApp, createLogger } from '../../src/serve/index.js';
import { demoDemands, memoryLog, parseCsv, startTestService, type TestService } from './helpers.js';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
});

afterAll(async () => {
  await svc?.close();
});

const as = (key: string) => ({ 'X-API-Key': key });
const ownIdsOf = (enterpriseId: string) =>
  demoDemands()
    .filter((d) => d.enterpriseId === enterpriseId)
    .map((d) => d.id)
    .sort();
const otherDemand = () => demoDemands().find((d) => d.enterpriseId === 'demo-ent-b')!;
const ownDemand = () => demoDemands().find((d) => d.enterpriseId === 'demo-ent-a')!;

/** One request of every endpoint family, for the rules that hold everywhere. */
const FAMILIES: { name: string; method: 'get' | 'post' | 'patch' | 'delete'; path: string; body?: object }[] = [
  { name: 'list achievements', method: 'get', path: '/v1/achievements' },
  { name: 'get achievement', method: 'get', path: '/v1/achievements/csl-dev-0' },
  { name: 'create achievement', method: 'post', path: '/v1/achievements', body: { id: 'auth-x', title: '标题' } },
  { name: 'patch achievement', method: 'patch', path: '/v1/achievements/csl-dev-0', body: { region: '长春' } },
  { name: 'delete achievement', method: 'delete', path: '/v1/achievements/csl-dev-0' },
  { name: 'list demands', method: 'get', path: '/v1/demands' },
  { name: 'get demand', method: 'get', path: '/v1/demands/A-01' },
  { name: 'create demand', method: 'post', path: '/v1/demands', body: { id: 'auth-y', title: '标题' } },
  { name: 'demand matches', method: 'get', path: '/v1/demands/A-01/matches' },
  { name: 'achievement matches', method: 'get', path: '/v1/achievements/csl-dev-0/matches' },
  { name: 'free-text match', method: 'post', path: '/v1/match', body: { text: '电池' } },
  { name: 'recommendations', method: 'get', path: '/v1/enterprises/demo-ent-a/recommendations' },
  { name: 'reload', method: 'post', path: '/v1/admin/reload' },
];

function send(family: (typeof FAMILIES)[number], headers: Record<string, string> = {}) {
  const req = svc.http[family.method](family.path).set(headers);
  return family.body ? req.send(family.body) : req;
}

describe('authentication', () => {
  it('answers 401 with the error shape when the key is missing, on every endpoint family', async () => {
    for (const family of FAMILIES) {
      const response = await send(family);
      expect(response.status, family.name).toBe(401);
      expect(response.body.error.code, family.name).toBe('unauthorized');
      expect(response.headers['www-authenticate'], family.name).toMatch(/^Bearer/);
    }
  });

  it('answers 401 for an unknown key, on every endpoint family', async () => {
    for (const family of FAMILIES) {
      const response = await send(family, as('kjcg_not-a-key'));
      expect(response.status, family.name).toBe(401);
    }
  });

  it('accepts the key as Authorization: Bearer too', async () => {
    const response = await svc.http.get('/v1/demands/A-01').set('Authorization', `Bearer ${svc.keys.broker}`);
    expect(response.status).toBe(200);
  });

  it('refuses a revoked key from its next request', async () => {
    const { key, entry } = await svc.keyStore.create({ role: 'broker', name: 'to revoke' });
    expect((await svc.http.get('/v1/demands').set(as(key))).status).toBe(200);
    await svc.keyStore.revoke(entry.id);
    expect((await svc.http.get('/v1/demands').set(as(key))).status).toBe(401);
  });

  it('keeps only hashes in the key file', () => {
    const text = fs.readFileSync(dataPaths(svc.config.DATA_DIR).keysFile, 'utf8');
    for (const key of Object.values(svc.keys)) expect(text).not.toContain(key);
    expect(JSON.parse(text).keys.every((k: { hash: string }) => /^[0-9a-f]{64}$/.test(k.hash))).toBe(true);
  });

  it('creates and revokes keys from the CLI, and the running service honours both without a restart', async () => {
    const cli = (...args: string[]) =>
      promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(REPO_ROOT, 'src/cli/main.ts'),
          '--data-dir',
          svc.config.DATA_DIR,
          'keys',
          ...args,
        ],
        { cwd: REPO_ROOT },
      );
    const created = await cli('create', '--role', 'enterprise', '--enterprise', 'demo-ent-c', '--name', 'CLI test');
    const key = created.stdout.trim();
    expect(key).toMatch(/^kjcg_/);
    const listed = await svc.http.get('/v1/demands?limit=200').set(as(key));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { record: Demand }) => i.record.id).sort()).toEqual(ownIdsOf('demo-ent-c'));

    const keyId = (await cli('list')).stdout
      .split('\n')
      .find((line) => line.includes('CLI test'))!
      .split('\t')[0]!;
    await cli('revoke', keyId);
    expect((await svc.http.get('/v1/demands').set(as(key))).status).toBe(401);
  }, 60_000);
});

describe('public catalogue', () => {
  it('refuses anonymous catalogue reads by default', async () => {
    expect((await svc.http.get('/v1/achievements')).status).toBe(401);
  });

  it('lets anyone read achievements when PUBLIC_CATALOGUE=true, and nothing else', async () => {
    const log = memoryLog();
    const config = { ...svc.config, PUBLIC_CATALOGUE: true };
    const server = http.createServer(
      createApp({ engine: svc.engine, config, keys: svc.keyStore, logger: createLogger(config, log.stream) }),
    );
    const anonymous = request(server);
    expect((await anonymous.get('/v1/achievements?limit=5')).status).toBe(200);
    expect((await anonymous.get('/v1/achievements/csl-dev-0')).status).toBe(200);
    expect((await anonymous.get('/v1/achievements?q=激光焊接')).status).toBe(200);
    expect((await anonymous.get('/v1/achievements').set(as('kjcg_wrong'))).status).toBe(401);
    expect((await anonymous.get('/v1/achievements/csl-dev-0/matches')).status).toBe(401);
    expect((await anonymous.get('/v1/demands')).status).toBe(401);
    expect((await anonymous.post('/v1/achievements').send({ id: 'anon', title: '匿名' })).status).toBe(401);
    expect((await anonymous.post('/v1/match').send({ text: '电池' })).status).toBe(401);
  });
});

describe('roles', () => {
  it('lets a broker read everything, write records and import, but not reload the index', async () => {
    const key = as(svc.keys.broker);
    expect((await svc.http.get(`/v1/demands/${otherDemand().id}`).set(key)).status).toBe(200);
    expect(
      (await svc.http.post('/v1/achievements').set(key).send({ id: 'broker-made', title: '经纪人录入的成果' })).status,
    ).toBe(201);
    expect(
      (
        await svc.http
          .post('/v1/demands/import')
          .set(key)
          .set('Content-Type', 'application/x-ndjson')
          .send('{"id":"broker-imp","title":"导入"}')
      ).status,
    ).toBe(200);
    const reload = await svc.http.post('/v1/admin/reload').set(key);
    expect(reload.status).toBe(403);
    expect(reload.body.error.code).toBe('forbidden');
  });

  it('lets an admin reload the index', async () => {
    const response = await svc.http.post('/v1/admin/reload').set(as(svc.keys.admin));
    expect(response.status).toBe(200);
    expect(typeof response.body.reloaded).toBe('boolean');
  });

  it('forbids an enterprise key to write achievements, import or reload (403)', async () => {
    const key = as(svc.keys.enterpriseA);
    expect(
      (await svc.http.post('/v1/achievements').set(key).send({ id: 'ent-ach', title: '企业写的成果' })).status,
    ).toBe(403);
    expect((await svc.http.patch('/v1/achievements/csl-dev-0').set(key).send({ region: '长春' })).status).toBe(403);
    expect((await svc.http.delete('/v1/achievements/csl-dev-0').set(key)).status).toBe(403);
    expect(
      (
        await svc.http
          .post('/v1/demands/import')
          .set(key)
          .set('Content-Type', 'text/plain')
          .send('{"id":"x","title":"y"}')
      ).status,
    ).toBe(403);
    expect(
      (
        await svc.http
          .post('/v1/achievements/import')
          .set(key)
          .set('Content-Type', 'text/plain')
          .send('{"id":"x","title":"y"}')
      ).status,
    ).toBe(403);
    expect((await svc.http.post('/v1/admin/reload').set(key)).status).toBe(403);
  });

  it('lets an enterprise key read the achievement catalogue', async () => {
    const key = as(svc.keys.enterpriseA);
    expect((await svc.http.get('/v1/achievements?limit=3').set(key)).status).toBe(200);
    expect((await svc.http.get('/v1/achievements/csl-dev-0').set(key)).status).toBe(200);
  });
});

describe('enterprise keys see and change only their own demands', () => {
  const key = () => as(svc.keys.enterpriseA);

  it('lists only its own demands, with or without free text, and refuses to list another enterprise (403)', async () => {
    const own = ownIdsOf('demo-ent-a');
    const listed = await svc.http.get('/v1/demands?limit=200').set(key());
    expect(listed.body.items.map((i: { record: Demand }) => i.record.id).sort()).toEqual(own);
    const searched = await svc.http.get(`/v1/demands?q=${encodeURIComponent(otherDemand().title)}&limit=50`).set(key());
    expect(searched.status).toBe(200);
    for (const item of searched.body.items) expect(item.record.enterpriseId).toBe('demo-ent-a');
    expect((await svc.http.get('/v1/demands?enterpriseId=demo-ent-b').set(key())).status).toBe(403);
    expect((await svc.http.get('/v1/demands?enterpriseId=demo-ent-a').set(key())).status).toBe(200);
  });

  it("reads its own demand, and another enterprise's is unknown to it (404)", async () => {
    expect((await svc.http.get(`/v1/demands/${ownDemand().id}`).set(key())).status).toBe(200);
    const other = await svc.http.get(`/v1/demands/${otherDemand().id}`).set(key());
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('not_found');
  });

  it("cannot match or export another enterprise's demand (404), but can its own", async () => {
    expect((await svc.http.get(`/v1/demands/${ownDemand().id}/matches`).set(key())).status).toBe(200);
    expect((await svc.http.get(`/v1/demands/${otherDemand().id}/matches`).set(key())).status).toBe(404);
    expect((await svc.http.get(`/v1/demands/${otherDemand().id}/matches?format=csv`).set(key())).status).toBe(404);
  });

  it("never sees another enterprise's demands in an achievement's matches, in JSON or CSV", async () => {
    const achievement = 'csl-dev-0';
    const all = await svc.http.get(`/v1/achievements/${achievement}/matches?k=40`).set(as(svc.keys.broker));
    expect(all.body.results.some((r: { record: Demand }) => r.record.enterpriseId !== 'demo-ent-a')).toBe(true);

    const json = await svc.http.get(`/v1/achievements/${achievement}/matches?k=40`).set(key());
    expect(json.body.results.map((r: { id: string }) => r.id).sort()).toEqual(ownIdsOf('demo-ent-a'));
    const csv = await svc.http.get(`/v1/achievements/${achievement}/matches?k=40&format=csv`).set(key());
    const rows = parseCsv(csv.text);
    const idColumn = rows[0]!.indexOf('需求编号');
    expect(
      rows
        .slice(1)
        .map((r) => r[idColumn])
        .sort(),
    ).toEqual(ownIdsOf('demo-ent-a'));
  });

  it("never sees another enterprise's demands when matching free text against demands", async () => {
    const text = `${otherDemand().title}。${otherDemand().description}`;
    const json = await svc.http.post('/v1/match').set(key()).send({ text, against: 'demands', k: 40 });
    expect(json.body.results.length).toBeGreaterThan(0);
    for (const r of json.body.results) expect(r.record.enterpriseId).toBe('demo-ent-a');
    const csv = await svc.http.post('/v1/match?format=csv').set(key()).send({ text, against: 'demands', k: 40 });
    const rows = parseCsv(csv.text);
    const enterpriseIds = new Set(rows.slice(1).map((r) => r[rows[0]!.indexOf('需求编号')]));
    for (const id of enterpriseIds) expect(ownIdsOf('demo-ent-a')).toContain(id);
  });

  it("reads its own recommendations but not another enterprise's, in JSON or CSV (403)", async () => {
    expect((await svc.http.get('/v1/enterprises/demo-ent-a/recommendations').set(key())).status).toBe(200);
    expect((await svc.http.get('/v1/enterprises/demo-ent-b/recommendations').set(key())).status).toBe(403);
    expect((await svc.http.get('/v1/enterprises/demo-ent-b/recommendations?format=csv').set(key())).status).toBe(403);
  });

  it('stamps its enterprise on the demands it creates and refuses to create one for another enterprise (403)', async () => {
    const created = await svc.http.post('/v1/demands').set(key()).send({ id: 'ent-a-new', title: '汽车座椅轻量化' });
    expect(created.status).toBe(201);
    expect(created.body.record.enterpriseId).toBe('demo-ent-a');
    const foreign = await svc.http
      .post('/v1/demands')
      .set(key())
      .send({ id: 'ent-a-foreign', title: '冒名需求', enterpriseId: 'demo-ent-b' });
    expect(foreign.status).toBe(403);
    expect((await svc.http.get('/v1/demands/ent-a-foreign').set(as(svc.keys.broker))).status).toBe(404);
  });

  it("edits and deletes its own demands only (another's is 404), and cannot hand one to another enterprise (403)", async () => {
    await svc.http.post('/v1/demands').set(key()).send({ id: 'ent-a-edit', title: '待修改的需求' });
    expect((await svc.http.patch('/v1/demands/ent-a-edit').set(key()).send({ budgetWan: 15 })).status).toBe(200);
    expect(
      (await svc.http.patch('/v1/demands/ent-a-edit').set(key()).send({ enterpriseId: 'demo-ent-b' })).status,
    ).toBe(403);
    expect((await svc.http.patch('/v1/demands/ent-a-edit').set(key()).send({ enterpriseId: null })).status).toBe(403);
    expect((await svc.http.patch(`/v1/demands/${otherDemand().id}`).set(key()).send({ budgetWan: 1 })).status).toBe(
      404,
    );
    expect((await svc.http.delete(`/v1/demands/${otherDemand().id}`).set(key())).status).toBe(404);
    expect((await svc.http.get(`/v1/demands/${otherDemand().id}`).set(as(svc.keys.broker))).body.record).toEqual(
      otherDemand(),
    );
    expect((await svc.http.delete('/v1/demands/ent-a-edit').set(key())).status).toBe(204);
  });
});

describe('logs', () => {
  it('are JSON lines naming the key id, and never hold an API key or a request body', async () => {
    const marker = '日志中不得出现的正文标记';
    await svc.http.post('/v1/demands').set(as(svc.keys.enterpriseA)).send({ id: 'log-check', title: marker });
    await svc.http.get('/v1/demands/log-check').set('Authorization', `Bearer ${svc.keys.enterpriseA}`);
    await svc.http.post('/v1/match').set(as(svc.keys.broker)).send({ text: marker });
    const entries = svc.logLines.map((line) => JSON.parse(line) as { keyId?: string; req?: { path: string } });
    expect(entries.some((e) => e.req?.path === '/v1/demands/log-check' && e.keyId?.startsWith('key_'))).toBe(true);
    const text = svc.logLines.join('\n');
    for (const key of Object.values(svc.keys)) expect(text).not.toContain(key);
    expect(text).not.toContain(marker);
  });
});
