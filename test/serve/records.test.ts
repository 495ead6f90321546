import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Achievement } from '../../src/domain/index.js';
import { MAX_EMBEDDED_CHARS } from '../../src/text/index.js';
import { SLICE_ACHIEVEMENTS, demoDemands, demoLines, startTestService, type TestService } from './helpers.js';

let svc: TestService;
const sliceAchievements = () =>
  demoLines('achievement', 0, SLICE_ACHIEVEMENTS).map((line) => JSON.parse(line) as Achievement);

beforeAll(async () => {
  svc = await startTestService();
});

afterAll(async () => {
  await svc?.close();
});

const broker = () => ({ 'X-API-Key': svc.keys.broker });

describe('achievements and demands: create, read, change, delete', () => {
  it('creates an achievement (201, Location) and returns it exactly as sent, HTML and unknown fields included', async () => {
    const sent = {
      id: 'rec-html',
      title: '<b>高强钢</b>激光焊接 & "工艺"',
      abstract: '<script>alert(1)</script>焊缝强度',
      publisherNote: { batch: 7 },
    };
    const created = await svc.http.post('/v1/achievements').set(broker()).send(sent);
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe('/v1/achievements/rec-html');
    expect(created.body.truncated).toBe(false);
    const read = await svc.http.get('/v1/achievements/rec-html').set(broker());
    expect(read.status).toBe(200);
    expect(read.body.record).toEqual(sent);
    expect(read.body.meta.industry).toEqual(expect.any(String));
    expect(read.headers['x-content-type-options']).toBe('nosniff');
  });

  it('shows a created achievement in the matches of a demand within a second, and drops it there once deleted', async () => {
    const demand = demoDemands().find((d) => d.id === 'A-01')!;
    // The broker has the demand's list open already: its own first match (with the second stage, the
    // demand's sentences through the model, slow on a cold embedding cache) is not what is timed here.
    expect((await svc.http.get('/v1/demands/A-01/matches?k=5').set(broker())).status).toBe(200);
    const started = performance.now();
    const created = await svc.http
      .post('/v1/achievements')
      .set(broker())
      .send({
        id: 'rec-fresh',
        title: demand.title,
        abstract: demand.description,
        keywords: ['动力电池', '温度场仿真'],
      });
    expect(created.status).toBe(201);
    const matches = await svc.http.get('/v1/demands/A-01/matches?k=5').set(broker());
    const elapsed = performance.now() - started;
    expect(matches.body.results.map((r: { id: string }) => r.id)).toContain('rec-fresh');
    expect(elapsed).toBeLessThan(1000);

    expect((await svc.http.delete('/v1/achievements/rec-fresh').set(broker())).status).toBe(204);
    expect((await svc.http.get('/v1/achievements/rec-fresh').set(broker())).status).toBe(404);
    const after = await svc.http.get('/v1/demands/A-01/matches?k=50').set(broker());
    expect(after.body.results.map((r: { id: string }) => r.id)).not.toContain('rec-fresh');
  });

  it('refuses to create a record whose id exists (409) and leaves the stored one unchanged', async () => {
    const existing = sliceAchievements()[0]!;
    const response = await svc.http.post('/v1/achievements').set(broker()).send({ id: existing.id, title: '覆盖' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('conflict');
    const read = await svc.http.get(`/v1/achievements/${existing.id}`).set(broker());
    expect(read.body.record.title).toBe(existing.title);
  });

  it('applies PATCH as a JSON merge patch: null removes a field, the rest is kept, createdAt stays', async () => {
    const original = sliceAchievements()[1]!;
    expect(original.maturity).toBeDefined();
    const before = await svc.http.get(`/v1/achievements/${original.id}`).set(broker());
    const patched = await svc.http
      .patch(`/v1/achievements/${original.id}`)
      .set(broker())
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ maturity: null, region: '吉林省四平市', contact: '王工' }));
    expect(patched.status).toBe(200);
    const expected: Record<string, unknown> = { ...original, region: '吉林省四平市', contact: '王工' };
    delete expected.maturity;
    expect(patched.body.record).toEqual(expected);
    expect(patched.body.meta.createdAt).toBe(before.body.meta.createdAt);
    expect(Date.parse(patched.body.meta.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.body.meta.updatedAt));
    const read = await svc.http.get(`/v1/achievements/${original.id}`).set(broker());
    expect(read.body.record).toEqual(expected);
  });

  it('validates the patched record with the full schema and names the failing field', async () => {
    const target = sliceAchievements()[2]!;
    const response = await svc.http
      .patch(`/v1/achievements/${target.id}`)
      .set(broker())
      .send({ maturity: '量产', keywords: ['a', 3] });
    expect(response.status).toBe(400);
    const fields = response.body.error.details.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['maturity', 'keywords.1']));
    const read = await svc.http.get(`/v1/achievements/${target.id}`).set(broker());
    expect(read.body.record).toEqual(target);
  });

  it('refuses a PATCH that changes the id', async () => {
    const target = sliceAchievements()[3]!;
    const response = await svc.http.patch(`/v1/achievements/${target.id}`).set(broker()).send({ id: 'renamed' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.issues[0].field).toBe('id');
  });

  it('stores over-long text exactly as sent and reports that it was embedded truncated', async () => {
    const abstract = '本成果涉及高寒地区玉米秸秆还田与黑土地保护性耕作。'.repeat(
      Math.ceil((MAX_EMBEDDED_CHARS * 3) / 25),
    );
    const created = await svc.http
      .post('/v1/achievements')
      .set(broker())
      .send({ id: 'rec-long', title: '黑土地保护性耕作', abstract });
    expect(created.status).toBe(201);
    expect(created.body.truncated).toBe(true);
    const read = await svc.http.get('/v1/achievements/rec-long').set(broker());
    expect(read.body.record.abstract).toBe(abstract);
    const demand = await svc.http
      .post('/v1/demands')
      .set(broker())
      .send({ id: 'dem-long', title: '秸秆还田', description: abstract });
    expect(demand.body.truncated).toBe(true);
  });

  it('patches and deletes demands the same way', async () => {
    const created = await svc.http
      .post('/v1/demands')
      .set(broker())
      .send({ id: 'dem-crud', title: '玉米深加工副产物利用', budgetWan: 20, enterpriseId: 'demo-ent-c' });
    expect(created.status).toBe(201);
    const patched = await svc.http
      .patch('/v1/demands/dem-crud')
      .set(broker())
      .send({ budgetWan: null, status: 'closed' });
    expect(patched.body.record).toEqual({
      id: 'dem-crud',
      title: '玉米深加工副产物利用',
      enterpriseId: 'demo-ent-c',
      status: 'closed',
    });
    expect((await svc.http.delete('/v1/demands/dem-crud').set(broker())).status).toBe(204);
    expect((await svc.http.get('/v1/demands/dem-crud').set(broker())).status).toBe(404);
  });
});

describe('lists: filters, free text and paging', () => {
  it('filters achievements by maturity, fiscal funding and quarter, counting exactly the matching records', async () => {
    const response = await svc.http
      .get('/v1/achievements?maturity=中试,小试&fiscalFunded=true&limit=200')
      .set(broker());
    expect(response.status).toBe(200);
    const fromStore = svc.engine.store
      .all('achievement')
      .filter((s) => ['中试', '小试'].includes(s.record.maturity ?? '') && s.record.fiscalFunded === true)
      .map((s) => s.record.id)
      .sort();
    expect(response.body.total).toBe(fromStore.length);
    expect(response.body.items.map((i: { record: Achievement }) => i.record.id).sort()).toEqual(fromStore);

    const quarter = sliceAchievements().find((a) => a.publishedQuarter)!.publishedQuarter!;
    const byQuarter = await svc.http.get(`/v1/achievements?publishedQuarter=${quarter}&limit=200`).set(broker());
    expect(byQuarter.body.items.length).toBeGreaterThan(0);
    for (const item of byQuarter.body.items) expect(item.record.publishedQuarter).toBe(quarter);
  });

  it('filters demands by industry, region and cooperation mode as given in the data', async () => {
    const expected = demoDemands().filter((d) => d.industry === '汽车制造' || d.industry === '现代能源');
    const response = await svc.http
      .get(`/v1/demands?industry=${encodeURIComponent('汽车制造,现代能源')}&limit=200`)
      .set(broker());
    expect(response.body.items.map((i: { record: { id: string } }) => i.record.id).sort()).toEqual(
      expected.map((d) => d.id).sort(),
    );

    const region = demoDemands()[0]!.region!;
    const byRegion = await svc.http
      .get(`/v1/demands?region=${encodeURIComponent(region)}&cooperation=合作开发&limit=200`)
      .set(broker());
    const expectedIds = demoDemands()
      .filter((d) => (d.region ?? '').includes(region) && d.cooperation === '合作开发')
      .map((d) => d.id)
      .sort();
    expect(byRegion.body.items.map((i: { record: { id: string } }) => i.record.id).sort()).toEqual(expectedIds);
  });

  it('pages through a list without overlap or gaps', async () => {
    const total = (await svc.http.get('/v1/achievements?limit=1').set(broker())).body.total as number;
    const seen: string[] = [];
    for (let page = 1; (page - 1) * 40 < total; page += 1) {
      const response = await svc.http.get(`/v1/achievements?limit=40&page=${page}`).set(broker());
      expect(response.body.offset).toBe((page - 1) * 40);
      seen.push(...response.body.items.map((i: { record: { id: string } }) => i.record.id));
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    const byOffset = await svc.http.get('/v1/achievements?limit=40&offset=40').set(broker());
    expect(byOffset.body.items.map((i: { record: { id: string } }) => i.record.id)).toEqual(seen.slice(40, 80));
  });

  it('ranks the catalogue by free text q with the hybrid engine, explained, and keeps the filters', async () => {
    const target = sliceAchievements()[10]!;
    const response = await svc.http.get(`/v1/achievements?q=${encodeURIComponent(target.title)}&limit=5`).set(broker());
    expect(response.status).toBe(200);
    expect(response.body.items[0].record.id).toBe(target.id);
    expect(response.body.items[0].match.rank).toBe(1);
    expect(response.body.items[0].match.reason).toMatch(/[\u4e00-\u9fff]/);

    const filtered = await svc.http
      .get(`/v1/achievements?q=${encodeURIComponent(target.title)}&maturity=实验室&limit=20`)
      .set(broker());
    expect(filtered.body.items.length).toBeGreaterThan(0);
    for (const item of filtered.body.items) expect(item.record.maturity).toBe('实验室');
  });

  it('lists demands by status', async () => {
    await svc.http
      .post('/v1/demands')
      .set(broker())
      .send({ id: 'dem-closed', title: '已关闭的需求', status: 'closed' });
    const closed = await svc.http.get('/v1/demands?status=closed&limit=200').set(broker());
    expect(closed.body.items.map((i: { record: { id: string } }) => i.record.id)).toContain('dem-closed');
    for (const item of closed.body.items) expect(item.record.status).toBe('closed');
    const open = await svc.http.get('/v1/demands?status=open&limit=200').set(broker());
    expect(open.body.items.map((i: { record: { id: string } }) => i.record.id)).not.toContain('dem-closed');
  });
});

describe('bulk import', () => {
  it('imports the good JSONL lines and reports every bad line with its number and reason', async () => {
    const lines = [
      JSON.stringify({ id: 'imp-1', title: '寒地水稻旱育稀植技术', maturity: '产业化' }),
      '{"id": "imp-broken", "title": ',
      JSON.stringify({ id: 'imp-3' }),
      JSON.stringify({ id: 'imp-4', title: '玉米螟生物防治', maturity: '量产' }),
      '',
      JSON.stringify({ id: 'imp-1', title: '重复的编号' }),
      JSON.stringify({ id: 'imp-7', title: '人参皂苷提取工艺', keywords: ['人参', '皂苷'] }),
    ];
    const response = await svc.http
      .post('/v1/achievements/import')
      .set(broker())
      .set('Content-Type', 'application/x-ndjson')
      .send(lines.join('\n'));
    expect(response.status).toBe(200);
    expect(response.body.imported).toEqual(['imp-1', 'imp-7']);
    expect(response.body.rejectedCount).toBe(4);
    const byLine = Object.fromEntries(
      response.body.errors.map((e: { line: number; issues: { field: string }[] }) => [
        e.line,
        e.issues.map((i) => i.field),
      ]),
    );
    expect(byLine).toEqual({ 2: ['(line)'], 3: ['title'], 4: ['maturity'], 6: ['id'] });
    for (const id of ['imp-1', 'imp-7'])
      expect((await svc.http.get(`/v1/achievements/${id}`).set(broker())).status).toBe(200);
    expect((await svc.http.get('/v1/achievements/imp-4').set(broker())).status).toBe(404);
  });

  it('takes text/plain too, and reports which imported records were embedded truncated', async () => {
    const long = '长白山人参林下种植与品质控制。'.repeat(100);
    const body = [
      JSON.stringify({ id: 'imp-long', title: '林下参', description: long }),
      JSON.stringify({ id: 'imp-short', title: '短需求' }),
    ].join('\r\n');
    const response = await svc.http
      .post('/v1/demands/import')
      .set(broker())
      .set('Content-Type', 'text/plain; charset=utf-8')
      .send(body);
    expect(response.status).toBe(200);
    expect(response.body.imported).toEqual(['imp-long', 'imp-short']);
    expect(response.body.truncated).toEqual(['imp-long']);
    const read = await svc.http.get('/v1/demands/imp-long').set(broker());
    expect(read.body.record.description).toBe(long);
  });
});

describe('health', () => {
  it('reports the model, record counts and the index version without a key', async () => {
    const response = await svc.http.get('/health');
    expect(response.status).toBe(200);
    expect(response.body.model.loaded).toBe(true);
    expect(response.body.records).toEqual({
      achievements: svc.engine.store.count('achievement'),
      demands: svc.engine.store.count('demand'),
    });
    expect(response.body.index.version).toBe(svc.engine.manifest?.version);
    expect(Date.parse(response.body.index.builtAt)).not.toBeNaN();
  });
});
