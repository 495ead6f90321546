/**
 * Introductions over the store's collections: create, move, read, list, and
 * expire. Every change is one `transact` that names the version it read, so two
 * concurrent transitions of one introduction cannot both win, and a change is
 * durable when the call returns.
 *
 * Two collections:
 * - `introductions`: one document per introduction, its history inside (append-only);
 * - `introduction_pairs`: one document per demand–achievement pair naming its latest
 *   introduction. Creating writes it with the version read, so two brokers proposing
 *   the same pair at once cannot both succeed.
 *
 * Expiry is applied when read: a `sent` introduction past its deadline reads as
 * `expired` (with the system's history entry dated at the deadline) and refuses
 * every transition. `expireDue` writes those entries for good (nightly, or
 * POST /v1/introductions/expire); what it writes is what reads already showed.
 */
import crypto from 'node:crypto';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
  type Achievement,
  type Demand,
} from '../domain/index.js';
import type { Store, StoredDoc } from '../store/index.js';
import { type Actor, mayCreateIntroduction, mayReachDemand, type DemandPlace } from './access.js';
import { ForbiddenError } from './errors.js';
import { judgeTransition } from './machine.js';
import type { DeclineReason } from './reasons.js';
import {
  LIVE_STATES,
  type ActorRef,
  type HistoryEntry,
  type Introduction,
  type IntroductionState,
  type MatchSnapshot,
  type TransitionInput,
} from './schema.js';

export const INTRODUCTIONS = 'introductions';
export const INTRODUCTION_PAIRS = 'introduction_pairs';

export interface IntroductionSettings {
  /** Days a sent introduction waits for an answer. */
  expiryDays: number;
  reasons: DeclineReason[];
}

export interface VersionedIntroduction extends Introduction {
  /** The store's version: the ETag, and what If-Match names. */
  version: number;
}

interface PairDoc {
  demandId: string;
  achievementId: string;
  latestId: string;
}

const DAY_MS = 86_400_000;

function pairId(demandId: string, achievementId: string): string {
  // encodeURIComponent escapes "|", so the two halves cannot run into each other.
  return `${encodeURIComponent(demandId)}|${encodeURIComponent(achievementId)}`;
}

function actorRef(actor: Actor): ActorRef {
  return { keyId: actor.keyId, role: actor.role };
}

/** When a sent introduction expires: its last `sent` entry plus the expiry days. */
export function expiryDeadline(introduction: Introduction, expiryDays: number): Date | undefined {
  if (introduction.state !== 'sent') return undefined;
  const sent = [...introduction.history].reverse().find((entry) => entry.to === 'sent');
  return sent ? new Date(Date.parse(sent.at) + expiryDays * DAY_MS) : undefined;
}

/** The introduction as it stands at `now`: a sent one past its deadline reads as expired. */
export function effectiveIntroduction(introduction: Introduction, now: Date, expiryDays: number): Introduction {
  const deadline = expiryDeadline(introduction, expiryDays);
  if (!deadline || deadline.getTime() > now.getTime()) return introduction;
  const entry: HistoryEntry = {
    at: deadline.toISOString(),
    from: 'sent',
    to: 'expired',
    actor: { keyId: 'system', role: 'system' },
    note: `no answer within ${expiryDays} days`,
  };
  return { ...introduction, state: 'expired', history: [...introduction.history, entry] };
}

function versioned(doc: StoredDoc<Introduction>, now: Date, settings: IntroductionSettings): VersionedIntroduction {
  return { ...effectiveIntroduction(doc.data, now, settings.expiryDays), version: doc.version };
}

/** Where the demand behind an introduction is: the record as it is now, or the snapshot once it is deleted. */
export function demandPlaceOf(store: Store, introduction: Introduction): DemandPlace {
  const demand = store.get('demand', introduction.demandId)?.record;
  if (demand) return { enterpriseId: demand.enterpriseId ?? null, region: demand.region ?? null };
  return { enterpriseId: introduction.demand.enterpriseId, region: introduction.demand.region };
}

export function newIntroductionId(): string {
  return `int_${crypto.randomBytes(6).toString('hex')}`;
}

export interface NewIntroduction {
  demandId: string;
  achievementId: string;
  note?: string;
  match: MatchSnapshot | null;
}

export async function createIntroduction(
  store: Store,
  actor: Actor,
  input: NewIntroduction,
  settings: IntroductionSettings,
  now: Date,
): Promise<VersionedIntroduction> {
  const demand = store.get('demand', input.demandId);
  if (!demand) throw new NotFoundError(`no demand with id ${input.demandId}`, { field: 'demandId' });
  const achievement = store.get('achievement', input.achievementId);
  if (!achievement)
    throw new NotFoundError(`no achievement with id ${input.achievementId}`, { field: 'achievementId' });
  // Another enterprise's demand, or one outside a broker's scope, is not there for this key (as in /v1/demands).
  if (!mayCreateIntroduction(actor, demand.record)) {
    throw new NotFoundError(`no demand with id ${input.demandId}`, { field: 'demandId' });
  }
  const introduction = newIntroduction(actor, input, demand, achievement, now);
  for (let attempt = 0; ; attempt += 1) {
    const pair = await store.getDoc<PairDoc>(INTRODUCTION_PAIRS, pairId(input.demandId, input.achievementId));
    if (pair) await refuseIfLive(store, pair.data.latestId, now, settings);
    try {
      const [, written] = await store.transact([
        {
          op: 'put',
          collection: INTRODUCTION_PAIRS,
          id: pairId(input.demandId, input.achievementId),
          data: { demandId: input.demandId, achievementId: input.achievementId, latestId: introduction.id },
          expectVersion: pair?.version ?? 0,
        },
        { op: 'put', collection: INTRODUCTIONS, id: introduction.id, data: introduction, expectVersion: 0 },
      ]);
      return { ...introduction, version: written!.version };
    } catch (error) {
      // Another introduction of this pair was created meanwhile: read again, and refuse it as live.
      if (error instanceof VersionConflictError && error.details.collection === INTRODUCTION_PAIRS && attempt < 3)
        continue;
      throw error;
    }
  }
}

function newIntroduction(
  actor: Actor,
  input: NewIntroduction,
  demand: { record: Demand; meta: { industry: string } },
  achievement: { record: Achievement; meta: { industry: string } },
  now: Date,
): Introduction {
  const at = now.toISOString();
  return {
    id: newIntroductionId(),
    demandId: input.demandId,
    achievementId: input.achievementId,
    origin: actor.role === 'enterprise' ? 'enterprise' : 'broker',
    state: 'proposed',
    brokerKeyId: actor.role === 'enterprise' ? null : actor.keyId,
    createdAt: at,
    match: input.match,
    demand: {
      title: demand.record.title,
      enterpriseId: demand.record.enterpriseId ?? null,
      region: demand.record.region ?? null,
      industry: demand.meta.industry,
    },
    achievement: { title: achievement.record.title, industry: achievement.meta.industry },
    history: [
      withoutUndefined<HistoryEntry>({
        at,
        from: null,
        to: 'proposed',
        actor: actorRef(actor),
        note: input.note ?? (actor.role === 'enterprise' ? 'requested by the enterprise' : undefined),
      }),
    ],
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

async function refuseIfLive(store: Store, id: string, now: Date, settings: IntroductionSettings): Promise<void> {
  const latest = await store.getDoc<Introduction>(INTRODUCTIONS, id);
  if (!latest) return;
  const state = effectiveIntroduction(latest.data, now, settings.expiryDays).state;
  if (LIVE_STATES.has(state)) {
    throw new ConflictError(
      `this pair already has a live introduction (${id}, ${state}); work on that one, or withdraw it first`,
      { introductionId: id, state },
    );
  }
}

async function readForActor(store: Store, actor: Actor, id: string): Promise<StoredDoc<Introduction>> {
  const doc = await store.getDoc<Introduction>(INTRODUCTIONS, id);
  if (!doc) throw new NotFoundError(`no introduction with id ${id}`);
  // Introductions of demands the key may not see are not there for it: 404, as for the demands themselves.
  if (!mayReachDemand(actor, demandPlaceOf(store, doc.data))) throw new NotFoundError(`no introduction with id ${id}`);
  return doc;
}

export async function getIntroduction(
  store: Store,
  actor: Actor,
  id: string,
  settings: IntroductionSettings,
  now: Date,
): Promise<VersionedIntroduction> {
  return versioned(await readForActor(store, actor, id), now, settings);
}

/**
 * Moves an introduction to `input.to`. `expectVersion` is the version the caller
 * read (If-Match); without it the version read here is used, which still keeps
 * two concurrent moves from both winning.
 */
export async function transitionIntroduction(
  store: Store,
  actor: Actor,
  id: string,
  input: TransitionInput,
  settings: IntroductionSettings,
  now: Date,
  expectVersion?: number,
): Promise<VersionedIntroduction> {
  const doc = await readForActor(store, actor, id);
  if (expectVersion !== undefined && doc.version !== expectVersion) {
    throw new VersionConflictError(INTRODUCTIONS, id, expectVersion, doc.version);
  }
  const current = effectiveIntroduction(doc.data, now, settings.expiryDays);
  const verdict = judgeTransition(current.state, input.to, actor.role);
  if (!verdict.ok && verdict.kind === 'illegal') {
    const allowed = verdict.allowed.length > 0 ? verdict.allowed.join(', ') : 'none';
    throw new ConflictError(
      `introduction ${id} is ${current.state}: it cannot move to ${input.to}; allowed for a ${actor.role} key: ${allowed}`,
      { state: current.state, to: input.to, allowed: verdict.allowed },
    );
  }
  if (!verdict.ok) {
    throw new ForbiddenError(`a ${actor.role} key may not move an introduction to ${input.to}`, {
      state: current.state,
      to: input.to,
      roles: verdict.roles,
    });
  }
  const next = applyTransition(current, actor, input, settings, now);
  const [written] = await store.transact([
    { op: 'put', collection: INTRODUCTIONS, id, data: next, expectVersion: doc.version },
  ]);
  return { ...next, version: written!.version };
}

function applyTransition(
  current: Introduction,
  actor: Actor,
  input: TransitionInput,
  settings: IntroductionSettings,
  now: Date,
): Introduction {
  if (input.to !== 'declined' && (input.reason || input.declinedBy)) {
    throw new ValidationError('a reason is given only when declining', [
      { field: input.reason ? 'reason' : 'declinedBy', message: 'only with to=declined' },
    ]);
  }
  if (input.to !== 'signed' && input.contract) {
    throw new ValidationError('a contract is given only when signing', [
      { field: 'contract', message: 'only with to=signed' },
    ]);
  }
  const entry = withoutUndefined<HistoryEntry>({
    at: now.toISOString(),
    from: current.state,
    to: input.to,
    actor: actorRef(actor),
    note: input.note,
  });
  const next: Introduction = { ...current, state: input.to, history: [...current.history, entry] };
  if (input.to === 'sent' && next.brokerKeyId === null && actor.role !== 'enterprise') next.brokerKeyId = actor.keyId;
  if (input.to === 'declined') next.decline = declineOf(actor, input, settings);
  if (input.to === 'signed') {
    if (!input.contract) {
      throw new ValidationError('signing records the contract: type, amountWan, signedOn (and registrationNo)', [
        { field: 'contract', message: 'required with to=signed' },
      ]);
    }
    next.contract = input.contract;
  }
  return next;
}

function declineOf(actor: Actor, input: TransitionInput, settings: IntroductionSettings): Introduction['decline'] {
  const codes = settings.reasons.map((r) => r.code);
  if (!input.reason) {
    throw new ValidationError(`declining needs a reason code: one of ${codes.join(', ')}`, [
      { field: 'reason', message: 'required with to=declined' },
    ]);
  }
  const reason = settings.reasons.find((r) => r.code === input.reason!.code);
  if (!reason) {
    throw new ValidationError(`unknown decline reason ${input.reason.code}; use one of ${codes.join(', ')}`, [
      { field: 'reason.code', message: `must be one of ${codes.join(', ')}` },
    ]);
  }
  if (actor.role === 'enterprise' && input.declinedBy === 'holder') {
    throw new ValidationError("an enterprise key declines for the enterprise; the holder's no is relayed by a broker", [
      { field: 'declinedBy', message: 'must be enterprise for an enterprise key' },
    ]);
  }
  return withoutUndefined({
    code: reason.code,
    label: reason.label,
    text: input.reason.text,
    by: actor.role === 'enterprise' ? 'enterprise' : (input.declinedBy ?? 'enterprise'),
  });
}

export interface IntroductionListQuery {
  state?: IntroductionState[];
  demandId?: string;
  achievementId?: string;
  enterpriseId?: string;
  brokerKeyId?: string;
  /** A region code: only introductions whose demand lies inside it. */
  regionCode?: string;
  limit: number;
  offset: number;
}

/** Every introduction as it stands at `now` (expiry applied), unfiltered: statistics and outcomes read this. */
export async function allIntroductions(
  store: Store,
  settings: IntroductionSettings,
  now: Date,
): Promise<VersionedIntroduction[]> {
  const docs = await store.listDocs<Introduction>(INTRODUCTIONS);
  return docs.map((doc) => versioned(doc, now, settings));
}

/** Introductions of one demand (expiry applied). */
export async function listIntroductions(
  store: Store,
  actor: Actor,
  query: IntroductionListQuery,
  settings: IntroductionSettings,
  now: Date,
  inRegion: (regionCode: string, regionText: string | null | undefined) => boolean,
): Promise<{ total: number; offset: number; limit: number; items: VersionedIntroduction[] }> {
  const where = {
    ...(query.demandId !== undefined ? { demandId: query.demandId } : {}),
    ...(query.achievementId !== undefined ? { achievementId: query.achievementId } : {}),
    ...(query.brokerKeyId !== undefined ? { brokerKeyId: query.brokerKeyId } : {}),
  };
  const docs = await store.listDocs<Introduction>(INTRODUCTIONS, { where });
  const matching = docs
    .map((doc) => versioned(doc, now, settings))
    .filter((intro) => {
      const place = demandPlaceOf(store, intro);
      if (!mayReachDemand(actor, place)) return false;
      if (query.state && !query.state.includes(intro.state)) return false;
      if (query.enterpriseId !== undefined && place.enterpriseId !== query.enterpriseId) return false;
      if (query.regionCode !== undefined && !inRegion(query.regionCode, place.region)) return false;
      return true;
    })
    .sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.id < b.id ? -1 : 1));
  return {
    total: matching.length,
    offset: query.offset,
    limit: query.limit,
    items: matching.slice(query.offset, query.offset + query.limit),
  };
}

/** Writes the expiry of every sent introduction past its deadline; returns how many. */
export async function expireDue(store: Store, settings: IntroductionSettings, now: Date): Promise<number> {
  const docs = await store.listDocs<Introduction>(INTRODUCTIONS, { where: { state: 'sent' } });
  let expired = 0;
  for (const doc of docs) {
    const current = effectiveIntroduction(doc.data, now, settings.expiryDays);
    if (current.state !== 'expired') continue;
    try {
      await store.transact([
        { op: 'put', collection: INTRODUCTIONS, id: doc.id, data: current, expectVersion: doc.version },
      ]);
      expired += 1;
    } catch (error) {
      // Moved by somebody else since it was read: it is no longer a plain overdue `sent`.
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  return expired;
}
