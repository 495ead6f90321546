/**
 * Brokers' outcomes in the served match list, with SECOND_STAGE=true: an
 * introduction accepted or declined as irrelevant over HTTP re-orders the
 * demand's matches on the next request, and the nightly rebuild's retrained
 * second stage is taken by the service on POST /v1/admin/reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RERANKER_EXAMPLES_FILE } from '../../src/config/index.js';
import { MatchEngine, engineConfigFrom } from '../../src/engine/index.js';
import { DEFAULT_TRAIN, loadJudgedExamples, loadRerankModel } from '../../src/match/rerank/index.js';
import { outcomeSourceFor } from '../../src/introductions/index.js';
import { startTestService, type TestService } from './helpers.js';

let svc: TestService;
const DEMAND = 'A-01';

interface Result {
  id: string;
  rank: number;
  reason: string;
  components: { secondStage: number | null };
  introduction?: { state: string };
  declined?: { reason: string };
}

const broker = () => ({ 'X-API-Key': svc.keys.broker });

async function matches(query = ''): Promise<Result[]> {
  const res = await svc.http.get(`/v1/demands/${DEMAND}/matches?k=30${query}`).set(broker());
  expect(res.status).toBe(200);
  return res.body.results as Result[];
}

async function introduce(achievementId: string, to: 'accepted' | 'declined'): Promise<void> {
  const created = await svc.http.post('/v1/introductions').set(broker()).send({ demandId: DEMAND, achievementId });
  expect(created.status).toBe(201);
  const move = (body: object) =>
    svc.http.post(`/v1/introductions/${created.body.id}/transitions`).set(broker()).send(body);
  expect((await move({ to: 'sent' })).status).toBe(200);
  const last = await move(
    to === 'accepted' ? { to } : { to, reason: { code: 'irrelevant' }, declinedBy: 'enterprise' },
  );
  expect(last.status).toBe(200);
}

beforeAll(async () => {
  svc = await startTestService({ config: { SECOND_STAGE: true } });
}, 120_000);

afterAll(async () => {
  await svc?.close();
});

describe('brokers’ outcomes in GET /v1/demands/:id/matches (second stage on)', () => {
  it('lifts an accepted pair into the top three and sinks a declined one as soon as they are recorded', async () => {
    const before = await matches();
    const accepted = before[6]!.id;
    const declined = before[0]!.id;
    await introduce(accepted, 'accepted');
    await introduce(declined, 'declined');

    const after = await matches();
    // The accepted pair rises by the adjustment's full weight: to the top when the model's gap allows
    // (7th → 1st before the achievements' re-tagging of 2026-11-30, 7th → 3rd since), and it is marked.
    const acceptedAt = after.findIndex((r) => r.id === accepted);
    expect(acceptedAt).toBeGreaterThanOrEqual(0);
    expect(acceptedAt).toBeLessThan(3);
    expect(after[acceptedAt]).toMatchObject({ introduction: { state: 'accepted' } });
    expect(after[acceptedAt]!.reason).toContain('与已对接成功的成果相近');
    expect(after.map((r) => r.id)).not.toContain(declined);
    // Shown on request, the declined pair (first before) has left the top: the ranking moved it, not only the filter.
    const shown = await matches('&showDeclined=true');
    const declinedRank = shown.find((r) => r.id === declined)?.rank ?? Number.POSITIVE_INFINITY;
    expect(declinedRank).toBeGreaterThan(3);
  });

  it('takes the second stage the nightly rebuild retrained with the outcomes on POST /v1/admin/reload', async () => {
    const shipped = loadRerankModel()!;
    const before = (await matches()).map((r) => r.components.secondStage);
    // The nightly job: another engine on the same data directory, opened as the CLI opens it.
    const nightly = await MatchEngine.open(engineConfigFrom(svc.config), {
      embedder: svc.engine.embedder,
      outcomes: outcomeSourceFor(svc.config),
    });
    const judged = loadJudgedExamples(RERANKER_EXAMPLES_FILE)!;
    const groups = new Set([...new Set(judged.map((e) => e.group))].slice(0, 10));
    const report = await nightly.rebuild({
      retrain: { judged: judged.filter((e) => groups.has(e.group)), params: { ...DEFAULT_TRAIN, trees: 20 } },
    });
    expect(report.secondStage).toMatchObject({ retrained: true, outcomePairs: 2 });
    expect(svc.engine.secondStageModel?.trainingDataHash).toBe(shipped.trainingDataHash);

    const reload = await svc.http.post('/v1/admin/reload').set({ 'X-API-Key': svc.keys.admin });
    expect(reload.status).toBe(200);
    expect(svc.engine.secondStageModel?.trainingDataHash).toBe(nightly.secondStageModel?.trainingDataHash);
    expect(svc.engine.secondStageModel?.trainingDataHash).not.toBe(shipped.trainingDataHash);
    expect((await matches()).map((r) => r.components.secondStage)).not.toEqual(before);
  }, 60_000);
});
