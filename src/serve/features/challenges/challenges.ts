/**
 * /v1/challenges (揭榜挂帅) and /v1/proposals (揭榜方案): HTTP in, one service
 * call, the answer out. Rights and states are the core's (src/challenges).
 */
import type { Express, RequestHandler } from 'express';
import {
  challengeCreateSchema,
  challengePatchSchema,
  changeChallengeState,
  createChallenge,
  decideChallenge,
  decisionSchema,
  getChallenge,
  getProposal,
  listChallengeProposals,
  listChallenges,
  listOwnProposals,
  mayReview,
  patchChallenge,
  patchProposal,
  proposalCreateSchema,
  proposalPatchSchema,
  publishChallenge,
  publishSchema,
  scoreProposal,
  scoreSchema,
  submitProposal,
  teamsForChallenge,
  withdrawProposal,
  type ChallengeDeps,
} from '../../../challenges/index.js';
import { authenticate } from '../../auth.js';
import { jsonBody } from '../../body.js';
import type { ServiceContext } from '../../context.js';
import { parseInput, pathId } from '../../query.js';
import { actorOf, challengeListQuery, ifMatch, withEtag } from './http.js';

/** Bodies that may be left out (publish with its defaults): parsed when sent, {} otherwise. */
function optionalJsonBody(limit: string): RequestHandler[] {
  const [checkType, parse] = jsonBody(limit);
  return [
    (req, res, next) => {
      const empty =
        !req.get('content-type') && (req.get('content-length') ?? '0') === '0' && !req.get('transfer-encoding');
      if (empty) {
        req.body = {};
        return next();
      }
      checkType!(req, res, (error?: unknown) => (error ? next(error) : parse!(req, res, next)));
    },
  ];
}

export function registerChallengeRoutes(app: Express, ctx: ServiceContext): void {
  const { engine, config } = ctx;
  const keyed = authenticate(ctx.keys, { anonymous: false });
  const deps = (res: Parameters<typeof actorOf>[0]): ChallengeDeps => ({ engine, now: ctx.now(), actor: actorOf(res) });

  app.get('/v1/challenges', keyed, async (req, res) => {
    const query = parseInput(challengeListQuery, req.query, 'query');
    const results = await listChallenges(deps(res), query);
    res.json({ total: results.length, results });
  });

  app.post('/v1/challenges', keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const created = await createChallenge(deps(res), parseInput(challengeCreateSchema, req.body, 'body'));
    res
      .status(201)
      .location(`/v1/challenges/${encodeURIComponent(created.id)}`)
      .json(withEtag(res, created));
  });

  app.get('/v1/challenges/:id', keyed, async (req, res) => {
    res.json(withEtag(res, await getChallenge(deps(res), pathId(req))));
  });

  app.patch('/v1/challenges/:id', keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const patch = parseInput(challengePatchSchema, req.body, 'body');
    res.json(withEtag(res, await patchChallenge(deps(res), pathId(req), patch, ifMatch(req))));
  });

  app.post('/v1/challenges/:id/publish', keyed, ...optionalJsonBody(config.BODY_LIMIT), async (req, res) => {
    const options = parseInput(publishSchema, req.body, 'body');
    res.json(withEtag(res, await publishChallenge(deps(res), pathId(req), options, ifMatch(req))));
  });

  for (const action of ['close', 'evaluate', 'cancel'] as const) {
    app.post(`/v1/challenges/:id/${action}`, keyed, async (req, res) => {
      res.json(withEtag(res, await changeChallengeState(deps(res), pathId(req), action, ifMatch(req))));
    });
  }

  app.post('/v1/challenges/:id/decision', keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const input = parseInput(decisionSchema, req.body, 'body');
    const decided = await decideChallenge(deps(res), pathId(req), input, ifMatch(req));
    res.json({ challenge: withEtag(res, decided.challenge), proposals: decided.proposals });
  });

  app.get('/v1/challenges/:id/proposals', keyed, async (req, res) => {
    const d = deps(res);
    const { challenge, proposals } = await listChallengeProposals(d, pathId(req));
    // Reviewers see each team with its evidence: its best achievements for this challenge.
    const evidence = mayReview(d.actor, challenge)
      ? new Map((await teamsForChallenge(engine, challenge, { k: 1000 })).results.map((t) => [t.team.id, t]))
      : new Map();
    res.json({
      challengeId: challenge.id,
      total: proposals.length,
      results: proposals.map((proposal) => {
        const found = evidence.get(proposal.teamId);
        return found
          ? { ...proposal, team: { ...found.team, rank: found.rank, evidence: found.evidence, reason: found.reason } }
          : proposal;
      }),
    });
  });

  app.post('/v1/challenges/:id/proposals', keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const proposal = await submitProposal(deps(res), pathId(req), parseInput(proposalCreateSchema, req.body, 'body'));
    res
      .status(201)
      .location(`/v1/proposals/${encodeURIComponent(proposal.id)}`)
      .json(withEtag(res, proposal));
  });

  app.get('/v1/proposals', keyed, async (_req, res) => {
    const results = await listOwnProposals(deps(res));
    res.json({ total: results.length, results });
  });

  app.get('/v1/proposals/:id', keyed, async (req, res) => {
    res.json(withEtag(res, await getProposal(deps(res), pathId(req))));
  });

  app.patch('/v1/proposals/:id', keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const patch = parseInput(proposalPatchSchema, req.body, 'body');
    res.json(withEtag(res, await patchProposal(deps(res), pathId(req), patch, ifMatch(req))));
  });

  app.post('/v1/proposals/:id/withdraw', keyed, async (req, res) => {
    res.json(withEtag(res, await withdrawProposal(deps(res), pathId(req), ifMatch(req))));
  });

  app.post('/v1/proposals/:id/scores', keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const input = parseInput(scoreSchema, req.body, 'body');
    res.json(withEtag(res, await scoreProposal(deps(res), pathId(req), input)));
  });
}
