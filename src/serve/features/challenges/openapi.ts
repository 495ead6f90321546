/** The OpenAPI paths and schemas of teams, expert finding, challenges and proposals, from their zod schemas. */
import {
  challengeCreateSchema,
  challengePatchSchema,
  challengeSchema,
  decisionSchema,
  proposalCreateSchema,
  proposalPatchSchema,
  proposalSchema,
  publishSchema,
  scoreSchema,
} from '../../../challenges/index.js';
import { teamCreateSchema, teamMergeSchema, teamPatchSchema, teamProfileSchema } from '../../../teams/index.js';
import {
  KEYED,
  errors,
  idParameter,
  json,
  jsonSchema,
  queryParameters,
  ref,
  type JsonSchema,
} from '../../openapi-parts.js';
import { challengeListQuery, teamListQuery, teamsQuery } from './http.js';

const IF_MATCH = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'the ETag (version) you read; a newer version makes this a 412',
  schema: { type: 'string' },
};

const listOf = (item: JsonSchema) => ({
  type: 'object',
  properties: { total: { type: 'integer' }, results: { type: 'array', items: item } },
});

function op(
  operationId: string,
  summary: string,
  response: JsonSchema,
  options: {
    body?: JsonSchema;
    query?: JsonSchema[];
    ifMatch?: boolean;
    status?: string;
    errors?: number[];
    tag?: string;
  } = {},
): JsonSchema {
  return {
    operationId,
    tags: [options.tag ?? 'challenges'],
    summary,
    security: KEYED,
    ...(options.query || options.ifMatch
      ? { parameters: [...(options.query ?? []), ...(options.ifMatch ? [IF_MATCH] : [])] }
      : {}),
    ...(options.body ? { requestBody: { required: true, content: json(options.body) } } : {}),
    responses: {
      [options.status ?? '200']: { description: 'ok', content: json(response) },
      ...errors(...(options.errors ?? [400, 401, 403, 404])),
    },
  };
}

export function challengeOpenApiSchemas(): Record<string, JsonSchema> {
  return {
    Team: jsonSchema(teamProfileSchema),
    Challenge: jsonSchema(challengeSchema),
    Proposal: jsonSchema(proposalSchema),
    FoundTeam: {
      type: 'object',
      description: 'a team ranked for a demand or challenge, explained by its best matching achievements',
      properties: {
        rank: { type: 'integer' },
        score: { type: 'number' },
        team: { type: 'object' },
        matched: { type: 'integer' },
        evidence: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              title: { type: 'string' },
              rank: { type: 'integer' },
              score: { type: 'number' },
              sharedTerms: { type: 'array', items: { type: 'string' } },
              reason: { type: 'string' },
            },
          },
        },
        reason: { type: 'string' },
      },
    },
  };
}

export function challengeOpenApiPaths(): Record<string, JsonSchema> {
  const teams = listOf(ref('FoundTeam'));
  const conflict = [400, 401, 403, 404, 409, 412];
  return {
    '/v1/teams': {
      get: op('listTeams', 'Research team profiles (科研团队)', listOf(ref('Team')), {
        query: queryParameters(teamListQuery),
        tag: 'teams',
      }),
      post: op('createTeam', 'Create a team profile by hand (admin, broker)', ref('Team'), {
        body: jsonSchema(teamCreateSchema),
        status: '201',
        tag: 'teams',
      }),
    },
    '/v1/teams/derive': {
      post: op(
        'deriveTeams',
        'Derive profiles from the achievements’ institution, team and inventors (admin, broker)',
        {
          type: 'object',
          properties: { created: { type: 'integer' }, extended: { type: 'integer' } },
        },
        { tag: 'teams', errors: [401, 403] },
      ),
    },
    '/v1/teams/{id}': {
      parameters: [idParameter('team')],
      get: op('getTeam', 'A team profile with its achievements (a merged-away one names mergedInto)', ref('Team'), {
        tag: 'teams',
      }),
      patch: op('patchTeam', 'Edit a profile (its researchers, admin, broker)', ref('Team'), {
        body: jsonSchema(teamPatchSchema),
        ifMatch: true,
        tag: 'teams',
        errors: [400, 401, 403, 404, 412],
      }),
    },
    '/v1/teams/{id}/merge': {
      parameters: [idParameter('team')],
      post: op(
        'mergeTeams',
        'Merge duplicate profiles into this one: achievements, members and spellings move here',
        ref('Team'),
        {
          body: jsonSchema(teamMergeSchema),
          ifMatch: true,
          tag: 'teams',
          errors: [400, 401, 403, 404, 412],
        },
      ),
    },
    '/v1/teams/{id}/challenges': {
      parameters: [idParameter('team')],
      get: op(
        'challengesForTeam',
        'Open challenges ranked for this team (challenges for you), each explained by the team’s achievements',
        {
          type: 'object',
        },
        { tag: 'teams' },
      ),
    },
    '/v1/demands/{id}/teams': {
      parameters: [idParameter('demand')],
      get: op('teamsForDemand', 'Teams for a demand: achievement matches aggregated per team, explained', teams, {
        query: queryParameters(teamsQuery),
        tag: 'teams',
      }),
    },
    '/v1/challenges/{id}/teams': {
      parameters: [idParameter('challenge')],
      get: op('teamsForChallenge', 'Teams for a challenge (its enterprise, brokers, admins)', teams, {
        query: queryParameters(teamsQuery),
        tag: 'teams',
      }),
    },
    '/v1/challenges': {
      get: op(
        'listChallenges',
        'Challenges this key may see (researchers: public ones and those their team is invited to)',
        listOf(ref('Challenge')),
        {
          query: queryParameters(challengeListQuery),
        },
      ),
      post: op(
        'createChallenge',
        'Post a challenge as a draft, from a demand or from scratch (enterprise; admin for one)',
        ref('Challenge'),
        {
          body: jsonSchema(challengeCreateSchema),
          status: '201',
        },
      ),
    },
    '/v1/challenges/{id}': {
      parameters: [idParameter('challenge')],
      get: op('getChallenge', 'A challenge, its state as of now', ref('Challenge')),
      patch: op('patchChallenge', 'Edit a draft (later: reviewers only)', ref('Challenge'), {
        body: jsonSchema(challengePatchSchema),
        ifMatch: true,
        errors: conflict,
      }),
    },
    '/v1/challenges/{id}/publish': {
      parameters: [idParameter('challenge')],
      post: {
        ...op(
          'publishChallenge',
          'draft → published; invites the top-ranked and named teams through the outbox',
          ref('Challenge'),
          {
            ifMatch: true,
            errors: conflict,
          },
        ),
        requestBody: { required: false, content: json(jsonSchema(publishSchema)) },
      },
    },
    ...Object.fromEntries(
      (
        [
          ['close', 'published → closed before the deadline'],
          ['evaluate', 'closed → evaluating'],
          ['cancel', 'cancel; open proposals are answered challenge_cancelled'],
        ] as const
      ).map(([action, summary]) => [
        `/v1/challenges/{id}/${action}`,
        {
          parameters: [idParameter('challenge')],
          post: op(`${action}Challenge`, summary, ref('Challenge'), { ifMatch: true, errors: conflict }),
        },
      ]),
    ),
    '/v1/challenges/{id}/decision': {
      parameters: [idParameter('challenge')],
      post: op(
        'decideChallenge',
        'evaluating → awarded | unsolved; every open proposal decided, each one not awarded with a reason code',
        {
          type: 'object',
          properties: { challenge: ref('Challenge'), proposals: { type: 'array', items: ref('Proposal') } },
        },
        { body: jsonSchema(decisionSchema), ifMatch: true, errors: conflict },
      ),
    },
    '/v1/challenges/{id}/proposals': {
      parameters: [idParameter('challenge')],
      get: op(
        'listChallengeProposals',
        'Proposals of a challenge: all with team evidence for its reviewers, the own one for a researcher',
        listOf(ref('Proposal')),
      ),
      post: op(
        'submitProposal',
        'Submit the team’s proposal (researcher), one per team, up to the deadline',
        ref('Proposal'),
        {
          body: jsonSchema(proposalCreateSchema),
          status: '201',
          errors: [400, 401, 403, 404, 409],
        },
      ),
    },
    '/v1/proposals': {
      get: op('listOwnProposals', 'The researcher team’s own proposals', listOf(ref('Proposal')), {
        errors: [401, 403],
      }),
    },
    '/v1/proposals/{id}': {
      parameters: [idParameter('proposal')],
      get: op('getProposal', 'A proposal (its team, or the challenge’s reviewers)', ref('Proposal')),
      patch: op('patchProposal', 'Edit a proposal up to the deadline (its team)', ref('Proposal'), {
        body: jsonSchema(proposalPatchSchema),
        ifMatch: true,
        errors: conflict,
      }),
    },
    '/v1/proposals/{id}/withdraw': {
      parameters: [idParameter('proposal')],
      post: op('withdrawProposal', 'Withdraw a proposal before the decision (its team)', ref('Proposal'), {
        ifMatch: true,
        errors: conflict,
      }),
    },
    '/v1/proposals/{id}/scores': {
      parameters: [idParameter('proposal')],
      post: op(
        'scoreProposal',
        'Score a proposal against every criterion, 0..10 (reviewers, once closed)',
        ref('Proposal'),
        {
          body: jsonSchema(scoreSchema),
          errors: [400, 401, 403, 404, 409, 412],
        },
      ),
    },
  };
}
