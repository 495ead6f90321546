/**
 * The publication cycle end to end over HTTP on the real engine: transitions
 * and who may make them, a batch appearing at one instant, the catalogue's
 * facets, the bulletin in three formats, subscriptions, digests and signed
 * webhook deliveries with retries.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Achievement, Demand, OutboxMessage } from '../../src/domain/index.js';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  deliverPending,
  verifySignature,
} from '../../src/outbox/index.js';
import {
  CATALOGUE_FACETS,
  SUMMARY_SHEET,
  facetValues,
  publicationOf,
  publishQuarter,
  publishedView,
  queryCatalogue,
  type CatalogueEntry,
  type CatalogueFacet,
  type CatalogueFilters,
} from '../../src/publication/index.js';
import { listDigests, runNightlyDigests, type BulletinRow } from '../../src/publication/index.js';
import { regionMatches } from '../../src/match/filters.js';
import { asBytes, demoDemands, demoLines, startTestService, type TestService } from './helpers.js';

const QUARTER = '2026Q4';
let svc: TestService;
let reviewerKey: string;
/** Demo achievements 150..209, imported without a quarter: drafts. */
let drafts: string[];
const as = (key: string) => ({ 'X-API-Key': key });

beforeAll(async () => {
  svc = await startTestService({ config: { PUBLIC_CATALOGUE: true } });
  reviewerKey = (await svc.keyStore.create({ role: 'broker', reviewer: true })).key;
  const lines = demoLines('achievement', 150, 210).map((line) => {
    const { publishedQuarter: _q, ...record } = JSON.parse(line) as Achievement;
    return record;
  });
  // Two achievements written from demo-ent-a's own demands: the digest test needs matches above the threshold.
  const demands = demoDemands().filter((d) => d.enterpriseId === 'demo-ent-a');
  const mirrors = demands.slice(0, 2).map((d: Demand) => ({
    id: `mirror-${d.id}`,
    title: d.title,
    abstract: d.description,
    industry: d.industry,
    region: '吉林省长春市',
    maturity: '中试',
    ipItems: [{ kind: '发明专利', number: 'ZL 2017 1 0601862.3', legalStatus: '有效' }],
  }));
  await svc.engine.putRecords('achievement', [...lines, ...mirrors]);
  drafts = [...lines.map((r) => r.id), ...mirrors.map((m) => m.id)];
}, 120_000);

afterAll(async () => {
  await svc?.close();
});

async function act(key: string, id: string, body: object) {
  return svc.http.post(`/v1/achievements/${id}/publication`).set(as(key)).send(body);
}

describe('publication transitions over HTTP', () => {
  it('lets the holder submit, a reviewer approve or return (with a note), and nobody else', async () => {
    const id = drafts[0]!;
    expect((await act(svc.keys.enterpriseA, id, { action: 'submit' })).status).toBe(403);
    const submitted = await act(svc.keys.broker, id, { action: 'submit' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.publication.status).toBe('submitted');
    expect((await act(svc.keys.broker, id, { action: 'approve' })).status).toBe(403);
    expect((await act(svc.keys.enterpriseA, id, { action: 'approve' })).status).toBe(403);
    const noNote = await act(reviewerKey, id, { action: 'return' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.details.issues[0].field).toBe('note');
    const returned = await act(reviewerKey, id, { action: 'return', note: '缺少知识产权信息' });
    expect(returned.body.record).toMatchObject({ publicationStatus: 'returned', publicationNote: '缺少知识产权信息' });
    expect((await act(svc.keys.broker, id, { action: 'submit' })).body.publication.status).toBe('submitted');
    const approved = await act(svc.keys.admin, id, { action: 'approve', quarter: QUARTER });
    expect(approved.body.record).toMatchObject({ publicationStatus: 'approved', publicationBatch: QUARTER });
    // Not from approved: a second approval, a withdrawal of what is not published.
    expect((await act(reviewerKey, id, { action: 'approve' })).status).toBe(409);
    expect((await act(reviewerKey, id, { action: 'withdraw', note: 'x' })).status).toBe(409);
    expect((await act(reviewerKey, id, { action: 'publish' })).status).toBe(400);
  });

  it('hides records that are not published from keyless callers and enterprise keys, not from brokers', async () => {
    const id = drafts[0]!;
    expect((await svc.http.get(`/v1/achievements/${id}`)).status).toBe(404);
    expect((await svc.http.get(`/v1/achievements/${id}`).set(as(svc.keys.enterpriseA))).status).toBe(404);
    expect((await svc.http.get(`/v1/achievements/${id}`).set(as(svc.keys.broker))).status).toBe(200);
    const list = await svc.http.get('/v1/achievements?limit=200');
    expect(list.body.items.map((i: { record: { id: string } }) => i.record.id)).not.toContain(id);
    const forbidden = await svc.http.get('/v1/catalogue?status=approved').set(as(svc.keys.enterpriseA));
    expect(forbidden.status).toBe(403);
    const brokerView = await svc.http.get('/v1/catalogue?status=approved').set(as(svc.keys.broker));
    expect(brokerView.body.items.map((i: { record: { id: string } }) => i.record.id)).toEqual([id]);
  });

  it('lets only reviewers publish, and refuses a quarter with nothing approved', async () => {
    expect((await svc.http.post(`/v1/batches/${QUARTER}/publish`).set(as(svc.keys.broker))).status).toBe(403);
    expect((await svc.http.post('/v1/batches/2030Q1/publish').set(as(reviewerKey))).status).toBe(409);
    expect((await svc.http.post('/v1/batches/2026Q5/publish').set(as(reviewerKey))).status).toBe(400);
  });
});

describe('publishing a batch', () => {
  const deliveries: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let failNext = 0;
  let receiver: http.Server;
  let secret: string;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body });
        res.statusCode = failNext > 0 ? 503 : 204;
        failNext = Math.max(0, failNext - 1);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const bad = await svc.http
      .put('/v1/enterprises/demo-ent-a/webhook')
      .set(as(svc.keys.enterpriseA))
      .send({ url: 'http://u:p@127.0.0.1/x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].field).toBe('url');
    expect(
      (
        await svc.http
          .put('/v1/enterprises/demo-ent-a/webhook')
          .set(as(svc.keys.enterpriseA))
          .send({ url: 'ftp://x/y' })
      ).status,
    ).toBe(400);
    expect(
      (await svc.http.put('/v1/enterprises/demo-ent-a/webhook').set(as(svc.keys.enterpriseB)).send({ url })).status,
    ).toBe(403);
    const registered = await svc.http
      .put('/v1/enterprises/demo-ent-a/webhook')
      .set(as(svc.keys.enterpriseA))
      .send({ url });
    expect(registered.status).toBe(201);
    secret = registered.body.secret;
    const subscribed = await svc.http.post('/v1/subscriptions').set(as(svc.keys.enterpriseA)).send({ kind: 'demands' });
    expect(subscribed.status).toBe(201);
    expect(subscribed.body.enterpriseId).toBe('demo-ent-a');
    expect(
      (
        await svc.http
          .post('/v1/subscriptions')
          .set(as(svc.keys.enterpriseB))
          .send({ kind: 'demands', enterpriseId: 'demo-ent-a' })
      ).status,
    ).toBe(403);
    // A broker on behalf of demo-ent-b, with a saved query.
    expect(
      (
        await svc.http
          .post('/v1/subscriptions')
          .set(as(svc.keys.broker))
          .send({ kind: 'query', enterpriseId: 'demo-ent-b', text: '玉米秸秆综合利用' })
      ).status,
    ).toBe(201);
    for (const id of drafts.slice(1)) {
      await act(svc.keys.broker, id, { action: 'submit' });
      await act(reviewerKey, id, { action: 'approve' });
    }
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('makes the whole batch visible at one instant: concurrent readers see none of it or all of it', async () => {
    // An enterprise's match list, asked (and kept by the engine) before the batch: it must show the batch after.
    const mirror = drafts.find((id) => id.startsWith('mirror-'))!;
    const enterpriseMatches = async () =>
      (
        await svc.http.get(`/v1/demands/${mirror.slice('mirror-'.length)}/matches?k=10`).set(as(svc.keys.enterpriseA))
      ).body.results.map((r: { id: string }) => r.id);
    expect(await enterpriseMatches()).not.toContain(mirror);
    const recommended = async () =>
      (
        await svc.http.get('/v1/enterprises/demo-ent-a/recommendations?k=20').set(as(svc.keys.enterpriseA))
      ).body.results.map((r: { id: string }) => r.id);
    expect(await recommended()).not.toContain(mirror);
    const batchIds = new Set(drafts);
    const seen: number[] = [];
    let done = false;
    const readers = (async () => {
      while (!done) {
        const view = await publishedView(svc.engine.store);
        const page = await queryCatalogue(svc.engine, view, {
          filters: {},
          statuses: ['published'],
          offset: 0,
          limit: 1000,
        });
        seen.push(page.items.filter((item) => batchIds.has(item.record.id)).length);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const httpReads = Array.from({ length: 8 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 15));
      const page = await svc.http.get(`/v1/catalogue?limit=200&quarter=${QUARTER}`);
      seen.push(page.body.items.filter((item: { record: { id: string } }) => batchIds.has(item.record.id)).length);
    });
    const published = await svc.http.post(`/v1/batches/${QUARTER}/publish`).set(as(reviewerKey));
    done = true;
    await Promise.all([readers, ...httpReads]);
    expect(published.status).toBe(201);
    expect(published.body.recordsPublished).toBe(drafts.length);
    expect(seen.length).toBeGreaterThan(3);
    expect(
      seen.every((n) => n === 0 || n === drafts.length),
      `partial batch seen: ${seen.join(',')}`,
    ).toBe(true);
    expect(seen.at(-1)).toBe(drafts.length);
    expect(await enterpriseMatches()).toContain(mirror);
    expect(await recommended()).toContain(mirror);
    const anonymous = await svc.http.get(`/v1/achievements/${drafts[0]}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.record).toMatchObject({ publicationStatus: 'published', publishedQuarter: QUARTER });
  });

  it('wrote digests for the subscribers whose demands match, above the threshold, each with a reason', async () => {
    const digests = await listDigests(svc.engine.store, 'demo-ent-a');
    expect(digests).toHaveLength(1);
    const ids = digests[0]!.entries.map((e) => e.achievementId);
    expect(ids).toContain('mirror-A-01');
    for (const entry of digests[0]!.entries) {
      expect(entry.reason.length).toBeGreaterThan(0);
      expect(drafts).toContain(entry.achievementId);
    }
    const overHttp = await svc.http.get('/v1/enterprises/demo-ent-a/digests').set(as(svc.keys.enterpriseA));
    expect(overHttp.body.items[0].id).toBe(digests[0]!.id);
    expect((await svc.http.get('/v1/enterprises/demo-ent-a/digests').set(as(svc.keys.enterpriseB))).status).toBe(403);
    const csv = await svc.http.get('/v1/enterprises/demo-ent-a/digests?format=csv').set(as(svc.keys.enterpriseA));
    expect(csv.text).toContain('mirror-A-01');
  });

  it('delivers signed, with an idempotency key, retrying with backoff and recording every attempt', async () => {
    failNext = 1;
    const t0 = new Date();
    const first = await deliverPending(svc.engine.store, { now: () => t0 });
    expect(first).toMatchObject({ attempted: 1, failed: 1 });
    // Not due again before its backoff.
    expect((await deliverPending(svc.engine.store, { now: () => t0 })).attempted).toBe(0);
    const later = new Date(t0.getTime() + 31_000);
    expect(await deliverPending(svc.engine.store, { now: () => later })).toMatchObject({ attempted: 1, succeeded: 1 });
    expect(deliveries).toHaveLength(2);
    const [failed, delivered] = deliveries;
    expect(failed!.headers[IDEMPOTENCY_HEADER]).toBe(delivered!.headers[IDEMPOTENCY_HEADER]);
    const ok = verifySignature(
      secret,
      String(delivered!.headers[TIMESTAMP_HEADER]),
      delivered!.body,
      String(delivered!.headers[SIGNATURE_HEADER]),
    );
    expect(ok).toBe(true);
    expect(
      verifySignature(
        secret,
        String(delivered!.headers[TIMESTAMP_HEADER]),
        `${delivered!.body} `,
        String(delivered!.headers[SIGNATURE_HEADER]),
      ),
    ).toBe(false);
    const body = JSON.parse(delivered!.body);
    expect(body.topic).toBe('digest');
    expect(body.payload.entries.length).toBeGreaterThan(0);
    const log = await svc.http.get('/v1/enterprises/demo-ent-a/deliveries').set(as(svc.keys.enterpriseA));
    const message = log.body.items[0] as OutboxMessage;
    expect(message.state).toBe('delivered');
    expect(message.attempts.map((a) => [a.ok, a.status])).toEqual([
      [false, 503],
      [true, 204],
    ]);
  });

  it('sends no digest twice: publishing again resumes, the nightly run skips what was sent', async () => {
    const again = await svc.http.post(`/v1/batches/${QUARTER}/publish`).set(as(reviewerKey));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ newlyPublished: false, digestsWritten: 0 });
    // Even with no threshold at all, demo-ent-a's digest for this batch is not written again.
    const direct = await publishQuarter(svc.engine, QUARTER, {
      now: () => new Date(),
      publishedBy: 'test',
      minSimilarity: 0,
    });
    expect(direct.digestsExisting).toBe(1);
    expect(await listDigests(svc.engine.store, 'demo-ent-a')).toHaveLength(1);
    // Every published record counts as changed for the nightly run; demo-ent-a has been sent its matches.
    const nightly = await runNightlyDigests(svc.engine, { now: new Date(), minSimilarity: 0 });
    expect(nightly.candidates).toBeGreaterThan(0);
    const sent = (await listDigests(svc.engine.store, 'demo-ent-a')).flatMap((d) =>
      d.entries.map((e) => e.achievementId),
    );
    expect(new Set(sent).size).toBe(sent.length);
  });

  it('takes a withdrawn achievement out of the catalogue and the bulletin', async () => {
    const id = drafts[5]!;
    expect((await act(reviewerKey, id, { action: 'withdraw', note: '权属争议' })).status).toBe(200);
    expect((await svc.http.get(`/v1/achievements/${id}`)).status).toBe(404);
    const bulletin = await svc.http.get(`/v1/batches/${QUARTER}/bulletin`);
    expect(bulletin.body.total).toBe(drafts.length - 1);
    const broker = await svc.http.get('/v1/catalogue?status=withdrawn').set(as(svc.keys.broker));
    expect(broker.body.items.map((i: { record: { id: string } }) => i.record.id)).toEqual([id]);
  });

  it("names each row's IP kinds as the schema does, once, with the items' numbers", async () => {
    const rows = (await svc.http.get(`/v1/batches/${QUARTER}/bulletin`)).body.rows as BulletinRow[];
    const mirror = rows.find((row) => row.id.startsWith('mirror-'))!;
    expect(mirror).toMatchObject({ ipKinds: '发明专利', ipNumbers: 'CN201710601862.3' });
    // The demo's legacy 实用新型专利 is the kind 实用新型.
    const kinds = rows.flatMap((row) => row.ipKinds.split('、'));
    expect(kinds).toContain('实用新型');
    expect(kinds).not.toContain('实用新型专利');
  });

  it('serves the bulletin as an Excel workbook: a summary sheet and one sheet per industry, frozen Chinese headers', async () => {
    const json = (await svc.http.get(`/v1/batches/${QUARTER}/bulletin`)).body;
    const response = await svc.http.get(`/v1/batches/${QUARTER}/bulletin?format=xlsx`).buffer(true).parse(asBytes);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    const bytes = response.body as Buffer;
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
    const names = workbook.worksheets.map((s) => s.name);
    expect(names).toEqual([SUMMARY_SHEET, ...json.industries.map((i: { industry: string }) => i.industry)]);
    for (const { industry, count } of json.industries as { industry: string; count: number }[]) {
      const sheet = workbook.getWorksheet(industry)!;
      expect(sheet.rowCount).toBe(count + 1);
      expect(sheet.getRow(1).getCell(1).value).toBe('编号');
      expect(sheet.getRow(1).getCell(2).value).toBe('成果名称');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getColumn(2).width).toBe(48);
    }
    const summary = workbook.getWorksheet(SUMMARY_SHEET)!;
    expect(summary.rowCount).toBe(json.industries.length + 2);
    expect(summary.getRow(summary.rowCount).getCell(2).value).toBe(json.total);
  });

  it('serves the bulletin as one printable HTML page that loads nothing from outside', async () => {
    const page = await svc.http.get(`/v1/batches/${QUARTER}/bulletin?format=html`);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain(`${QUARTER} 科技成果及知识产权信息公告`);
    expect(page.text).toContain('@media print');
    expect(page.text).not.toMatch(/<script|<link|src=|https?:\/\//);
  });
});

describe('the catalogue', () => {
  /** Brute force: for each facet, records passing every other filter, counted per value. */
  async function bruteFacets(filters: CatalogueFilters) {
    const view = await publishedView(svc.engine.store);
    const entries: CatalogueEntry[] = svc.engine.store
      .all('achievement')
      .map((stored) => ({ stored, publication: publicationOf(stored.record, view) }))
      .filter((e) => e.publication.status === 'published');
    const passes = (e: CatalogueEntry, facet: CatalogueFacet) => {
      const wanted = filters[facet];
      if (!wanted?.length) return true;
      const values = facetValues(e, facet);
      return facet === 'region'
        ? values.some((v) => wanted.some((w) => regionMatches(w, v)))
        : values.some((v) => wanted.includes(v));
    };
    const expected: Record<string, Record<string, number>> = {};
    for (const facet of CATALOGUE_FACETS) {
      expected[facet] = {};
      for (const e of entries) {
        if (!CATALOGUE_FACETS.every((other) => other === facet || passes(e, other))) continue;
        for (const v of facetValues(e, facet)) expected[facet]![v] = (expected[facet]![v] ?? 0) + 1;
      }
    }
    const total = entries.filter((e) => CATALOGUE_FACETS.every((f) => passes(e, f))).length;
    return { expected, total };
  }

  it('counts facets as a brute-force count does, with and without filters', async () => {
    const cases = [
      '',
      'industry=汽车制造,装备制造&maturity=中试,产业化',
      'region=长春&transferMode=技术许可&fiscalFunded=true',
      'region=四平辽源分市场',
      `quarter=${QUARTER}&ipKind=发明专利&ipStatus=有效`,
    ];
    for (const query of cases) {
      const page = await svc.http.get(`/v1/catalogue?limit=5&${query}`);
      expect(page.status, query).toBe(200);
      const filters: CatalogueFilters = Object.fromEntries(
        [...new URLSearchParams(query)].map(([k, v]) => [k, v.split(',')]),
      );
      const { expected, total } = await bruteFacets(filters);
      expect(page.body.facets, query).toEqual(expected);
      expect(page.body.total, query).toBe(total);
    }
    // A sub-market that spans two cities, which no substring of a region name can ask for.
    const [siping, liaoyuan, both] = await Promise.all(
      ['四平', '辽源', '四平辽源分市场'].map(async (r) => (await svc.http.get(`/v1/catalogue?region=${r}`)).body.total),
    );
    expect(siping).toBeGreaterThan(0);
    expect(both).toBe(siping + liaoyuan);
  });

  it('pages stably: pages put together are the whole list, in the same order each time', async () => {
    const all = (await svc.http.get('/v1/catalogue?limit=200')).body.items.map(
      (i: { record: { id: string } }) => i.record.id,
    );
    const pages: string[] = [];
    for (let page = 1; page <= 4; page += 1) {
      const body = (await svc.http.get(`/v1/catalogue?limit=50&page=${page}`)).body;
      pages.push(...body.items.map((i: { record: { id: string } }) => i.record.id));
    }
    expect(pages).toEqual(all.slice(0, 200));
    expect(new Set(all).size).toBe(all.length);
  });

  it('ranks free text with the engine and explains each result', async () => {
    const page = await svc.http.get(`/v1/catalogue?q=${encodeURIComponent('动力电池 温差 散热')}&limit=5`);
    expect(page.body.items[0].record.id).toBe('mirror-A-01');
    expect(page.body.items[0].match.rank).toBe(1);
    expect(page.body.items[0].match.reason.length).toBeGreaterThan(0);
    const filtered = await svc.http.get(`/v1/catalogue?q=${encodeURIComponent('动力电池 温差 散热')}&ipStatus=有效`);
    expect(
      filtered.body.items.every((i: { record: Achievement }) =>
        i.record.ipItems?.some((x) => x.legalStatus === '有效'),
      ),
    ).toBe(true);
    expect(filtered.body.facets.ipStatus['有效']).toBe(filtered.body.total);
  });

  it('rejects an unknown filter value naming the parameter', async () => {
    const response = await svc.http.get('/v1/catalogue?ipKind=专利');
    expect(response.status).toBe(400);
    expect(response.body.error.details.issues[0].field).toBe('ipKind');
  });
});
