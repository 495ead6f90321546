import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Achievement, Demand } from '../../src/domain/index.js';
import { MAX_EMBEDDED_CHARS } from '../../src/text/index.js';
import { asBytes, demoDemands, parseCsv, startTestService, type TestService } from './helpers.js';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
});

afterAll(async () => {
  await svc?.close();
});

const broker = () => ({ 'X-API-Key': svc.keys.broker });

interface Result<T> {
  rank: number;
  id: string;
  score: number;
  components: {
    fused: number;
    dense: number | null;
    lexical: number | null;
    denseRank: number | null;
    lexicalRank: number | null;
  };
  sharedTerms: string[];
  industry: string;
  industryMatch: boolean;
  reason: string;
  record: T;
}

function expectExplainedRanking<T>(results: Result<T>[], firstRank = 1) {
  expect(results.length).toBeGreaterThan(0);
  results.forEach((r, i) => {
    expect(r.rank).toBe(firstRank + i);
    expect(r.reason).toMatch(/[\u4e00-\u9fff]+.*。$/);
    expect(Array.isArray(r.sharedTerms)).toBe(true);
    expect(typeof r.industryMatch).toBe('boolean');
    expect(r.components.denseRank !== null || r.components.lexicalRank !== null).toBe(true);
    if (i > 0) expect(r.score).toBeLessThanOrEqual(results[i - 1]!.score);
  });
}

describe('match lists', () => {
  it('returns ranked, explained achievements for a stored demand', async () => {
    const response = await svc.http.get('/v1/demands/A-01/matches?k=10').set(broker());
    expect(response.status).toBe(200);
    expect(response.body.query.id).toBe('A-01');
    expect(response.body.k).toBe(10);
    expect(response.body.results).toHaveLength(10);
    expectExplainedRanking<Achievement>(response.body.results);
    const withTerms = response.body.results.filter((r: Result<Achievement>) => r.sharedTerms.length > 0);
    for (const r of withTerms) expect(r.reason).toContain(r.sharedTerms[0]);
  });

  it('applies the catalogue filters to demand matches', async () => {
    const response = await svc.http
      .get('/v1/demands/B-13/matches?k=20&maturity=中试,产业化&fiscalFunded=false')
      .set(broker());
    expect(response.status).toBe(200);
    expect(response.body.results.length).toBeGreaterThan(0);
    for (const r of response.body.results as Result<Achievement>[]) {
      expect(['中试', '产业化']).toContain(r.record.maturity);
      expect(r.record.fiscalFunded).toBe(false);
    }
  });

  it('pages match lists: page 2 continues page 1 exactly', async () => {
    const whole = await svc.http.get('/v1/demands/C-01/matches?k=10').set(broker());
    const first = await svc.http.get('/v1/demands/C-01/matches?k=5&page=1').set(broker());
    const second = await svc.http.get('/v1/demands/C-01/matches?k=5&page=2').set(broker());
    const ids = (r: { body: { results: Result<Achievement>[] } }) => r.body.results.map((x) => x.id);
    expect([...ids(first), ...ids(second)]).toEqual(ids(whole));
    expect(second.body.results[0].rank).toBe(6);
    expect(second.body.offset).toBe(5);
  });

  it('returns ranked, explained demands for a stored achievement, filtered by industry', async () => {
    const achievement = svc.engine.store.all('achievement')[0]!.record;
    const response = await svc.http.get(`/v1/achievements/${achievement.id}/matches?k=40`).set(broker());
    expect(response.status).toBe(200);
    expectExplainedRanking<Demand>(response.body.results);
    const industry = (response.body.results[0] as Result<Demand>).industry;
    const filtered = await svc.http
      .get(`/v1/achievements/${achievement.id}/matches?k=40&industry=${encodeURIComponent(industry)}`)
      .set(broker());
    const expected = demoDemands()
      .filter((d) => d.industry === industry)
      .map((d) => d.id)
      .sort();
    expect(filtered.body.results.map((r: Result<Demand>) => r.id).sort()).toEqual(expected);
  });

  it('matches free text against achievements and against demands', async () => {
    const demand = demoDemands().find((d) => d.id === 'D-07')!;
    const toAchievements = await svc.http.post('/v1/match').set(broker()).send({ text: demand.description, k: 5 });
    expect(toAchievements.status).toBe(200);
    expectExplainedRanking<Achievement>(toAchievements.body.results);
    expect(toAchievements.body.query.truncated).toBe(false);

    const toDemands = await svc.http
      .post('/v1/match')
      .set(broker())
      .send({ text: `${demand.title}。${demand.description}`, against: 'demands', k: 3 });
    expect(toDemands.status).toBe(200);
    expect(toDemands.body.results[0].id).toBe('D-07');
  });

  it('reports a free-text query longer than the model reads as truncated', async () => {
    const text = '盐碱地改良与耐盐作物筛选。'.repeat(Math.ceil(MAX_EMBEDDED_CHARS / 10));
    const response = await svc.http
      .post('/v1/match')
      .set(broker())
      .send({ text, filters: { industry: ['现代农业'] } });
    expect(response.status).toBe(200);
    expect(response.body.query.truncated).toBe(true);
  });
});

describe('CSV export', () => {
  it('exports a match list as UTF-8 CSV with BOM and Chinese headers, rows in the JSON order', async () => {
    const json = await svc.http.get('/v1/demands/A-04/matches?k=15').set(broker());
    const csv = await svc.http
      .get('/v1/demands/A-04/matches?k=15&format=csv')
      .set(broker())
      .buffer(true)
      .parse(asBytes);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="?matches-demand-A-04\.csv"?$/);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(
      expect.arrayContaining(['排名', '成果编号', '成果名称', '综合得分', '共同关键词', '匹配理由', '成熟度']),
    );
    const idColumn = rows[0]!.indexOf('成果编号');
    expect(rows.slice(1).map((row) => row[idColumn])).toEqual(json.body.results.map((r: Result<Achievement>) => r.id));
    const reasonColumn = rows[0]!.indexOf('匹配理由');
    expect(rows[1]![reasonColumn]).toBe(json.body.results[0].reason);
  });

  it('gives the same export for Accept: text/csv, for demand lists and for free text', async () => {
    const achievement = svc.engine.store.all('achievement')[5]!.record;
    const viaHeader = await svc.http
      .get(`/v1/achievements/${achievement.id}/matches?k=5`)
      .set(broker())
      .set('Accept', 'text/csv');
    const viaFormat = await svc.http.get(`/v1/achievements/${achievement.id}/matches?k=5&format=csv`).set(broker());
    expect(viaHeader.headers['content-type']).toMatch(/^text\/csv/);
    expect(viaHeader.text).toBe(viaFormat.text);
    expect(parseCsv(viaHeader.text)[0]).toEqual(
      expect.arrayContaining(['需求编号', '需求名称', '需求企业', '预算（万元）']),
    );

    const free = await svc.http.post('/v1/match?format=csv').set(broker()).send({ text: '光伏组件故障诊断', k: 4 });
    expect(free.headers['content-type']).toMatch(/^text\/csv/);
    expect(parseCsv(free.text)).toHaveLength(5);
  });

  it('quotes commas, quotes and line breaks, and defuses cells Excel would run as formulas', async () => {
    const title = '=HYPERLINK("http://x"),动力电池\n热管理';
    await svc.http
      .post('/v1/achievements')
      .set(broker())
      .send({ id: 'csv-tricky', title, abstract: '动力电池模组温差控制，均温散热' });
    const csv = await svc.http.post('/v1/match?format=csv').set(broker()).send({ text: title, k: 3 });
    const rows = parseCsv(csv.text);
    const header = rows[0]!;
    const row = rows.find((r) => r[header.indexOf('成果编号')] === 'csv-tricky');
    expect(row?.[header.indexOf('成果名称')]).toBe(`'${title}`);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
  });
});

describe('recommendations', () => {
  const entA = () => demoDemands().filter((d) => d.enterpriseId === 'demo-ent-a');

  it("merges an enterprise's open demands into one list without duplicates, naming the demands each result serves", async () => {
    const response = await svc.http.get('/v1/enterprises/demo-ent-a/recommendations?k=30').set(broker());
    expect(response.status).toBe(200);
    const ownIds = entA()
      .map((d) => d.id)
      .sort();
    expect(response.body.demands.map((d: { id: string }) => d.id).sort()).toEqual(ownIds);
    const ids = response.body.results.map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(ids.length);
    const served = new Map<string, string[]>();
    for (const r of response.body.results as {
      id: string;
      score: number;
      serves: { demandId: string; score: number; reason: string }[];
    }[]) {
      expect(r.serves.length).toBeGreaterThan(0);
      expect(r.score).toBe(Math.max(...r.serves.map((s) => s.score)));
      for (const s of r.serves) {
        expect(ownIds).toContain(s.demandId);
        served.set(s.demandId, [...(served.get(s.demandId) ?? []), r.id]);
      }
    }
    // Each claim "serves demand X" holds in X's own match list.
    for (const [demandId, achievementIds] of served) {
      const own = await svc.http.get(`/v1/demands/${demandId}/matches?k=30`).set(broker());
      const ownResults = own.body.results.map((r: { id: string }) => r.id);
      for (const id of achievementIds) expect(ownResults).toContain(id);
    }
  });

  it('pages recommendations exactly: page 2 continues page 1', async () => {
    const whole = await svc.http.get('/v1/enterprises/demo-ent-b/recommendations?k=20').set(broker());
    const second = await svc.http.get('/v1/enterprises/demo-ent-b/recommendations?k=10&page=2').set(broker());
    expect(second.body.results.map((r: { id: string }) => r.id)).toEqual(
      whole.body.results.slice(10).map((r: { id: string }) => r.id),
    );
    expect(second.body.results[0].rank).toBe(11);
  });

  it('leaves closed demands out', async () => {
    await svc.http.patch('/v1/demands/C-28').set(broker()).send({ status: 'closed' });
    const response = await svc.http.get('/v1/enterprises/demo-ent-c/recommendations?k=50').set(broker());
    expect(response.body.demands.map((d: { id: string }) => d.id)).not.toContain('C-28');
    for (const r of response.body.results)
      expect(r.serves.map((s: { demandId: string }) => s.demandId)).not.toContain('C-28');
  });

  it('with since, keeps only achievements published or changed at or after that instant', async () => {
    const since = new Date().toISOString();
    const demand = entA().find((d) => d.id === 'A-07')!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const created = await svc.http
      .post('/v1/achievements')
      .set(broker())
      .send({ id: 'rec-new-for-a', title: demand.title, abstract: demand.description });
    expect(created.status).toBe(201);
    const response = await svc.http
      .get(`/v1/enterprises/demo-ent-a/recommendations?since=${encodeURIComponent(since)}`)
      .set(broker());
    expect(response.status).toBe(200);
    expect(response.body.since).toBe(since);
    expect(response.body.results.map((r: { id: string }) => r.id)).toEqual(['rec-new-for-a']);
    expect(response.body.results[0].serves.map((s: { demandId: string }) => s.demandId)).toContain('A-07');

    const future = new Date(Date.now() + 60_000).toISOString();
    const none = await svc.http
      .get(`/v1/enterprises/demo-ent-a/recommendations?since=${encodeURIComponent(future)}`)
      .set(broker());
    expect(none.body.results).toEqual([]);
  });

  it('exports recommendations as CSV naming the demands served', async () => {
    const json = await svc.http.get('/v1/enterprises/demo-ent-d/recommendations?k=8').set(broker());
    const csv = await svc.http.get('/v1/enterprises/demo-ent-d/recommendations?k=8&format=csv').set(broker());
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(csv.text);
    const header = rows[0]!;
    expect(header).toEqual(
      expect.arrayContaining(['排名', '成果编号', '对应需求编号', '对应需求名称', '匹配理由', '更新时间']),
    );
    expect(rows.slice(1).map((r) => r[header.indexOf('对应需求编号')])).toEqual(
      json.body.results.map((r: { serves: { demandId: string }[] }) => r.serves.map((s) => s.demandId).join('、')),
    );
  });

  it('answers an enterprise without open demands with an empty list', async () => {
    const response = await svc.http.get('/v1/enterprises/no-such-enterprise/recommendations').set(broker());
    expect(response.status).toBe(200);
    expect(response.body.demands).toEqual([]);
    expect(response.body.results).toEqual([]);
  });
});
