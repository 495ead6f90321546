/**
 * /v1/teams: research team profiles (derived, edited, merged), and expert
 * finding: teams for a demand, teams for a challenge, challenges for a team.
 */
import type { Express } from 'express';
import {
  actorTeam,
  getChallenge,
  listChallenges,
  mayReview,
  teamsForChallenge,
  type Actor,
} from '../../../challenges/index.js';
import { NotAllowedError } from '../../../challenges/index.js';
import {
  TEAMS_COLLECTION,
  createTeam,
  deriveStoredTeams,
  findTeams,
  getTeam,
  loadTeamIndex,
  mergeStoredTeams,
  patchTeam,
  teamCreateSchema,
  teamMergeSchema,
  teamPatchSchema,
  type TeamProfile,
} from '../../../teams/index.js';
import { authenticate, callerOf, requireCapability } from '../../auth.js';
import { jsonBody } from '../../body.js';
import type { ServiceContext } from '../../context.js';
import { forbidden } from '../../errors.js';
import { mayReadDemand } from '../../policy.js';
import { parseInput, pathId } from '../../query.js';
import { actorOf, ifMatch, teamListQuery, teamsQuery, withEtag } from './http.js';

function mayCurateTeams(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'broker';
}

export function registerTeamRoutes(app: Express, ctx: ServiceContext): void {
  const { engine, config } = ctx;
  const keyed = authenticate(ctx.keys, { anonymous: false });

  app.get('/v1/teams', keyed, async (req, res) => {
    actorOf(res);
    const query = parseInput(teamListQuery, req.query, 'query');
    const needle = query.q?.toLowerCase();
    const live = (await engine.store.listDocs<TeamProfile>(TEAMS_COLLECTION, { orderBy: { field: 'name' } })).filter(
      (doc) =>
        !doc.data.mergedInto &&
        (needle === undefined || `${doc.data.name} ${doc.data.institution ?? ''}`.toLowerCase().includes(needle)),
    );
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 20;
    res.json({
      total: live.length,
      limit,
      offset,
      results: live.slice(offset, offset + limit).map((doc) => ({ ...doc.data, version: doc.version })),
    });
  });

  app.post('/v1/teams', keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    if (!mayCurateTeams(actorOf(res))) throw forbidden('admins and brokers create team profiles');
    const doc = await createTeam(engine.store, parseInput(teamCreateSchema, req.body, 'body'), ctx.now());
    res
      .status(201)
      .location(`/v1/teams/${encodeURIComponent(doc.id)}`)
      .json(withEtag(res, { ...doc.data, version: doc.version }));
  });

  app.post('/v1/teams/derive', keyed, async (_req, res) => {
    if (!mayCurateTeams(actorOf(res))) throw forbidden('admins and brokers derive team profiles');
    res.json(await deriveStoredTeams(engine, ctx.now()));
  });

  app.get('/v1/teams/:id', keyed, async (req, res) => {
    actorOf(res);
    const doc = await getTeam(engine.store, pathId(req));
    const achievements = doc.data.achievementIds.flatMap((id) => {
      const stored = engine.store.get('achievement', id);
      return stored
        ? [{ id, title: stored.record.title, industry: stored.meta.industry, maturity: stored.record.maturity }]
        : [];
    });
    res.json(withEtag(res, { ...doc.data, version: doc.version, achievements }));
  });

  app.patch('/v1/teams/:id', keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const actor = actorOf(res);
    const id = pathId(req);
    const ownTeam = actor.role === 'researcher' && (await actorTeam({ engine, actor })) === id;
    if (!mayCurateTeams(actor) && !ownTeam)
      throw forbidden('a team profile is edited by its own researchers, admins and brokers');
    const doc = await patchTeam(
      engine.store,
      id,
      parseInput(teamPatchSchema, req.body, 'body'),
      ctx.now(),
      ifMatch(req),
    );
    res.json(withEtag(res, { ...doc.data, version: doc.version }));
  });

  app.post('/v1/teams/:id/merge', keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    if (!mayCurateTeams(actorOf(res))) throw forbidden('admins and brokers merge team profiles');
    const { from } = parseInput(teamMergeSchema, req.body, 'body');
    const doc = await mergeStoredTeams(engine.store, pathId(req), from, ctx.now(), ifMatch(req));
    res.json(withEtag(res, { ...doc.data, version: doc.version }));
  });

  app.get('/v1/teams/:id/challenges', keyed, async (req, res) => {
    const actor = actorOf(res);
    const id = pathId(req);
    const own = actor.role === 'researcher' && (await actorTeam({ engine, actor })) === id;
    if (!own && !mayCurateTeams(actor))
      throw forbidden("a team's recommended challenges are for its researchers, admins and brokers");
    const team = await getTeam(engine.store, id);
    // What the team itself would see: public challenges and those it is invited to.
    const asTeam: Actor = { keyId: actor.keyId, role: 'researcher', teamId: team.data.mergedInto ?? id };
    const now = ctx.now();
    const open = await listChallenges({ engine, now, actor: asTeam }, { state: 'published' });
    const index = await loadTeamIndex(engine);
    const scored = await Promise.all(
      open.map(async (challenge) => {
        const { results } = await teamsForChallenge(engine, challenge, { k: 1000, index });
        const mine = results.find((r) => r.team.id === asTeam.teamId);
        return {
          challenge: {
            id: challenge.id,
            title: challenge.title,
            enterpriseId: challenge.enterpriseId,
            rewardWan: challenge.rewardWan,
            deadline: challenge.deadline,
            visibility: challenge.visibility,
          },
          invited: challenge.invitedTeams.includes(asTeam.teamId!),
          score: mine?.score ?? 0,
          teamRank: mine?.rank ?? null,
          evidence: mine?.evidence ?? [],
          reason: mine ? mine.reason : '团队成果与该榜单暂无直接匹配。',
        };
      }),
    );
    scored.sort((a, b) => b.score - a.score || (a.challenge.deadline < b.challenge.deadline ? -1 : 1));
    res.json({ teamId: asTeam.teamId, total: scored.length, results: scored.map((s, i) => ({ rank: i + 1, ...s })) });
  });

  app.get('/v1/demands/:id/teams', keyed, requireCapability('match', 'find teams'), async (req, res) => {
    const demand = engine.get('demand', pathId(req));
    if (!mayReadDemand(callerOf(res), demand.record))
      throw forbidden(`demand ${demand.record.id} belongs to another enterprise`);
    const { k } = parseInput(teamsQuery, req.query, 'query');
    res.json(await findTeams(engine, { id: demand.record.id }, { k: k ?? 10 }));
  });

  app.get('/v1/challenges/:id/teams', keyed, async (req, res) => {
    const actor = actorOf(res);
    const challenge = await getChallenge({ engine, now: ctx.now(), actor }, pathId(req));
    if (!mayReview(actor, challenge) && actor.role !== 'broker') {
      throw new NotAllowedError('teams ranked for a challenge are shown to its enterprise, brokers and admins');
    }
    const { k } = parseInput(teamsQuery, req.query, 'query');
    res.json({ challengeId: challenge.id, ...(await teamsForChallenge(engine, challenge, { k: k ?? 10 })) });
  });
}
