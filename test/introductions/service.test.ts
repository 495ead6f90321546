import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '../../src/domain/index.js';
import {
  ForbiddenError,
  INTRODUCTIONS,
  createIntroduction,
  declineReasonListSchema,
  expireDue,
  getIntroduction,
  listIntroductions,
  loadDeclineReasons,
  pairMarksForDemand,
  pairOutcomeReader,
  transitionIntroduction,
  type Actor,
  type TransitionInput,
} from '../../src/introductions/index.js';
import { activeRegions } from '../../src/regions/index.js';
import type { RecordStore } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import {
  ADMIN,
  BROKER,
  BROKER_CC,
  BROKER_NONGAN,
  ENTERPRISE_A,
  ENTERPRISE_B,
  SETTINGS,
  openFixtureStore,
} from './fixtures.js';

let dir: string;
let store: RecordStore;
const T0 = new Date('2026-10-10T02:00:00Z');
const later = (days: number) => new Date(T0.getTime() + days * 86_400_000);

beforeEach(async () => {
  dir = tempDir('kjcg-intro-');
  store = await openFixtureStore(dir);
});

afterEach(async () => {
  await store.flush();
  fs.rmSync(dir, { recursive: true, force: true });
});

const propose = (actor: Actor, demandId: string, achievementId: string, now = T0) =>
  createIntroduction(store, actor, { demandId, achievementId, match: { rank: 1, score: 0.5 } }, SETTINGS, now);
const move = (actor: Actor, id: string, input: TransitionInput, now = T0, expectVersion?: number) =>
  transitionIntroduction(store, actor, id, input, SETTINGS, now, expectVersion);
const CONTRACT = { type: '技术开发' as const, amountWan: 120, signedOn: '2026-11-02', registrationNo: '2222010000123' };

describe('an introduction from proposal to contract', () => {
  it('walks proposed → sent → accepted → negotiating → signed, appending one history entry per step with actor and note', async () => {
    const created = await propose(BROKER, 'D1', 'X1');
    expect(created).toMatchObject({ state: 'proposed', origin: 'broker', brokerKeyId: 'key_broker', version: 1 });
    expect(created.demand).toMatchObject({ region: '长春市', enterpriseId: 'ent-a', industry: '汽车制造' });
    const sent = await move(BROKER, created.id, { to: 'sent', note: '已电话沟通' }, later(1));
    const accepted = await move(ENTERPRISE_A, created.id, { to: 'accepted' }, later(3));
    const negotiating = await move(ENTERPRISE_A, created.id, { to: 'negotiating' }, later(5));
    const signed = await move(BROKER, created.id, { to: 'signed', contract: CONTRACT }, later(20));
    expect([sent.version, accepted.version, negotiating.version, signed.version]).toEqual([2, 3, 4, 5]);
    expect(signed.contract).toEqual(CONTRACT);
    expect(signed.history.map((h) => [h.from, h.to, h.actor.keyId])).toEqual([
      [null, 'proposed', 'key_broker'],
      ['proposed', 'sent', 'key_broker'],
      ['sent', 'accepted', 'key_ent_a'],
      ['accepted', 'negotiating', 'key_ent_a'],
      ['negotiating', 'signed', 'key_broker'],
    ]);
    expect(signed.history[1]).toMatchObject({ note: '已电话沟通', at: later(1).toISOString() });
    // Earlier entries are kept exactly as written.
    expect(signed.history.slice(0, 2)).toEqual(sent.history);
    const read = await getIntroduction(store, ADMIN, created.id, SETTINGS, later(30));
    expect(read).toEqual(signed);
  });

  it('refuses every move out of each terminal state with a 409 that names what is allowed (nothing)', async () => {
    const ids = {
      signed: (await propose(BROKER, 'D1', 'X1')).id,
      declined: (await propose(BROKER, 'D1', 'X2')).id,
      withdrawn: (await propose(BROKER, 'D1', 'X3')).id,
    };
    await move(BROKER, ids.signed, { to: 'sent' });
    await move(BROKER, ids.signed, { to: 'accepted' });
    await move(BROKER, ids.signed, { to: 'signed', contract: CONTRACT });
    await move(BROKER, ids.declined, { to: 'sent' });
    await move(ENTERPRISE_A, ids.declined, { to: 'declined', reason: { code: 'cost', text: '预算只有20万' } });
    await move(BROKER, ids.withdrawn, { to: 'withdrawn' });
    for (const [state, id] of Object.entries(ids)) {
      for (const to of ['sent', 'accepted', 'negotiating', 'signed', 'declined', 'withdrawn', 'expired'] as const) {
        const error = await move(ADMIN, id, { to }).catch((e: unknown) => e);
        expect(error, `${state} → ${to}`).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).details).toMatchObject({ state, to, allowed: [] });
      }
    }
  });

  it('refuses a skipped step as a conflict naming the allowed states, and a role that may not take the step as forbidden', async () => {
    const { id } = await propose(BROKER, 'D1', 'X1');
    const skipped = await move(BROKER, id, { to: 'accepted' }).catch((e: unknown) => e);
    expect(skipped).toBeInstanceOf(ConflictError);
    expect((skipped as ConflictError).message).toContain('allowed for a broker key: sent, withdrawn');
    const byEnterprise = await move(ENTERPRISE_A, id, { to: 'sent' }).catch((e: unknown) => e);
    expect(byEnterprise).toBeInstanceOf(ForbiddenError);
    await move(BROKER, id, { to: 'sent' });
    await move(ENTERPRISE_A, id, { to: 'accepted' });
    expect(await move(ENTERPRISE_A, id, { to: 'signed', contract: CONTRACT }).catch((e: unknown) => e)).toBeInstanceOf(
      ForbiddenError,
    );
    expect(await move(ENTERPRISE_A, id, { to: 'withdrawn' }).catch((e: unknown) => e)).toBeInstanceOf(ForbiddenError);
  });

  it('needs a configured reason code to decline, and a contract to sign', async () => {
    const { id } = await propose(BROKER, 'D1', 'X1');
    await move(BROKER, id, { to: 'sent' });
    const noReason = await move(ENTERPRISE_A, id, { to: 'declined' }).catch((e: unknown) => e);
    expect((noReason as ValidationError).details.issues[0]!.field).toBe('reason');
    const badReason = await move(ENTERPRISE_A, id, { to: 'declined', reason: { code: 'boring' } }).catch(
      (e: unknown) => e,
    );
    expect((badReason as ValidationError).details.issues[0]!.field).toBe('reason.code');
    await move(ENTERPRISE_A, id, { to: 'accepted' });
    const noContract = await move(BROKER, id, { to: 'signed' }).catch((e: unknown) => e);
    expect((noContract as ValidationError).details.issues[0]!.field).toBe('contract');
    const reasonOnSign = await move(BROKER, id, { to: 'signed', contract: CONTRACT, reason: { code: 'cost' } }).catch(
      (e: unknown) => e,
    );
    expect((reasonOnSign as ValidationError).details.issues[0]!.field).toBe('reason');
  });

  it("records whose no a broker relays, and keeps an enterprise's own decline as the enterprise's", async () => {
    const a = await propose(BROKER, 'D1', 'X1');
    await move(BROKER, a.id, { to: 'sent' });
    const byHolder = await move(BROKER, a.id, { to: 'declined', declinedBy: 'holder', reason: { code: 'ip' } });
    expect(byHolder.decline).toEqual({ code: 'ip', label: '知识产权归属或状态问题', by: 'holder' });
    const b = await propose(BROKER, 'D1', 'X2');
    await move(BROKER, b.id, { to: 'sent' });
    const own = await move(ENTERPRISE_A, b.id, { to: 'declined', declinedBy: 'holder', reason: { code: 'ip' } }).catch(
      (e: unknown) => e,
    );
    expect(own).toBeInstanceOf(ValidationError);
  });
});

describe('one live introduction per pair', () => {
  it('refuses a second proposal of a pair while one is live, and allows it once that one is closed', async () => {
    const first = await propose(BROKER, 'D1', 'X1');
    const second = await propose(BROKER_CC, 'D1', 'X1').catch((e: unknown) => e);
    expect(second).toBeInstanceOf(ConflictError);
    expect((second as ConflictError).details).toMatchObject({ introductionId: first.id, state: 'proposed' });
    await move(BROKER, first.id, { to: 'withdrawn' });
    expect((await propose(BROKER_CC, 'D1', 'X1')).state).toBe('proposed');
  });

  it('lets only one of two concurrent proposals of the same pair through', async () => {
    const results = await Promise.allSettled([propose(BROKER, 'D1', 'X5'), propose(ADMIN, 'D1', 'X5')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [rejected] = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected!.reason).toBeInstanceOf(ConflictError);
    expect(await store.countDocs(INTRODUCTIONS)).toBe(1);
  });
});

describe('concurrent transitions', () => {
  it('lets exactly one of two moves that read the same version win; the other is a version conflict', async () => {
    const { id, version } = await propose(BROKER, 'D1', 'X1');
    await move(BROKER, id, { to: 'sent' }, T0, version);
    const settled = await Promise.allSettled([
      move(ENTERPRISE_A, id, { to: 'accepted' }, T0, 2),
      move(BROKER, id, { to: 'withdrawn' }, T0, 2),
    ]);
    expect(settled.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(VersionConflictError);
    const stored = await getIntroduction(store, ADMIN, id, SETTINGS, T0);
    expect(stored.version).toBe(3);
    expect(stored.history).toHaveLength(3);
  });

  it('refuses a stale If-Match version before judging the move', async () => {
    const { id } = await propose(BROKER, 'D1', 'X1');
    await move(BROKER, id, { to: 'sent' });
    const stale = await move(BROKER, id, { to: 'withdrawn' }, T0, 1).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(VersionConflictError);
  });
});

describe('expiry', () => {
  it('reads a sent introduction as expired once the configured days have passed, refuses moves, and writes it when asked', async () => {
    const { id } = await propose(BROKER, 'D1', 'X1');
    await move(BROKER, id, { to: 'sent' });
    expect((await getIntroduction(store, ADMIN, id, SETTINGS, later(29.9))).state).toBe('sent');
    const overdue = await getIntroduction(store, ADMIN, id, SETTINGS, later(30));
    expect(overdue.state).toBe('expired');
    expect(overdue.history.at(-1)).toMatchObject({ from: 'sent', to: 'expired', at: later(30).toISOString() });
    expect(overdue.version).toBe(2);
    const refused = await move(ENTERPRISE_A, id, { to: 'accepted' }, later(31)).catch((e: unknown) => e);
    expect((refused as ConflictError).details).toMatchObject({ state: 'expired', allowed: [] });
    // A shorter configured expiry applies to what is already sent.
    expect((await getIntroduction(store, ADMIN, id, { ...SETTINGS, expiryDays: 7 }, later(8))).state).toBe('expired');

    expect(await expireDue(store, SETTINGS, later(29))).toBe(0);
    expect(await expireDue(store, SETTINGS, later(40))).toBe(1);
    const written = await store.getDoc<{ state: string; history: unknown[] }>(INTRODUCTIONS, id);
    expect(written!.data.state).toBe('expired');
    // What was written is what reads showed.
    const { version: _v, ...shown } = overdue;
    expect(written!.data).toEqual(shown);
    expect(await expireDue(store, SETTINGS, later(50))).toBe(0);
  });

  it('does not expire what is not waiting for an answer', async () => {
    const { id } = await propose(BROKER, 'D1', 'X1');
    expect((await getIntroduction(store, ADMIN, id, SETTINGS, later(400))).state).toBe('proposed');
    await move(BROKER, id, { to: 'sent' });
    await move(ENTERPRISE_A, id, { to: 'accepted' }, later(2));
    expect((await getIntroduction(store, ADMIN, id, SETTINGS, later(400))).state).toBe('accepted');
  });
});

describe('scope: who sees and moves what', () => {
  it('lets a broker scoped to a sub-market act on demands inside it only, a county-node broker on its county only (others are not found)', async () => {
    const d1 = await propose(BROKER_CC, 'D1', 'X1');
    const d2 = await propose(BROKER_NONGAN, 'D2', 'X1');
    expect(await propose(BROKER_CC, 'D3', 'X1').catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
    expect(await propose(BROKER_NONGAN, 'D1', 'X2').catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
    // Unplaced demands are in no scope.
    expect(await propose(BROKER_CC, 'D4', 'X1').catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
    const d3 = await propose(BROKER, 'D3', 'X1');
    // Achievements are province-wide: the 长春 broker proposes an achievement from anywhere.
    expect(activeRegions().inScope('SM-CC', store.get('achievement', 'X1')!.record.region)).toBe(false);

    expect(await move(BROKER_NONGAN, d1.id, { to: 'sent' }).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
    expect((await move(BROKER_CC, d2.id, { to: 'sent' })).state).toBe('sent');
    expect(await getIntroduction(store, BROKER_CC, d3.id, SETTINGS, T0).catch((e: unknown) => e)).toBeInstanceOf(
      NotFoundError,
    );

    const list = (actor: Actor) =>
      listIntroductions(store, actor, { limit: 50, offset: 0 }, SETTINGS, T0, (c, t) =>
        activeRegions().inScope(c, t ?? undefined),
      ).then((page) => page.items.map((i) => i.demandId).sort());
    expect(await list(BROKER_CC)).toEqual(['D1', 'D2']);
    expect(await list(BROKER_NONGAN)).toEqual(['D2']);
    expect(await list(BROKER)).toEqual(['D1', 'D2', 'D3']);
    expect(await list(ENTERPRISE_A)).toEqual(['D1', 'D2']);
    expect(await list(ENTERPRISE_B)).toEqual(['D3']);
  });

  it('lets an enterprise request an introduction for its own demand only, and answer only its own', async () => {
    const request = await propose(ENTERPRISE_A, 'D1', 'X3');
    expect(request).toMatchObject({ origin: 'enterprise', brokerKeyId: null, state: 'proposed' });
    expect(await propose(ENTERPRISE_A, 'D3', 'X3').catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
    const sent = await move(BROKER, request.id, { to: 'sent' });
    // Sending a request makes the sender its broker.
    expect(sent.brokerKeyId).toBe('key_broker');
    expect(await move(ENTERPRISE_B, request.id, { to: 'accepted' }).catch((e: unknown) => e)).toBeInstanceOf(
      NotFoundError,
    );
    expect((await move(ENTERPRISE_A, request.id, { to: 'accepted' })).state).toBe('accepted');
  });
});

describe('outcomes', () => {
  it('marks live pairs, suppresses pairs declined as irrelevant or solved, and gives the ranking +1/-1 labels', async () => {
    const live = await propose(BROKER, 'D1', 'X1');
    const irrelevant = await propose(BROKER, 'D1', 'X2');
    const solved = await propose(BROKER, 'D1', 'X3');
    const cost = await propose(BROKER, 'D1', 'X4');
    const signed = await propose(BROKER, 'D1', 'X5');
    for (const i of [irrelevant, solved, cost, signed]) await move(BROKER, i.id, { to: 'sent' });
    await move(ENTERPRISE_A, irrelevant.id, { to: 'declined', reason: { code: 'irrelevant' } });
    await move(ENTERPRISE_A, solved.id, { to: 'declined', reason: { code: 'solved' } });
    await move(ENTERPRISE_A, cost.id, { to: 'declined', reason: { code: 'cost' } });
    await move(ENTERPRISE_A, signed.id, { to: 'accepted' });
    await move(BROKER, signed.id, { to: 'signed', contract: CONTRACT });

    const marks = await pairMarksForDemand(store, 'D1', SETTINGS, T0);
    expect([...marks.live.entries()]).toEqual([['X1', { introductionId: live.id, state: 'proposed' }]]);
    expect([...marks.suppressed.keys()].sort()).toEqual(['X2', 'X3']);
    expect(marks.suppressed.get('X2')).toMatchObject({ reason: 'irrelevant', label: '与需求无关' });

    const outcomes = await pairOutcomeReader(store, SETTINGS, () => T0)();
    expect(outcomes.map((o) => [o.achievementId, o.label, o.source]).sort()).toEqual([
      ['X2', -1, 'declined:irrelevant'],
      ['X5', 1, 'signed'],
    ]);
  });
});

describe('decline reasons', () => {
  it('loads the default eight, or a valid list of its own, and refuses duplicates and bad codes', () => {
    expect(loadDeclineReasons(undefined)).toHaveLength(8);
    const file = `${dir}/reasons.json`;
    fs.writeFileSync(file, JSON.stringify([{ code: 'too_far', label: '距离太远' }]));
    expect(loadDeclineReasons(file)).toEqual([{ code: 'too_far', label: '距离太远' }]);
    expect(
      declineReasonListSchema.safeParse([
        { code: 'a', label: 'x' },
        { code: 'a', label: 'y' },
      ]).success,
    ).toBe(false);
    fs.writeFileSync(file, JSON.stringify([{ code: 'Bad Code', label: 'x' }]));
    expect(() => loadDeclineReasons(file)).toThrow(ValidationError);
  });
});
