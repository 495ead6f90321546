/**
 * Challenges and proposals over the store: each operation reads what it
 * needs, checks the actor's rights and the state machine at `now`, and writes
 * everything it changes in one transaction that names the versions it read.
 * Routes call these; so does the demo seed.
 */
import crypto from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError, type Demand } from '../domain/index.js';
import type { MatchEngine } from '../engine/index.js';
import type { CollectionOp, StoredDoc } from '../store/index.js';
import {
  TEAMS_COLLECTION,
  findTeams,
  loadTeamIndex,
  type FoundTeam,
  type TeamIndex,
  type TeamProfile,
} from '../teams/index.js';
import {
  mayManageChallenge,
  mayReadChallenge,
  mayReadProposal,
  mayReview,
  maySubmitProposal,
  NotAllowedError,
  type Actor,
} from './access.js';
import { signedIntroductionOpsForAward } from './award.js';
import { invitationOps } from './invitations.js';
import { acceptsProposals, effectiveState, transition, undecided, type ChallengeAction } from './lifecycle.js';
import {
  CHALLENGES_COLLECTION,
  DEFAULT_CRITERIA,
  PROPOSALS_COLLECTION,
  reasonLabel,
  type Challenge,
  type ChallengeCreate,
  type ChallengePatch,
  type DecisionInput,
  type Proposal,
  type ProposalCreate,
  type ProposalPatch,
} from './schema.js';

export interface ChallengeDeps {
  engine: MatchEngine;
  now: Date;
  actor: Actor;
}

/** A challenge as served: its state as the clock sees it, and its version for If-Match. */
export type ChallengeView = Challenge & { version: number };
export type ProposalView = Proposal & { version: number };

export function challengeView(doc: StoredDoc<Challenge>, now: Date): ChallengeView {
  return { ...doc.data, state: effectiveState(doc.data, now), version: doc.version };
}

function proposalView(doc: StoredDoc<Proposal>): ProposalView {
  return { ...doc.data, version: doc.version };
}

/** The text a challenge is matched by: what it asks and what it must reach. */
export function challengeQueryText(challenge: Pick<Challenge, 'title' | 'problem' | 'indicators'>): string {
  const indicators = challenge.indicators.map((i) => `${i.name}${i.target}`).join('；');
  return `${challenge.title}。${challenge.problem}${indicators ? `。${indicators}` : ''}`;
}

export function proposalId(challengeId: string, teamId: string): string {
  return `${challengeId}--${teamId}`;
}

function checkPhases(challenge: Pick<Challenge, 'phases' | 'criteria'>): void {
  const codes = new Set(challenge.criteria.map((c) => c.code));
  if (codes.size !== challenge.criteria.length) {
    throw new ValidationError('criterion codes must be distinct', [{ field: 'criteria', message: 'duplicate code' }]);
  }
  challenge.phases.forEach((phase, i) => {
    if (Date.parse(phase.endsAt) < Date.parse(phase.startsAt)) {
      throw new ValidationError(`phase ${phase.name} ends before it starts`, [
        { field: `phases.${i}.endsAt`, message: 'must not be before startsAt' },
      ]);
    }
    phase.criteria.forEach((code, j) => {
      if (!codes.has(code)) {
        throw new ValidationError(`phase ${phase.name} names criterion ${code}, which the challenge does not have`, [
          { field: `phases.${i}.criteria.${j}`, message: 'unknown criterion code' },
        ]);
      }
    });
  });
}

async function readChallenge(deps: ChallengeDeps, id: string): Promise<StoredDoc<Challenge>> {
  const doc = await deps.engine.store.getDoc<Challenge>(CHALLENGES_COLLECTION, id);
  const teamId = await actorTeam(deps);
  // Unseen challenges (drafts, invitations to others) are not found rather than forbidden: their existence is private.
  if (!doc || !mayReadChallengeAsTeam(deps.actor, doc.data, teamId)) {
    throw new NotFoundError(`no challenge with id ${id}; GET /v1/challenges lists those you may see`);
  }
  return doc;
}

/** If-Match is checked before anything else, so a stale client hears 412 rather than some other complaint. */
function checkVersion(doc: StoredDoc<unknown>, collection: string, expectVersion: number | undefined): void {
  if (expectVersion !== undefined && expectVersion !== doc.version) {
    throw new VersionConflictError(collection, doc.id, expectVersion, doc.version);
  }
}

/** An invitation may name the team as the key does, or as it is called after a merge. */
function mayReadChallengeAsTeam(actor: Actor, challenge: Challenge, liveTeamId: string | undefined): boolean {
  return mayReadChallenge(actor, challenge, liveTeamId) || mayReadChallenge(actor, challenge);
}

function requireManager(deps: ChallengeDeps, challenge: Challenge, what: string): void {
  if (!mayManageChallenge(deps.actor, challenge)) {
    throw new NotAllowedError(`only the enterprise that posted challenge ${challenge.id} may ${what} it`);
  }
}

/** The researcher's live team (a key may name a team merged away since). */
export async function actorTeam(deps: Pick<ChallengeDeps, 'engine' | 'actor'>): Promise<string | undefined> {
  let teamId = deps.actor.teamId;
  for (let hops = 0; teamId !== undefined && hops < 16; hops += 1) {
    const doc = await deps.engine.store.getDoc<TeamProfile>(TEAMS_COLLECTION, teamId);
    if (!doc?.data.mergedInto) return teamId;
    teamId = doc.data.mergedInto;
  }
  return teamId;
}

export async function getChallenge(deps: ChallengeDeps, id: string): Promise<ChallengeView> {
  return challengeView(await readChallenge(deps, id), deps.now);
}

export async function listChallenges(
  deps: ChallengeDeps,
  filter: { state?: string; enterpriseId?: string } = {},
): Promise<ChallengeView[]> {
  const teamId = await actorTeam(deps);
  const docs = await deps.engine.store.listDocs<Challenge>(CHALLENGES_COLLECTION, {
    ...(filter.enterpriseId ? { where: { enterpriseId: filter.enterpriseId } } : {}),
    orderBy: { field: 'createdAt', direction: 'desc' },
  });
  return docs
    .filter((doc) => mayReadChallengeAsTeam(deps.actor, doc.data, teamId))
    .map((doc) => challengeView(doc, deps.now))
    .filter((view) => filter.state === undefined || view.state === filter.state);
}

export async function createChallenge(
  deps: ChallengeDeps,
  input: ChallengeCreate,
  options: { id?: string } = {},
): Promise<ChallengeView> {
  const { actor } = deps;
  let enterpriseId: string | undefined;
  if (actor.role === 'enterprise') {
    if (input.enterpriseId !== undefined && input.enterpriseId !== actor.enterpriseId) {
      throw new NotAllowedError(
        `an enterprise key posts challenges for its own enterprise (${actor.enterpriseId}) only`,
      );
    }
    enterpriseId = actor.enterpriseId;
  } else if (actor.role === 'admin') {
    enterpriseId = input.enterpriseId;
  } else {
    throw new NotAllowedError(`a ${actor.role} key may not post challenges; enterprises do`);
  }
  let demand: Demand | undefined;
  if (input.demandId !== undefined) {
    const stored = deps.engine.store.get('demand', input.demandId);
    if (!stored)
      throw new ValidationError(`no demand ${input.demandId}`, [{ field: 'demandId', message: 'not found' }]);
    demand = stored.record;
    if (actor.role === 'enterprise' && demand.enterpriseId !== actor.enterpriseId) {
      throw new NotAllowedError(`demand ${demand.id} belongs to another enterprise`);
    }
    enterpriseId ??= demand.enterpriseId;
  }
  if (!enterpriseId) {
    throw new ValidationError('name the enterprise the challenge is posted for', [
      { field: 'enterpriseId', message: 'required for admin keys unless demandId names an owned demand' },
    ]);
  }
  const title = input.title ?? demand?.title;
  const problem = input.problem ?? demand?.description ?? demand?.title;
  if (!title || !problem) {
    throw new ValidationError('a challenge needs a title and a problem, or a demandId to take them from', [
      { field: title ? 'problem' : 'title', message: 'required without demandId' },
    ]);
  }
  const challenge: Challenge = {
    id: options.id ?? `ch-${crypto.randomBytes(5).toString('hex')}`,
    enterpriseId,
    ...(demand ? { demandId: demand.id } : {}),
    title,
    problem,
    indicators: input.indicators,
    rewardWan: input.rewardWan,
    deadline: input.deadline,
    phases: input.phases,
    criteria: input.criteria ?? DEFAULT_CRITERIA,
    visibility: input.visibility,
    invitedTeams: input.invitedTeams,
    reviewers: input.reviewers,
    ...((input.industry ?? demand?.industry) ? { industry: input.industry ?? demand?.industry } : {}),
    ...((input.region ?? demand?.region) ? { region: input.region ?? demand?.region } : {}),
    state: 'draft',
    createdAt: deps.now.toISOString(),
    awardedProposalIds: [],
  };
  checkPhases(challenge);
  const [doc] = await deps.engine.store.transact([
    { op: 'put', collection: CHALLENGES_COLLECTION, id: challenge.id, data: challenge, expectVersion: 0 },
  ]);
  return challengeView(doc as StoredDoc<Challenge>, deps.now);
}

export async function patchChallenge(
  deps: ChallengeDeps,
  id: string,
  patch: ChallengePatch,
  expectVersion?: number,
): Promise<ChallengeView> {
  const current = await readChallenge(deps, id);
  requireManager(deps, current.data, 'edit');
  checkVersion(current, CHALLENGES_COLLECTION, expectVersion);
  const changed = Object.keys(patch).filter((key) => patch[key as keyof ChallengePatch] !== undefined);
  if (current.data.state !== 'draft') {
    const notReviewers = changed.filter((key) => key !== 'reviewers');
    if (notReviewers.length > 0) {
      throw new ConflictError(
        `challenge ${id} is ${effectiveState(current.data, deps.now)}: only a draft may change ${notReviewers.join(', ')}; reviewers may change until the decision`,
        { fields: notReviewers },
      );
    }
    if (!undecided(current.data)) throw new ConflictError(`challenge ${id} is decided; nothing may change`);
  }
  const next: Challenge = {
    ...current.data,
    ...Object.fromEntries(changed.map((k) => [k, patch[k as keyof ChallengePatch]])),
  };
  checkPhases(next);
  const [doc] = await deps.engine.store.transact([
    { op: 'put', collection: CHALLENGES_COLLECTION, id, data: next, expectVersion: expectVersion ?? current.version },
  ]);
  return challengeView(doc as StoredDoc<Challenge>, deps.now);
}

/** Teams ranked for a challenge's text, explained by their best matching achievements. */
export async function teamsForChallenge(
  engine: MatchEngine,
  challenge: Pick<Challenge, 'title' | 'problem' | 'indicators'>,
  options: { k?: number; index?: TeamIndex } = {},
): Promise<{ total: number; results: FoundTeam[] }> {
  const { total, results } = await findTeams(engine, { text: challengeQueryText(challenge) }, options);
  return { total, results };
}

/** Publishes a draft and invites the best-ranked teams (and those named) through the outbox, in one transaction. */
export async function publishChallenge(
  deps: ChallengeDeps,
  id: string,
  options: { inviteTop: number },
  expectVersion?: number,
): Promise<ChallengeView & { invited: string[] }> {
  const current = await readChallenge(deps, id);
  requireManager(deps, current.data, 'publish');
  checkVersion(current, CHALLENGES_COLLECTION, expectVersion);
  const published = transition(current.data, 'publish', deps.now);
  const index = await loadTeamIndex(deps.engine);
  const named = published.invitedTeams.map((teamId) => {
    const live = index.resolve(teamId);
    if (!live) {
      throw new ValidationError(`invited team ${teamId} has no profile; GET /v1/teams lists them`, [
        { field: 'invitedTeams', message: `unknown team ${teamId}` },
      ]);
    }
    return live;
  });
  const ranked =
    options.inviteTop > 0
      ? (await teamsForChallenge(deps.engine, published, { k: options.inviteTop, index })).results
      : [];
  const invited = [...new Set([...named, ...ranked.map((r) => r.team.id)])];
  const next: Challenge = { ...published, invitedTeams: invited };
  const [doc] = await deps.engine.store.transact([
    { op: 'put', collection: CHALLENGES_COLLECTION, id, data: next, expectVersion: expectVersion ?? current.version },
    ...invitationOps(next, invited, ranked, deps.now),
  ]);
  return { ...challengeView(doc as StoredDoc<Challenge>, deps.now), invited };
}

async function proposalsOf(deps: ChallengeDeps, challengeId: string): Promise<StoredDoc<Proposal>[]> {
  return deps.engine.store.listDocs<Proposal>(PROPOSALS_COLLECTION, { where: { challengeId } });
}

/** close, evaluate and cancel; a cancel answers every open proposal with challenge_cancelled. */
export async function changeChallengeState(
  deps: ChallengeDeps,
  id: string,
  action: Extract<ChallengeAction, 'close' | 'evaluate' | 'cancel'>,
  expectVersion?: number,
): Promise<ChallengeView> {
  const current = await readChallenge(deps, id);
  requireManager(deps, current.data, action);
  checkVersion(current, CHALLENGES_COLLECTION, expectVersion);
  const next = transition(current.data, action, deps.now);
  const ops: CollectionOp[] = [
    { op: 'put', collection: CHALLENGES_COLLECTION, id, data: next, expectVersion: expectVersion ?? current.version },
  ];
  if (action === 'cancel') {
    const at = deps.now.toISOString();
    for (const proposal of await proposalsOf(deps, id)) {
      if (proposal.data.state !== 'submitted') continue;
      const answered: Proposal = {
        ...proposal.data,
        state: 'not_awarded',
        decision: {
          awarded: false,
          reason: 'challenge_cancelled',
          reasonLabel: reasonLabel('challenge_cancelled'),
          at,
        },
        updatedAt: at,
      };
      ops.push({
        op: 'put',
        collection: PROPOSALS_COLLECTION,
        id: proposal.id,
        data: answered,
        expectVersion: proposal.version,
      });
    }
  }
  const [doc] = await deps.engine.store.transact(ops);
  return challengeView(doc as StoredDoc<Challenge>, deps.now);
}

/**
 * Awards one or more proposals, or declares the challenge unsolved (流榜).
 * Every submitted proposal must be decided; each one not awarded carries a
 * reason code (unsolved ones default to challenge_unsolved) and an optional note.
 */
export async function decideChallenge(
  deps: ChallengeDeps,
  id: string,
  input: DecisionInput,
  expectVersion?: number,
): Promise<{ challenge: ChallengeView; proposals: ProposalView[] }> {
  const current = await readChallenge(deps, id);
  requireManager(deps, current.data, 'decide');
  checkVersion(current, CHALLENGES_COLLECTION, expectVersion);
  const next = transition(current.data, input.outcome === 'awarded' ? 'award' : 'unsolved', deps.now);
  const open = (await proposalsOf(deps, id)).filter((p) => p.data.state === 'submitted');
  const byId = new Map(open.map((p) => [p.id, p]));
  const issues: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  input.decisions.forEach((decision, i) => {
    if (!byId.has(decision.proposalId))
      issues.push({ field: `decisions.${i}.proposalId`, message: 'not a submitted proposal of this challenge' });
    if (seen.has(decision.proposalId)) issues.push({ field: `decisions.${i}.proposalId`, message: 'decided twice' });
    seen.add(decision.proposalId);
    if (decision.awarded && input.outcome === 'unsolved')
      issues.push({ field: `decisions.${i}.awarded`, message: 'an unsolved challenge awards nothing' });
    if (!decision.awarded && !decision.reason && input.outcome === 'awarded') {
      issues.push({ field: `decisions.${i}.reason`, message: 'required for a proposal that is not awarded' });
    }
    if (decision.awarded && decision.reason)
      issues.push({ field: `decisions.${i}.reason`, message: 'only for proposals not awarded' });
  });
  for (const proposal of open) {
    if (!seen.has(proposal.id)) issues.push({ field: 'decisions', message: `proposal ${proposal.id} is not decided` });
  }
  const awarded = input.decisions.filter((d) => d.awarded).map((d) => d.proposalId);
  if (input.outcome === 'awarded' && awarded.length === 0)
    issues.push({ field: 'decisions', message: 'award at least one proposal, or declare the challenge unsolved' });
  if (issues.length > 0)
    throw new ValidationError(`invalid decision: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, issues);

  const at = deps.now.toISOString();
  const decided: Challenge = { ...next, awardedProposalIds: awarded };
  const index = await loadTeamIndex(deps.engine);
  const ops: CollectionOp[] = [
    {
      op: 'put',
      collection: CHALLENGES_COLLECTION,
      id,
      data: decided,
      expectVersion: expectVersion ?? current.version,
    },
  ];
  for (const decision of input.decisions) {
    const proposal = byId.get(decision.proposalId)!;
    const reason = decision.awarded ? undefined : (decision.reason ?? 'challenge_unsolved');
    const answered: Proposal = {
      ...proposal.data,
      state: decision.awarded ? 'awarded' : 'not_awarded',
      decision: {
        awarded: decision.awarded,
        ...(reason ? { reason, reasonLabel: reasonLabel(reason) } : {}),
        ...(decision.note ? { note: decision.note } : {}),
        at,
      },
      updatedAt: at,
    };
    ops.push({
      op: 'put',
      collection: PROPOSALS_COLLECTION,
      id: proposal.id,
      data: answered,
      expectVersion: proposal.version,
    });
    if (decision.awarded) {
      ops.push(...signedIntroductionOpsForAward(decided, answered, index.teams.get(answered.teamId), deps.now));
    }
  }
  const written = await deps.engine.store.transact(ops);
  return {
    challenge: challengeView(written[0] as StoredDoc<Challenge>, deps.now),
    proposals: (written.slice(1) as StoredDoc<Proposal>[]).filter((d) => byId.has(d.id)).map(proposalView),
  };
}

async function researcherTeam(deps: ChallengeDeps): Promise<string> {
  if (!maySubmitProposal(deps.actor))
    throw new NotAllowedError('only a researcher key, bound to a team, submits proposals');
  const teamId = await actorTeam(deps);
  const doc = teamId ? await deps.engine.store.getDoc<TeamProfile>(TEAMS_COLLECTION, teamId) : undefined;
  if (!teamId || !doc) {
    throw new NotAllowedError(
      `this key's team ${deps.actor.teamId} has no profile; an admin creates it (POST /v1/teams)`,
    );
  }
  return teamId;
}

function refuseLate(challenge: Challenge, now: Date, what: string): void {
  if (!acceptsProposals(challenge, now)) {
    throw new ConflictError(
      `challenge ${challenge.id} is ${effectiveState(challenge, now)} (deadline ${challenge.deadline}): proposals can no longer be ${what}`,
      { state: effectiveState(challenge, now), deadline: challenge.deadline },
    );
  }
}

/** One proposal per team per challenge: the id is derived from both, and the store refuses a second create. */
export async function submitProposal(
  deps: ChallengeDeps,
  challengeId: string,
  input: ProposalCreate,
): Promise<ProposalView> {
  const teamId = await researcherTeam(deps);
  const challenge = await readChallenge(deps, challengeId);
  refuseLate(challenge.data, deps.now, 'submitted');
  const id = proposalId(challengeId, teamId);
  const existing = await deps.engine.store.getDoc<Proposal>(PROPOSALS_COLLECTION, id);
  if (existing && existing.data.state !== 'withdrawn') {
    throw new ConflictError(
      `team ${teamId} already has proposal ${id} for this challenge; edit it with PATCH /v1/proposals/${id}`,
      {
        proposalId: id,
      },
    );
  }
  const at = deps.now.toISOString();
  const proposal: Proposal = {
    id,
    challengeId,
    teamId,
    state: 'submitted',
    ...input,
    submittedAt: at,
    updatedAt: at,
    reviews: [],
  };
  try {
    const [doc] = await deps.engine.store.transact([
      // Also keeps the challenge's version: a proposal cannot slip in beside a concurrent close.
      {
        op: 'put',
        collection: CHALLENGES_COLLECTION,
        id: challengeId,
        data: challenge.data,
        expectVersion: challenge.version,
      },
      { op: 'put', collection: PROPOSALS_COLLECTION, id, data: proposal, expectVersion: existing?.version ?? 0 },
    ]);
    void doc;
  } catch (error) {
    if ((error as { code?: string }).code === 'version_conflict') {
      throw new ConflictError(
        `team ${teamId} already submitted a proposal for challenge ${challengeId}, or the challenge changed; read it again`,
        {
          proposalId: id,
        },
      );
    }
    throw error;
  }
  const stored = await deps.engine.store.getDoc<Proposal>(PROPOSALS_COLLECTION, id);
  return proposalView(stored!);
}

async function readProposal(
  deps: ChallengeDeps,
  id: string,
): Promise<{ proposal: StoredDoc<Proposal>; challenge: StoredDoc<Challenge> }> {
  const proposal = await deps.engine.store.getDoc<Proposal>(PROPOSALS_COLLECTION, id);
  const challenge = proposal
    ? await deps.engine.store.getDoc<Challenge>(CHALLENGES_COLLECTION, proposal.data.challengeId)
    : undefined;
  const teamId = await actorTeam(deps);
  if (!proposal || !challenge || !mayReadProposal(deps.actor, challenge.data, proposal.data, teamId)) {
    throw new NotFoundError(`no proposal with id ${id} that this key may see`);
  }
  return { proposal, challenge };
}

export async function getProposal(deps: ChallengeDeps, id: string): Promise<ProposalView> {
  return proposalView((await readProposal(deps, id)).proposal);
}

function requireOwnTeam(deps: ChallengeDeps, proposal: Proposal, teamId: string | undefined, what: string): void {
  if (deps.actor.role !== 'researcher' || teamId !== proposal.teamId) {
    throw new NotAllowedError(`only the team that submitted proposal ${proposal.id} may ${what} it`);
  }
}

export async function patchProposal(
  deps: ChallengeDeps,
  id: string,
  patch: ProposalPatch,
  expectVersion?: number,
): Promise<ProposalView> {
  const { proposal, challenge } = await readProposal(deps, id);
  requireOwnTeam(deps, proposal.data, await actorTeam(deps), 'edit');
  checkVersion(proposal, PROPOSALS_COLLECTION, expectVersion);
  if (proposal.data.state !== 'submitted')
    throw new ConflictError(`proposal ${id} is ${proposal.data.state}; only a submitted one may be edited`);
  refuseLate(challenge.data, deps.now, 'edited');
  const changed = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const next: Proposal = { ...proposal.data, ...changed, updatedAt: deps.now.toISOString() };
  const [doc] = await deps.engine.store.transact([
    { op: 'put', collection: PROPOSALS_COLLECTION, id, data: next, expectVersion: expectVersion ?? proposal.version },
  ]);
  return proposalView(doc as StoredDoc<Proposal>);
}

/** Withdrawing is possible until the decision; before the deadline the team may submit again. */
export async function withdrawProposal(deps: ChallengeDeps, id: string, expectVersion?: number): Promise<ProposalView> {
  const { proposal, challenge } = await readProposal(deps, id);
  requireOwnTeam(deps, proposal.data, await actorTeam(deps), 'withdraw');
  checkVersion(proposal, PROPOSALS_COLLECTION, expectVersion);
  if (proposal.data.state !== 'submitted')
    throw new ConflictError(`proposal ${id} is ${proposal.data.state}; only a submitted one may be withdrawn`);
  if (!undecided(challenge.data))
    throw new ConflictError(`challenge ${challenge.id} is decided; proposals can no longer be withdrawn`);
  const at = deps.now.toISOString();
  const [doc] = await deps.engine.store.transact([
    {
      op: 'put',
      collection: PROPOSALS_COLLECTION,
      id,
      data: { ...proposal.data, state: 'withdrawn', withdrawnAt: at, updatedAt: at } satisfies Proposal,
      expectVersion: expectVersion ?? proposal.version,
    },
  ]);
  return proposalView(doc as StoredDoc<Proposal>);
}

/** A reviewer's scores against every criterion of the challenge, once the challenge is closed. */
export async function scoreProposal(
  deps: ChallengeDeps,
  id: string,
  input: { scores: Record<string, number>; note?: string },
): Promise<ProposalView> {
  const { proposal, challenge } = await readProposal(deps, id);
  if (!mayReview(deps.actor, challenge.data)) {
    throw new NotAllowedError(
      `only the posting enterprise and the brokers it invited review proposals of ${challenge.id}`,
    );
  }
  const state = effectiveState(challenge.data, deps.now);
  if (state !== 'closed' && state !== 'evaluating') {
    throw new ConflictError(
      `challenge ${challenge.id} is ${state}: proposals are scored once it is closed and before the decision`,
    );
  }
  if (proposal.data.state !== 'submitted')
    throw new ConflictError(`proposal ${id} is ${proposal.data.state}; only submitted ones are scored`);
  const criteria = challenge.data.criteria;
  const issues = [
    ...criteria
      .filter((c) => !Object.hasOwn(input.scores, c.code))
      .map((c) => ({ field: `scores.${c.code}`, message: 'missing' })),
    ...Object.keys(input.scores)
      .filter((code) => !criteria.some((c) => c.code === code))
      .map((code) => ({ field: `scores.${code}`, message: 'not a criterion of this challenge' })),
  ];
  if (issues.length > 0)
    throw new ValidationError(
      `score every criterion of the challenge (${criteria.map((c) => c.code).join(', ')})`,
      issues,
    );
  const weight = criteria.reduce((sum, c) => sum + c.weight, 0);
  const total = criteria.reduce((sum, c) => sum + c.weight * input.scores[c.code]!, 0) / weight;
  const review = {
    reviewerKeyId: deps.actor.keyId,
    reviewerRole: deps.actor.role,
    scores: input.scores,
    total: Math.round(total * 100) / 100,
    ...(input.note ? { note: input.note } : {}),
    at: deps.now.toISOString(),
  };
  const next: Proposal = {
    ...proposal.data,
    reviews: [...proposal.data.reviews.filter((r) => r.reviewerKeyId !== deps.actor.keyId), review],
  };
  const [doc] = await deps.engine.store.transact([
    { op: 'put', collection: PROPOSALS_COLLECTION, id, data: next, expectVersion: proposal.version },
  ]);
  return proposalView(doc as StoredDoc<Proposal>);
}

/** The proposals of a challenge this key may see: all for its reviewers, the team's own for a researcher. */
export async function listChallengeProposals(
  deps: ChallengeDeps,
  challengeId: string,
): Promise<{ challenge: ChallengeView; proposals: ProposalView[] }> {
  const challenge = await readChallenge(deps, challengeId);
  const teamId = await actorTeam(deps);
  const proposals = (await proposalsOf(deps, challengeId))
    .filter((p) => mayReadProposal(deps.actor, challenge.data, p.data, teamId))
    .map(proposalView);
  return { challenge: challengeView(challenge, deps.now), proposals };
}

/** A researcher's own proposals, newest first. */
export async function listOwnProposals(deps: ChallengeDeps): Promise<ProposalView[]> {
  if (deps.actor.role !== 'researcher')
    throw new NotAllowedError(
      "GET /v1/proposals lists a researcher team's own proposals; reviewers list them per challenge",
    );
  const teamId = await actorTeam(deps);
  if (!teamId) return [];
  const docs = await deps.engine.store.listDocs<Proposal>(PROPOSALS_COLLECTION, {
    where: { teamId },
    orderBy: { field: 'submittedAt', direction: 'desc' },
  });
  return docs.map(proposalView);
}
