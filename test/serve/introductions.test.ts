import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, startTestService, type TestService } from './helpers.js';

let svc: TestService;
/** Broker keys scoped to the 长春 sub-market and to the county node 珲春市 (B-25 is there). */
let brokerCC: string;
let brokerHunchun: string;
let brokerCCId: string;

beforeAll(async () => {
  svc = await startTestService();
  const cc = await svc.keyStore.create({ role: 'broker', scope: 'SM-CC' });
  brokerCC = cc.key;
  brokerCCId = cc.entry.id;
  brokerHunchun = (await svc.keyStore.create({ role: 'broker', scope: '222404' })).key;
});

afterAll(async () => {
  await svc?.close();
});

const as = (key: string) => ({ 'X-API-Key': key });
const CONTRACT = { type: '技术开发', amountWan: 85, signedOn: '2026-11-20', registrationNo: '2222010000777' };

function currentQuarter(): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  return `${now.getUTCFullYear()}Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}

async function topMatches(demandId: string, key = svc.keys.broker, query = '') {
  const response = await svc.http.get(`/v1/demands/${demandId}/matches?k=10${query}`).set(as(key));
  expect(response.status).toBe(200);
  return response.body.results as {
    id: string;
    rank: number;
    score: number;
    reason: string;
    introduction?: { state: string; introductionId: string };
    declined?: { reason: string };
  }[];
}

async function propose(demandId: string, achievementId: string, key = svc.keys.broker) {
  return svc.http.post('/v1/introductions').set(as(key)).send({ demandId, achievementId });
}

async function transition(id: string, key: string, body: object, etag?: string) {
  const request = svc.http.post(`/v1/introductions/${id}/transitions`).set(as(key));
  if (etag) request.set('If-Match', etag);
  return request.send(body);
}

describe('the walk-through: propose from a match, accept as the enterprise, sign, read the statistics', () => {
  it('ends in a contract counted in the quarter of the 长春 sub-market', async () => {
    const [first] = await topMatches('A-01', brokerCC);
    const created = await svc.http
      .post('/v1/introductions')
      .set(as(brokerCC))
      .send({
        demandId: 'A-01',
        achievementId: first!.id,
        match: { rank: first!.rank, score: first!.score, reason: first!.reason },
      });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.headers.location).toBe(`/v1/introductions/${created.body.id}`);
    expect(created.body).toMatchObject({ state: 'proposed', brokerKeyId: brokerCCId, match: { rank: first!.rank } });
    const id = created.body.id as string;

    const sent = await transition(id, brokerCC, { to: 'sent' }, created.headers.etag);
    expect(sent.status).toBe(200);
    const accepted = await transition(
      id,
      svc.keys.enterpriseA,
      { to: 'accepted', note: '愿意洽谈' },
      sent.headers.etag,
    );
    expect(accepted.status).toBe(200);
    expect(accepted.headers.etag).toBe('"3"');
    const signed = await transition(id, brokerCC, { to: 'signed', contract: CONTRACT }, accepted.headers.etag);
    expect(signed.status).toBe(200);
    expect(signed.body.contract).toEqual(CONTRACT);

    const history = await svc.http.get(`/v1/introductions/${id}/history`).set(as(svc.keys.enterpriseA));
    expect(history.body.history.map((h: { to: string; actor: { role: string } }) => `${h.to}:${h.actor.role}`)).toEqual(
      ['proposed:broker', 'sent:broker', 'accepted:enterprise', 'signed:broker'],
    );

    const contractQuarter = '2026Q4';
    const stats = await svc.http
      .get('/v1/introductions/statistics')
      .query({ period: contractQuarter, region: '长春分市场' })
      .set(as(svc.keys.admin));
    expect(stats.status).toBe(200);
    expect(stats.body.regionCode).toBe('SM-CC');
    expect(stats.body.totals.contracts).toMatchObject({ count: 1, totalWan: 85 });
    if (currentQuarter() === contractQuarter) {
      expect(stats.body.totals.reached).toEqual({ sent: 1, accepted: 1, signed: 1 });
      expect(stats.body.totals.signingRate).toBe(1);
    }

    // The scoped broker's statistics are its scope by default; another region is refused.
    const own = await svc.http.get('/v1/introductions/statistics').query({ period: contractQuarter }).set(as(brokerCC));
    expect(own.body.regionCode).toBe('SM-CC');
    const outside = await svc.http
      .get('/v1/introductions/statistics')
      .query({ region: '延边分市场' })
      .set(as(brokerCC));
    expect(outside.status).toBe(403);

    const csv = await svc.http
      .get('/v1/introductions/statistics')
      .query({ period: contractQuarter, groupBy: 'subMarket', format: 'csv' })
      .set(as(svc.keys.admin));
    const rows = parseCsv(csv.text);
    expect(rows[0]).toContain('合同金额（万元）');
    const total = rows.find((r) => r[0] === '合计')!;
    expect(Number(total[rows[0]!.indexOf('合同金额（万元）')])).toBe(85);
  });
});

describe('transitions over HTTP', () => {
  it('lets one of two transitions with the same If-Match win and answers the other 412', async () => {
    const created = await propose('A-04', (await topMatches('A-04'))[0]!.id);
    const id = created.body.id as string;
    const sent = await transition(id, svc.keys.broker, { to: 'sent' }, '"1"');
    const [a, b] = await Promise.all([
      transition(id, svc.keys.enterpriseA, { to: 'accepted' }, sent.headers.etag),
      transition(id, svc.keys.broker, { to: 'withdrawn' }, sent.headers.etag),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const loser = a.status === 412 ? a : b;
    expect(loser.body.error.code).toBe('version_conflict');
    const read = await svc.http.get(`/v1/introductions/${id}`).set(as(svc.keys.admin));
    expect(read.headers.etag).toBe('"3"');
    expect(read.body.history).toHaveLength(3);
  });

  it('answers an illegal move with 409 naming the allowed states, a wrong role with 403, bad input with 400 naming the field', async () => {
    const created = await propose('A-07', (await topMatches('A-07'))[0]!.id);
    const id = created.body.id as string;
    const illegal = await transition(id, svc.keys.broker, { to: 'signed', contract: CONTRACT });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.details).toEqual({ state: 'proposed', to: 'signed', allowed: ['sent', 'withdrawn'] });
    expect((await transition(id, svc.keys.enterpriseA, { to: 'sent' })).status).toBe(403);
    const bad = await transition(id, svc.keys.broker, { to: 'sent', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].field).toBe('extra');
    const badEtag = await transition(id, svc.keys.broker, { to: 'sent' }, 'yesterday');
    expect(badEtag.status).toBe(400);
    const duplicate = await propose('A-07', created.body.achievementId);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.details.introductionId).toBe(id);
    expect((await svc.http.get('/v1/introductions/int_nothing').set(as(svc.keys.admin))).status).toBe(404);
  });

  it('computes the match snapshot itself when the broker sends none', async () => {
    const [, second] = await topMatches('A-10');
    const created = await propose('A-10', second!.id);
    expect(created.body.match).toMatchObject({ rank: 2, reason: second!.reason });
  });
});

describe('scopes and ownership', () => {
  it('lets a county-node broker see and act on the demands of its county only', async () => {
    const list = await svc.http.get('/v1/demands?limit=100').set(as(brokerHunchun));
    expect(list.body.items.map((i: { record: { id: string } }) => i.record.id)).toEqual(['B-25']);
    expect((await svc.http.get('/v1/demands/A-01/matches').set(as(brokerHunchun))).status).toBe(404);
    expect((await svc.http.get('/v1/demands/B-25/matches').set(as(brokerHunchun))).status).toBe(200);
    expect((await propose('A-13', 'csl-dev-1', brokerHunchun)).status).toBe(404);
    const own = await propose('B-25', (await topMatches('B-25', brokerHunchun))[0]!.id, brokerHunchun);
    expect(own.status).toBe(201);
    // Achievements stay province-wide.
    expect((await svc.http.get('/v1/achievements?limit=5').set(as(brokerHunchun))).body.total).toBe(150);
    const mine = await svc.http.get('/v1/introductions').set(as(brokerHunchun));
    expect(mine.body.items.map((i: { demandId: string }) => i.demandId)).toEqual(['B-25']);
    const byCC = await svc.http.get(`/v1/introductions/${own.body.id}`).set(as(brokerCC));
    expect(byCC.status).toBe(404);
  });

  it('lets a scoped broker create and move demands inside its scope only, naming the region when refused', async () => {
    const create = (id: string, region?: string) =>
      svc.http
        .post('/v1/demands')
        .set(as(brokerHunchun))
        .send({ id, title: '人参深加工提取工艺', ...(region ? { region } : {}) });
    expect((await create('hc-inside', '吉林省延边朝鲜族自治州珲春市')).status).toBe(201);
    for (const refused of [await create('hc-outside', '长春市'), await create('hc-nowhere')]) {
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/^region: .*222404/);
    }
    expect((await svc.http.get('/v1/demands/hc-outside').set(as(svc.keys.broker))).status).toBe(404);
    const moved = await svc.http.patch('/v1/demands/hc-inside').set(as(brokerHunchun)).send({ region: '长春市' });
    expect(moved.status).toBe(403);
    expect((await svc.http.get('/v1/demands/hc-inside').set(as(brokerHunchun))).body.record.region).toBe(
      '吉林省延边朝鲜族自治州珲春市',
    );
    expect((await svc.http.delete('/v1/demands/hc-inside').set(as(brokerHunchun))).status).toBe(204);
  });

  it("keeps an enterprise to its own demands' introductions, and lets it request one", async () => {
    const achievement = (await topMatches('B-01'))[0]!.id;
    const forB = await propose('B-01', achievement);
    expect((await svc.http.get(`/v1/introductions/${forB.body.id}`).set(as(svc.keys.enterpriseA))).status).toBe(404);
    expect((await transition(forB.body.id, svc.keys.enterpriseA, { to: 'accepted' })).status).toBe(404);
    const listA = await svc.http.get('/v1/introductions?limit=100').set(as(svc.keys.enterpriseA));
    expect(
      listA.body.items.every((i: { demand: { enterpriseId: string } }) => i.demand.enterpriseId === 'demo-ent-a'),
    ).toBe(true);
    const request = await propose('A-13', achievement, svc.keys.enterpriseA);
    expect(request.status).toBe(201);
    expect(request.body).toMatchObject({ origin: 'enterprise', brokerKeyId: null });
    expect((await propose('B-04', achievement, svc.keys.enterpriseA)).status).toBe(404);
  });

  it('filters the region of a list at any level: 长春市 includes its counties, a sub-market its 市州', async () => {
    const byCity = await svc.http.get('/v1/demands?limit=100&region=长春分市场').set(as(svc.keys.broker));
    expect(byCity.body.total).toBe(18);
    const unknown = await svc.http.get('/v1/introductions?region=火星').set(as(svc.keys.broker));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues[0].field).toBe('region');
  });
});

describe('outcomes change what is recommended', () => {
  it('marks a pair proposed after its list was served in the next list of the same page', async () => {
    const [first] = await topMatches('A-22');
    expect((await topMatches('A-22'))[0]).toEqual(first);
    const proposed = await propose('A-22', first!.id);
    expect(proposed.status).toBe(201);
    const [after] = await topMatches('A-22');
    expect(after).toEqual({ ...first, introduction: { introductionId: proposed.body.id, state: 'proposed' } });
  });

  it('hides a pair declined as irrelevant from the demand matches and recommendations, shows it marked on request, and marks live pairs', async () => {
    const before = await topMatches('A-16');
    const [declinedId, liveId] = [before[0]!.id, before[1]!.id];
    const declined = await propose('A-16', declinedId);
    await transition(declined.body.id, svc.keys.broker, { to: 'sent' });
    const no = await transition(declined.body.id, svc.keys.enterpriseA, {
      to: 'declined',
      reason: { code: 'irrelevant', text: '方向不同' },
    });
    expect(no.status).toBe(200);
    const live = await propose('A-16', liveId);

    // With the second stage on, the decline also re-scores the list (look-alikes of the declined
    // record go down), so the live pair is looked up, not assumed to have moved up to first.
    const after = await topMatches('A-16');
    expect(after.map((r) => r.id)).not.toContain(declinedId);
    expect(after.find((r) => r.id === liveId)?.introduction).toEqual({
      introductionId: live.body.id,
      state: 'proposed',
    });
    expect(after.filter((r) => r.introduction !== undefined)).toHaveLength(1);
    expect(after).toHaveLength(10);
    const shown = await topMatches('A-16', svc.keys.broker, '&showDeclined=true');
    expect(shown[0]).toMatchObject({ id: declinedId, declined: { reason: 'irrelevant' } });

    const demandsOfLive = await svc.http.get(`/v1/achievements/${liveId}/matches?k=40`).set(as(svc.keys.broker));
    const a16 = demandsOfLive.body.results.find((r: { id: string }) => r.id === 'A-16');
    expect(a16.introduction).toEqual({ introductionId: live.body.id, state: 'proposed' });

    const csv = await svc.http.get('/v1/demands/A-16/matches?k=10&format=csv').set(as(svc.keys.broker));
    const rows = parseCsv(csv.text);
    const column = rows[0]!.indexOf('对接状态');
    expect(column).toBeGreaterThan(0);
    const liveRow = rows.find((row) => row[rows[0]!.indexOf('成果编号')] === liveId);
    expect(liveRow?.[column]).toBe(`对接中：proposed（${live.body.id}）`);

    const recommendations = await svc.http
      .get('/v1/enterprises/demo-ent-a/recommendations?k=50')
      .set(as(svc.keys.enterpriseA));
    const served = recommendations.body.results.flatMap((r: { id: string; serves: { demandId: string }[] }) =>
      r.serves.map((s) => ({ ...s, achievementId: r.id })),
    );
    expect(
      served.some(
        (s: { demandId: string; achievementId: string }) => s.demandId === 'A-16' && s.achievementId === declinedId,
      ),
    ).toBe(false);
    const liveServed = served.find(
      (s: { demandId: string; achievementId: string }) => s.demandId === 'A-16' && s.achievementId === liveId,
    );
    expect(liveServed.introduction).toEqual({ introductionId: live.body.id, state: 'proposed' });
    const recCsv = await svc.http
      .get('/v1/enterprises/demo-ent-a/recommendations?k=50&format=csv')
      .set(as(svc.keys.enterpriseA));
    expect(recCsv.text).toContain(`A-16 对接中：proposed（${live.body.id}）`);
    const shownRecs = await svc.http
      .get('/v1/enterprises/demo-ent-a/recommendations?k=50&showDeclined=true')
      .set(as(svc.keys.enterpriseA));
    const declinedServed = shownRecs.body.results
      .find((r: { id: string }) => r.id === declinedId)
      ?.serves.find((s: { demandId: string }) => s.demandId === 'A-16');
    expect(declinedServed?.declined).toMatchObject({ reason: 'irrelevant', label: '与需求无关' });
  });
});

describe('regions and reasons', () => {
  it('serves the hierarchy, the decline reasons and the unplaced report', async () => {
    const regions = await svc.http.get('/v1/regions').set(as(svc.keys.broker));
    expect(regions.body.subMarkets).toHaveLength(6);
    expect(regions.body.countyNodes).toHaveLength(30);
    const reasons = await svc.http.get('/v1/introductions/reasons').set(as(svc.keys.enterpriseA));
    expect(reasons.body.reasons).toHaveLength(8);
    const unplaced = await svc.http.get('/v1/regions/unplaced').set(as(svc.keys.broker));
    expect(unplaced.body.demands).toEqual([]);
    expect((await svc.http.get('/v1/regions/unplaced').set(as(svc.keys.enterpriseA))).status).toBe(403);
  });
});
