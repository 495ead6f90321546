import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../../src/config/index.js';
import type { Achievement } from '../../src/domain/index.js';
import { MatchEngine, engineConfigFrom } from '../../src/engine/index.js';
import { SLICE_ACHIEVEMENTS, demoLines, startTestService, type TestService } from './helpers.js';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
});

afterAll(async () => {
  await svc?.close();
});

const broker = () => ({ 'X-API-Key': svc.keys.broker });

/** Achievements outside the slice, recast as new demands (title and full abstract). */
function freshDemands(count: number, from: number, prefix: string) {
  return demoLines('achievement', from, from + count).map((line, i) => {
    const a = JSON.parse(line) as Achievement;
    return { id: `${prefix}-${i}`, title: a.title, description: a.abstract ?? '' };
  });
}

const textOf = (d: { title: string; description: string }) => [d.title, d.description].filter(Boolean).join('。');

async function expectTopMatch(demand: { id: string; title: string; description: string }) {
  const response = await svc.http
    .post('/v1/match')
    .set(broker())
    .send({ text: textOf(demand), against: 'demands', k: 1 });
  expect(response.status).toBe(200);
  expect(response.body.results[0]?.id, demand.id).toBe(demand.id);
}

describe('concurrent writes', () => {
  it('loses none of 100 concurrent creates: all are readable, listed and matchable afterwards', async () => {
    const demands = freshDemands(100, SLICE_ACHIEVEMENTS, 'conc');
    const before = (await svc.http.get('/v1/demands?limit=1').set(broker())).body.total as number;
    const created = await Promise.all(demands.map((d) => svc.http.post('/v1/demands').set(broker()).send(d)));
    expect(created.map((r) => r.status)).toEqual(demands.map(() => 201));

    const read = await Promise.all(demands.map((d) => svc.http.get(`/v1/demands/${d.id}`).set(broker())));
    read.forEach((r, i) => expect(r.body.record).toEqual(demands[i]));
    expect((await svc.http.get('/v1/demands?limit=1').set(broker())).body.total).toBe(before + 100);
    for (let start = 0; start < demands.length; start += 10)
      await Promise.all(demands.slice(start, start + 10).map(expectTopMatch));
  });

  it('lets exactly one of ten concurrent creates of the same id succeed; the others get 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        svc.http
          .post('/v1/achievements')
          .set(broker())
          .send({ id: 'same-id', title: `同一编号的第${i}次创建` }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array.from({ length: 9 }, () => 409)]);
    const winner = responses.find((r) => r.status === 201)!;
    expect((await svc.http.get('/v1/achievements/same-id').set(broker())).body.record.title).toBe(
      winner.body.record.title,
    );
  });
});

describe('index reload', () => {
  it('takes the index a nightly rebuild wrote while reads and writes keep being answered, and loses no write', async () => {
    // The nightly job: another engine on the same data directory writes a fresh index.
    const nightly = await MatchEngine.open(engineConfigFrom(svc.config), { embedder: svc.engine.embedder });
    const rebuilt = await nightly.rebuild({ full: true });
    expect(rebuilt.manifest.version).not.toBe(svc.engine.manifest?.version);

    // Written after the rebuild: the reload has to repair the new index with these.
    const late = freshDemands(5, SLICE_ACHIEVEMENTS + 100, 'late');
    for (const d of late) expect((await svc.http.post('/v1/demands').set(broker()).send(d)).status).toBe(201);
    const during = freshDemands(10, SLICE_ACHIEVEMENTS + 105, 'during');

    const read = (i: number) => {
      switch (i % 4) {
        case 0:
          return svc.http.get('/v1/demands/B-04/matches?k=10').set(broker());
        case 1:
          return svc.http.get('/v1/achievements?q=%E7%82%BC%E6%B2%B9&limit=10').set(broker());
        case 2:
          return svc.http.post('/v1/match').set(broker()).send({ text: '盐碱地改良', k: 5 });
        default:
          return svc.http.get('/v1/enterprises/demo-ent-d/recommendations?k=5').set(broker());
      }
    };
    const requests: PromiseLike<{ status: number; body: { reloaded?: boolean; manifest?: { version: string } } }>[] =
      [];
    for (let i = 0; i < 120; i += 1) {
      requests.push(read(i));
      if (i % 12 === 0)
        requests.push(
          svc.http
            .post('/v1/demands')
            .set(broker())
            .send(during[i / 12]!),
        );
      if (i === 40) requests.push(svc.http.post('/v1/admin/reload').set({ 'X-API-Key': svc.keys.admin }));
    }
    const responses = await Promise.all(requests);
    const failed = responses.filter((r) => r.status !== 200 && r.status !== 201);
    expect(failed).toEqual([]);
    const reload = responses.find((r) => r.body.reloaded !== undefined)!;
    expect(reload.body.reloaded).toBe(true);
    expect(reload.body.manifest?.version).toBe(rebuilt.manifest.version);

    const health = await svc.http.get('/health');
    expect(health.body.index.version).toBe(rebuilt.manifest.version);
    expect(health.body.index.indexed.demands).toBe(svc.engine.store.count('demand'));
    for (const d of [...late, ...during]) await expectTopMatch(d);
  });

  it('answers a reload with nothing new as reloaded: false', async () => {
    const response = await svc.http.post('/v1/admin/reload').set({ 'X-API-Key': svc.keys.admin });
    expect(response.status).toBe(200);
    expect(response.body.reloaded).toBe(false);
  });

  it('answers 503 when the manifest names an index that cannot be loaded, and keeps serving on the old one', async () => {
    const { manifestFile } = dataPaths(svc.config.DATA_DIR);
    const good = fs.readFileSync(manifestFile, 'utf8');
    fs.writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(good), version: 'v-never-written' }));
    try {
      const response = await svc.http.post('/v1/admin/reload').set({ 'X-API-Key': svc.keys.admin });
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('index_unavailable');
      expect((await svc.http.get('/v1/demands/A-01/matches').set(broker())).status).toBe(200);
      expect((await svc.http.get('/health')).body.index.version).toBe(JSON.parse(good).version);
    } finally {
      fs.writeFileSync(manifestFile, good);
    }
  });
});
