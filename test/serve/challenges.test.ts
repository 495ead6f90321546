/**
 * 揭榜挂帅 over HTTP, on the real app, model and store (a slice of the demo
 * data), with a clock the test moves across deadlines.
 */
import fs from 'node:fs';
import http from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyStore } from '../../src/auth/index.js';
import { invitationId } from '../../src/challenges/index.js';
import { dataPaths } from '../../src/config/index.js';
import { OUTBOX_COLLECTION, type OutboxMessage } from '../../src/domain/index.js';
import type { MatchEngine } from '../../src/engine/index.js';
import { createApp, createLogger } from '../../src/serve/index.js';
import { challengesFeature } from '../../src/serve/features/challenges/index.js';
import { memoryLog, openSliceEngine, tempDir, testConfig } from './helpers.js';

const DAY = 24 * 3600 * 1000;
let clock = new Date('2026-12-01T00:00:00.000Z');
const later = (ms: number) => new Date(clock.getTime() + ms);

let engine: MatchEngine;
let dataDir: string;
let server: http.Server;
let api: ReturnType<typeof request>;
let keyStore: KeyStore;
const keys: Record<string, string> = {};
let brokerReviewerKeyId: string;

const as = (key: string) => ({ 'X-API-Key': keys[key]! });

async function researcherFor(teamId: string, name: string): Promise<void> {
  keys[name] = (await keyStore.create({ role: 'researcher', teamId })).key;
}

beforeAll(async () => {
  dataDir = tempDir('challenges');
  const config = testConfig(dataDir);
  engine = await openSliceEngine(config);
  keyStore = new KeyStore(dataPaths(dataDir).keysFile);
  keys.admin = (await keyStore.create({ role: 'admin' })).key;
  keys.entA = (await keyStore.create({ role: 'enterprise', enterpriseId: 'demo-ent-a' })).key;
  keys.entB = (await keyStore.create({ role: 'enterprise', enterpriseId: 'demo-ent-b' })).key;
  const reviewer = await keyStore.create({ role: 'broker', reviewer: true });
  keys.reviewer = reviewer.key;
  brokerReviewerKeyId = reviewer.entry.id;
  keys.broker = (await keyStore.create({ role: 'broker' })).key;
  keys.noTeam = (await keyStore.create({ role: 'researcher', teamId: 'team-does-not-exist' })).key;
  const app = createApp({
    engine,
    config,
    keys: keyStore,
    logger: createLogger(config, memoryLog().stream),
    now: () => clock,
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = request(server);
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await engine?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('team profiles and expert finding', () => {
  it('derives profiles from the achievements (admin), and refuses a researcher', async () => {
    expect((await api.post('/v1/teams/derive').set(as('noTeam'))).status).toBe(403);
    const derived = await api.post('/v1/teams/derive').set(as('admin'));
    expect(derived.status).toBe(200);
    expect(derived.body.created).toBeGreaterThan(10);
    const again = await api.post('/v1/teams/derive').set(as('admin'));
    expect(again.body).toEqual({ created: 0, extended: 0 });
    const list = await api.get('/v1/teams').query({ limit: 200 }).set(as('entA'));
    expect(list.body.total).toBe(derived.body.created);
    const team = await api.get(`/v1/teams/${list.body.results[0].id}`).set(as('entA'));
    expect(team.body.achievements.length).toBeGreaterThan(0);
    expect(team.headers.etag).toBe('"1"');
  });

  it('ranks teams for a demand, each explained by its best matching achievements', async () => {
    const response = await api.get('/v1/demands/A-01/teams').query({ k: 5 }).set(as('entA'));
    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(5);
    const first = response.body.results[0];
    expect(first.rank).toBe(1);
    expect(first.evidence.length).toBeGreaterThan(0);
    expect(first.evidence.length).toBeLessThanOrEqual(3);
    expect(first.reason).toContain(first.evidence[0].title);
    const evidenceRanks = first.evidence.map((e: { rank: number }) => e.rank);
    expect(evidenceRanks).toEqual([...evidenceRanks].sort((a, b) => a - b));
    expect((await api.get('/v1/demands/A-01/teams').set(as('entB'))).status).toBe(403);
    expect(
      (await api.get('/v1/demands/A-01/teams').query({ k: 0 }).set(as('entA'))).body.error.details.issues[0].field,
    ).toBe('k');
  });

  it('answers 404 for ids that are names on Object.prototype', async () => {
    for (const id of ['__proto__', 'constructor', 'toString']) {
      for (const url of [
        `/v1/teams/${id}`,
        `/v1/challenges/${id}`,
        `/v1/proposals/${id}`,
        `/v1/challenges/${id}/proposals`,
      ]) {
        expect((await api.get(url).set(as('admin'))).status, url).toBe(404);
      }
    }
  });

  it('merges the same team spelt two ways over HTTP; the old id then points at the survivor', async () => {
    const a = await api
      .post('/v1/teams')
      .set(as('admin'))
      .send({ name: '孙浩课题组', institution: '吉林省示范师范大学' });
    const b = await api
      .post('/v1/teams')
      .set(as('admin'))
      .send({ name: '孙浩团队', institution: '吉林省示范师范大学', contact: 'sh@example.invalid' });
    expect(
      (
        await api
          .post(`/v1/teams/${a.body.id}/merge`)
          .set(as('entA'))
          .send({ from: [b.body.id] })
      ).status,
    ).toBe(403);
    expect(
      (
        await api
          .post(`/v1/teams/${a.body.id}/merge`)
          .set(as('admin'))
          .set('If-Match', '"9"')
          .send({ from: [b.body.id] })
      ).status,
    ).toBe(412);
    const merged = await api
      .post(`/v1/teams/${a.body.id}/merge`)
      .set(as('broker'))
      .send({ from: [b.body.id] });
    expect(merged.status).toBe(200);
    expect(merged.body.contact).toBe('sh@example.invalid');
    expect((await api.get(`/v1/teams/${b.body.id}`).set(as('admin'))).body.mergedInto).toBe(a.body.id);
  });
});

describe('a challenge from draft to award', () => {
  let challengeId: string;
  let ranked: string[];
  let deadline: Date;
  const proposalIds: Record<string, string> = {};

  it('is created as a draft from a demand, visible to its enterprise only', async () => {
    deadline = later(10 * DAY);
    const created = await api
      .post('/v1/challenges')
      .set(as('entA'))
      .send({
        demandId: 'A-01',
        rewardWan: 120,
        deadline: deadline.toISOString(),
        indicators: [{ name: '模组最大温差', target: '≤5℃' }],
        phases: [
          { name: '方案征集', startsAt: clock.toISOString(), endsAt: deadline.toISOString() },
          {
            name: '答辩',
            startsAt: deadline.toISOString(),
            endsAt: later(20 * DAY).toISOString(),
            criteria: ['feasibility'],
          },
        ],
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'draft',
      enterpriseId: 'demo-ent-a',
      demandId: 'A-01',
      title: '动力电池模组大电流工况温升与温差控制',
    });
    challengeId = created.body.id;
    expect((await api.get(`/v1/challenges/${challengeId}`).set(as('entB'))).status).toBe(404);
    expect((await api.get(`/v1/challenges/${challengeId}`).set(as('admin'))).status).toBe(200);
    const teams = await api.get(`/v1/challenges/${challengeId}/teams`).query({ k: 20 }).set(as('entA'));
    ranked = teams.body.results.map((r: { team: { id: string } }) => r.team.id);
    expect(ranked.length).toBeGreaterThan(5);
    await researcherFor(ranked[0]!, 'team1');
    await researcherFor(ranked[1]!, 'team2');
    await researcherFor(ranked[2]!, 'team3');
    await researcherFor(ranked[ranked.length - 1]!, 'outsider');
    expect((await api.get(`/v1/challenges/${challengeId}`).set(as('team1'))).status).toBe(404);
  });

  it('validates the body, naming the field', async () => {
    const bad = await api
      .post('/v1/challenges')
      .set(as('entA'))
      .send({
        title: 't',
        problem: 'p',
        rewardWan: -1,
        deadline: 'soon',
        phases: [{ name: 'x', startsAt: '2027-01-02', endsAt: '2027-01-01' }],
      });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: { field: string }) => i.field)).toEqual(
      expect.arrayContaining(['rewardWan', 'deadline']),
    );
    const backwards = await api
      .post('/v1/challenges')
      .set(as('entA'))
      .send({
        title: 't',
        problem: 'p',
        rewardWan: 1,
        deadline: later(DAY).toISOString(),
        phases: [{ name: 'x', startsAt: '2027-01-02', endsAt: '2027-01-01' }],
      });
    expect(backwards.body.error.details.issues[0].field).toBe('phases.0.endsAt');
    expect(
      (
        await api
          .post('/v1/challenges')
          .set(as('entA'))
          .send({ demandId: 'B-01', rewardWan: 1, deadline: later(DAY).toISOString() })
      ).status,
    ).toBe(403);
    expect(
      (
        await api
          .post('/v1/challenges')
          .set(as('team1'))
          .send({ title: 't', problem: 'p', rewardWan: 1, deadline: later(DAY).toISOString() })
      ).status,
    ).toBe(403);
  });

  it('is published by its enterprise only, inviting the top-ranked teams through the outbox', async () => {
    expect((await api.post(`/v1/challenges/${challengeId}/publish`).set(as('entB'))).status).toBe(404);
    const published = await api.post(`/v1/challenges/${challengeId}/publish`).set(as('entA')).send({ inviteTop: 2 });
    expect(published.status).toBe(200);
    expect(published.body.state).toBe('published');
    expect(published.body.invited).toEqual(ranked.slice(0, 2));
    const message = (await engine.store.getDoc<OutboxMessage>(
      OUTBOX_COLLECTION,
      invitationId(challengeId, ranked[0]!),
    ))!.data;
    expect(message).toMatchObject({
      topic: 'challenge_invitation',
      recipient: { kind: 'team', id: ranked[0] },
      state: 'pending',
      attempts: [],
    });
    expect((message.payload as { evidence: unknown[] }).evidence.length).toBeGreaterThan(0);
    expect(await engine.store.getDoc(OUTBOX_COLLECTION, invitationId(challengeId, ranked[2]!))).toBeUndefined();
    expect((await api.post(`/v1/challenges/${challengeId}/publish`).set(as('entA'))).status).toBe(409);
    expect((await api.patch(`/v1/challenges/${challengeId}`).set(as('entA')).send({ rewardWan: 1 })).status).toBe(409);
  });

  it("lets a team's researchers edit its own profile, not another team's", async () => {
    const own = await api.patch(`/v1/teams/${ranked[0]}`).set(as('team1')).send({ contact: 'lab@example.invalid' });
    expect(own.status).toBe(200);
    expect(own.body.contact).toBe('lab@example.invalid');
    expect((await api.patch(`/v1/teams/${ranked[1]}`).set(as('team1')).send({ contact: 'x' })).status).toBe(403);
    expect((await api.patch(`/v1/teams/${ranked[0]}`).set(as('team1')).send({ achievementIds: [] })).status).toBe(400);
  });

  it('is found by a team among the challenges for it, explained by its own achievements', async () => {
    const list = await api.get('/v1/challenges').set(as('team1'));
    expect(list.body.results.map((c: { id: string }) => c.id)).toContain(challengeId);
    const forYou = await api.get(`/v1/teams/${ranked[0]}/challenges`).set(as('team1'));
    expect(forYou.status).toBe(200);
    expect(forYou.body.results[0]).toMatchObject({ challenge: { id: challengeId }, invited: true, teamRank: 1 });
    expect(forYou.body.results[0].evidence.length).toBeGreaterThan(0);
    expect((await api.get(`/v1/teams/${ranked[0]}/challenges`).set(as('team2'))).status).toBe(403);
  });

  it('takes one proposal per team; a second, even concurrent, is refused', async () => {
    const body = {
      approach: '被动均温板+相变材料',
      budgetWan: 90,
      expectedIndicators: [{ name: '模组最大温差', target: '4℃' }],
    };
    const first = await api.post(`/v1/challenges/${challengeId}/proposals`).set(as('team1')).send(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ state: 'submitted', teamId: ranked[0] });
    proposalIds.team1 = first.body.id;
    expect((await api.post(`/v1/challenges/${challengeId}/proposals`).set(as('team1')).send(body)).status).toBe(409);
    const both = await Promise.all(
      [1, 2].map(() => api.post(`/v1/challenges/${challengeId}/proposals`).set(as('team2')).send(body)),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    proposalIds.team2 = both.find((r) => r.status === 201)!.body.id;
    const third = await api.post(`/v1/challenges/${challengeId}/proposals`).set(as('team3')).send(body);
    proposalIds.team3 = third.body.id;
    expect((await api.post(`/v1/challenges/${challengeId}/proposals`).set(as('noTeam')).send(body)).status).toBe(403);
    expect((await api.post(`/v1/challenges/${challengeId}/proposals`).set(as('entA')).send(body)).status).toBe(403);
    expect(
      (await api.post(`/v1/challenges/${challengeId}/proposals`).set(as('team1')).send({ budgetWan: 1 })).body.error
        .details.issues[0].field,
    ).toBe('approach');
  });

  it("shows a researcher only its own proposals, the enterprise all with the team's evidence, another enterprise none", async () => {
    const own = await api.get(`/v1/challenges/${challengeId}/proposals`).set(as('team1'));
    expect(own.body.results.map((p: { id: string }) => p.id)).toEqual([proposalIds.team1]);
    expect((await api.get(`/v1/proposals/${proposalIds.team2}`).set(as('team1'))).status).toBe(404);
    expect((await api.get('/v1/proposals').set(as('team1'))).body.results.map((p: { id: string }) => p.id)).toEqual([
      proposalIds.team1,
    ]);
    const all = await api.get(`/v1/challenges/${challengeId}/proposals`).set(as('entA'));
    expect(all.body.total).toBe(3);
    expect(all.body.results[0].team.evidence.length).toBeGreaterThan(0);
    expect((await api.get(`/v1/challenges/${challengeId}/proposals`).set(as('entB'))).body.total).toBe(0);
    expect((await api.get(`/v1/proposals/${proposalIds.team1}`).set(as('entB'))).status).toBe(404);
    expect((await api.get(`/v1/challenges/${challengeId}/proposals`).set(as('broker'))).body.total).toBe(0);
  });

  it('lets a team edit up to the deadline and refuses a proposal or an edit one second after it', async () => {
    clock = deadline;
    const edited = await api.patch(`/v1/proposals/${proposalIds.team1}`).set(as('team1')).send({ budgetWan: 80 });
    expect(edited.status).toBe(200);
    expect(edited.body.budgetWan).toBe(80);
    expect((await api.patch(`/v1/proposals/${proposalIds.team1}`).set(as('team2')).send({ budgetWan: 1 })).status).toBe(
      404,
    );
    clock = new Date(deadline.getTime() + 1000);
    const late = await api
      .post(`/v1/challenges/${challengeId}/proposals`)
      .set(as('outsider'))
      .send({ approach: '迟到的方案' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/closed/);
    expect(
      (await api.patch(`/v1/proposals/${proposalIds.team1}`).set(as('team1')).send({ budgetWan: 70 })).status,
    ).toBe(409);
    expect((await api.get(`/v1/challenges/${challengeId}`).set(as('entA'))).body.state).toBe('closed');
  });

  it('lets a team withdraw before the decision', async () => {
    const withdrawn = await api.post(`/v1/proposals/${proposalIds.team3}/withdraw`).set(as('team3'));
    expect(withdrawn.body.state).toBe('withdrawn');
    expect((await api.post(`/v1/proposals/${proposalIds.team3}/withdraw`).set(as('team3'))).status).toBe(409);
  });

  it('is scored against its criteria by the enterprise and the brokers it invited', async () => {
    const scores = { feasibility: 8, indicators: 7, cost: 6, team: 9 };
    expect(
      (await api.post(`/v1/proposals/${proposalIds.team1}/scores`).set(as('reviewer')).send({ scores })).status,
    ).toBe(404);
    const invited = await api
      .patch(`/v1/challenges/${challengeId}`)
      .set(as('entA'))
      .send({ reviewers: [brokerReviewerKeyId] });
    expect(invited.status).toBe(200);
    const scored = await api
      .post(`/v1/proposals/${proposalIds.team1}/scores`)
      .set(as('reviewer'))
      .send({ scores, note: '路线清楚' });
    expect(scored.status).toBe(200);
    expect(scored.body.reviews[0]).toMatchObject({ reviewerKeyId: brokerReviewerKeyId, total: 7.4 });
    const missing = await api
      .post(`/v1/proposals/${proposalIds.team2}/scores`)
      .set(as('entA'))
      .send({ scores: { feasibility: 5 } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues.map((i: { field: string }) => i.field)).toContain('scores.cost');
    expect((await api.post(`/v1/proposals/${proposalIds.team2}/scores`).set(as('team1')).send({ scores })).status).toBe(
      404,
    );
  });

  it('is awarded after evaluation; every proposal not awarded carries a reason code', async () => {
    expect(
      (
        await api
          .post(`/v1/challenges/${challengeId}/decision`)
          .set(as('entA'))
          .send({ outcome: 'awarded', decisions: [] })
      ).status,
    ).toBe(409);
    const evaluating = await api.post(`/v1/challenges/${challengeId}/evaluate`).set(as('entA'));
    expect(evaluating.body.state).toBe('evaluating');
    const stale = await api
      .post(`/v1/challenges/${challengeId}/decision`)
      .set(as('entA'))
      .set('If-Match', `"${evaluating.body.version - 1}"`)
      .send({ outcome: 'unsolved', decisions: [] });
    expect(stale.status).toBe(412);
    const noReason = await api
      .post(`/v1/challenges/${challengeId}/decision`)
      .set(as('entA'))
      .send({
        outcome: 'awarded',
        decisions: [
          { proposalId: proposalIds.team1, awarded: true },
          { proposalId: proposalIds.team2, awarded: false },
        ],
      });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.issues[0].field).toBe('decisions.1.reason');
    const missing = await api
      .post(`/v1/challenges/${challengeId}/decision`)
      .set(as('entA'))
      .send({ outcome: 'awarded', decisions: [{ proposalId: proposalIds.team1, awarded: true }] });
    expect(missing.body.error.message).toContain(proposalIds.team2);
    const decided = await api
      .post(`/v1/challenges/${challengeId}/decision`)
      .set(as('entA'))
      .send({
        outcome: 'awarded',
        decisions: [
          { proposalId: proposalIds.team1, awarded: true },
          { proposalId: proposalIds.team2, awarded: false, reason: 'indicators_unmet', note: '温差指标只到6℃' },
        ],
      });
    expect(decided.status).toBe(200);
    expect(decided.body.challenge).toMatchObject({ state: 'awarded', awardedProposalIds: [proposalIds.team1] });
    const loser = await api.get(`/v1/proposals/${proposalIds.team2}`).set(as('team2'));
    expect(loser.body).toMatchObject({
      state: 'not_awarded',
      decision: {
        awarded: false,
        reason: 'indicators_unmet',
        reasonLabel: '预期指标未达到榜单要求',
        note: '温差指标只到6℃',
      },
    });
    expect((await api.get(`/v1/proposals/${proposalIds.team1}`).set(as('team1'))).body.state).toBe('awarded');
    expect((await api.get(`/v1/proposals/${proposalIds.team3}`).set(as('team3'))).body.state).toBe('withdrawn');
    expect((await api.post(`/v1/challenges/${challengeId}/cancel`).set(as('entA'))).status).toBe(409);
  });
});

describe('invited-only challenges, 流榜 and cancelling', () => {
  let invitedId: string;
  let team2: string;

  it('shows an invited-only challenge to the invited team only', async () => {
    const teams = await api.get('/v1/demands/A-07/teams').query({ k: 3 }).set(as('entA'));
    team2 = teams.body.results[0].team.id;
    await researcherFor(team2, 'invitee');
    await researcherFor(teams.body.results[1].team.id, 'notInvited');
    const created = await api
      .post('/v1/challenges')
      .set(as('entA'))
      .send({
        demandId: 'A-07',
        rewardWan: 200,
        deadline: later(5 * DAY).toISOString(),
        visibility: 'invited',
        invitedTeams: [team2],
      });
    invitedId = created.body.id;
    expect(
      (await api.post(`/v1/challenges/${invitedId}/publish`).set(as('entA')).send({ inviteTop: 0 })).body.invited,
    ).toEqual([team2]);
    expect((await api.get(`/v1/challenges/${invitedId}`).set(as('invitee'))).status).toBe(200);
    expect((await api.get(`/v1/challenges/${invitedId}`).set(as('notInvited'))).status).toBe(404);
    expect(
      (await api.get('/v1/challenges').set(as('notInvited'))).body.results.map((c: { id: string }) => c.id),
    ).not.toContain(invitedId);
    expect((await api.get(`/v1/challenges/${invitedId}`).set(as('entB'))).status).toBe(404);
    expect(
      (await api.post(`/v1/challenges/${invitedId}/proposals`).set(as('notInvited')).send({ approach: 'x' })).status,
    ).toBe(404);
  });

  it('ends unsolved (流榜) with every proposal answered challenge_unsolved unless another reason is given', async () => {
    const proposal = await api
      .post(`/v1/challenges/${invitedId}/proposals`)
      .set(as('invitee'))
      .send({ approach: '远红外+可见光融合检测' });
    expect(proposal.status).toBe(201);
    expect((await api.post(`/v1/challenges/${invitedId}/evaluate`).set(as('entA'))).status).toBe(409);
    expect((await api.post(`/v1/challenges/${invitedId}/close`).set(as('entA'))).body.state).toBe('closed');
    await api.post(`/v1/challenges/${invitedId}/evaluate`).set(as('entA'));
    const awardingNothing = await api
      .post(`/v1/challenges/${invitedId}/decision`)
      .set(as('entA'))
      .send({ outcome: 'awarded', decisions: [{ proposalId: proposal.body.id, awarded: false, reason: 'immature' }] });
    expect(awardingNothing.status).toBe(400);
    const decided = await api
      .post(`/v1/challenges/${invitedId}/decision`)
      .set(as('entA'))
      .send({ outcome: 'unsolved', decisions: [{ proposalId: proposal.body.id, awarded: false }] });
    expect(decided.body.challenge.state).toBe('unsolved');
    expect(decided.body.proposals[0].decision).toMatchObject({ awarded: false, reason: 'challenge_unsolved' });
  });

  it('cancels a published challenge, answering its proposals challenge_cancelled', async () => {
    const created = await api
      .post('/v1/challenges')
      .set(as('entA'))
      .send({
        title: '玻璃钢铣削分层',
        problem: '厚板铣削分层',
        rewardWan: 10,
        deadline: later(3 * DAY).toISOString(),
      });
    await api.post(`/v1/challenges/${created.body.id}/publish`).set(as('entA')).send({ inviteTop: 0 });
    const proposal = await api
      .post(`/v1/challenges/${created.body.id}/proposals`)
      .set(as('invitee'))
      .send({ approach: '超声辅助铣削' });
    expect((await api.post(`/v1/challenges/${created.body.id}/cancel`).set(as('entB'))).status).toBe(403);
    expect((await api.post(`/v1/challenges/${created.body.id}/cancel`).set(as('entA'))).body.state).toBe('cancelled');
    expect((await api.get(`/v1/proposals/${proposal.body.id}`).set(as('invitee'))).body.decision).toMatchObject({
      reason: 'challenge_cancelled',
    });
  });
});

describe('demo data', () => {
  it('seeds open, closed, awarded and unsolved challenges with proposals on a first start', async () => {
    await challengesFeature.seedDemo!({
      engine,
      logger: createLogger(testConfig(dataDir), memoryLog().stream),
      now: () => clock,
    });
    const list = await api.get('/v1/challenges').set(as('admin'));
    const demo = list.body.results.filter((c: { id: string }) => c.id.startsWith('ch-demo-'));
    const states = Object.fromEntries(demo.map((c: { id: string; state: string }) => [c.id, c.state]));
    expect(states).toEqual({
      'ch-demo-battery': 'published',
      'ch-demo-pedestrian': 'published',
      'ch-demo-pv-fault': 'published',
      'ch-demo-ginseng': 'evaluating',
      'ch-demo-datacenter': 'awarded',
      'ch-demo-membrane': 'unsolved',
      'ch-demo-snowmelt': 'draft',
    });
    const awarded = await api.get('/v1/challenges/ch-demo-datacenter/proposals').set(as('admin'));
    expect(awarded.body.total).toBe(3);
    expect(
      awarded.body.results
        .filter((p: { state: string }) => p.state === 'not_awarded')
        .every((p: { decision: { reason?: string } }) => p.decision.reason),
    ).toBe(true);
  });
});
