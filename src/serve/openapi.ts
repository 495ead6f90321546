/**
 * The OpenAPI 3.1 document served at GET /openapi.json. Every schema in it is
 * generated: records, query parameters and the match body from the zod
 * schemas the service validates with, responses from the zod schemas the
 * routes answer with (schemas.ts). Paths and methods are checked against the
 * router by test/serve/openapi.test.ts, real responses against the document by
 * test/serve/responses.test.ts.
 */
import { z } from 'zod';
import {
  KEYED,
  NONE,
  errorResponse,
  errors,
  idParameter,
  json,
  jsonOrCsv,
  jsonSchema,
  queryParameters,
  ref,
  type JsonSchema,
} from './openapi-parts.js';
import { FEATURES } from './features/index.js';
import { callerSchema } from './routes/me.js';
import { RESPONSE_SCHEMAS } from './schemas.js';
import { JSON_TYPES, JSONL_TYPES } from './body.js';
import {
  achievementListQuery,
  achievementMatchesQuery,
  demandListQuery,
  demandMatchesQuery,
  formatQuery,
  matchBody,
  recommendationsQuery,
} from './query.js';

function recordPaths(kind: 'achievement' | 'demand', publicCatalogue: boolean) {
  const plural = `${kind}s`;
  const Record = kind === 'achievement' ? 'Achievement' : 'Demand';
  const base = `/v1/${plural}`;
  // An empty requirement makes the key optional: the catalogue is public when configured so.
  const readSecurity = { security: kind === 'achievement' && publicCatalogue ? [{}, ...KEYED] : KEYED };
  return {
    [base]: {
      get: {
        operationId: `list${Record}s`,
        tags: [plural],
        summary: `List ${plural} with filters and paging; q ranks by free text (hybrid engine)`,
        ...readSecurity,
        parameters: queryParameters(kind === 'achievement' ? achievementListQuery : demandListQuery),
        responses: {
          '200': { description: 'a page of records', content: json(ref(`${Record}Page`)) },
          ...errors(400, 401, 403),
        },
      },
      post: {
        operationId: `create${Record}`,
        tags: [plural],
        summary: `Create ${kind === 'achievement' ? 'an achievement' : 'a demand (an enterprise key stamps its own enterpriseId)'}`,
        security: KEYED,
        requestBody: { required: true, content: json(ref(Record)) },
        responses: {
          '201': { description: 'created; matchable at once', content: json(ref(`${Record}Written`)) },
          ...errors(400, 401, 403, 409, 413, 415),
        },
      },
    },
    [`${base}/import`]: {
      post: {
        operationId: `import${Record}s`,
        tags: [plural],
        summary: 'Bulk import JSONL (one record a line): imports the good lines, reports every bad one',
        security: KEYED,
        requestBody: {
          required: true,
          content: Object.fromEntries(JSONL_TYPES.map((type) => [type, { schema: { type: 'string' } }])),
        },
        responses: {
          '200': { description: 'import report', content: json(ref('ImportReport')) },
          ...errors(401, 403, 413, 415),
        },
      },
    },
    [`${base}/{id}`]: {
      parameters: [idParameter(kind)],
      get: {
        operationId: `get${Record}`,
        tags: [plural],
        summary: `One ${kind}`,
        ...readSecurity,
        responses: {
          '200': { description: 'the record', content: json(ref(`Stored${Record}`)) },
          ...errors(401, 403, 404),
        },
      },
      patch: {
        operationId: `patch${Record}`,
        tags: [plural],
        summary: 'JSON merge patch (null removes a field); the result is validated as a whole; the id cannot change',
        security: KEYED,
        requestBody: {
          required: true,
          content: Object.fromEntries(JSON_TYPES.map((type) => [type, { schema: { type: 'object' } }])),
        },
        responses: {
          '200': { description: 'the changed record', content: json(ref(`${Record}Written`)) },
          ...errors(400, 401, 403, 404, 413, 415),
        },
      },
      delete: {
        operationId: `delete${Record}`,
        tags: [plural],
        summary: `Delete ${kind === 'achievement' ? 'an achievement' : 'a demand'}`,
        security: KEYED,
        responses: { '204': { description: 'deleted' }, ...errors(401, 403, 404) },
      },
    },
    [`${base}/{id}/matches`]: {
      parameters: [idParameter(kind)],
      get: {
        operationId: kind === 'achievement' ? 'matchAchievement' : 'matchDemand',
        tags: ['matching'],
        summary:
          kind === 'achievement'
            ? 'Ranked, explained demands for a stored achievement (成果 → 需求)'
            : 'Ranked, explained achievements for a stored demand (需求 → 成果)',
        security: KEYED,
        parameters: queryParameters(kind === 'achievement' ? achievementMatchesQuery : demandMatchesQuery),
        responses: {
          '200': {
            description: 'match list',
            content: jsonOrCsv(ref(kind === 'achievement' ? 'DemandMatches' : 'AchievementMatches')),
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}

/**
 * components.schemas from RESPONSE_SCHEMAS: one JSON Schema per name, and a $ref
 * wherever one named schema is part of another.
 */
function generatedComponents(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [name, schema] of Object.entries(RESPONSE_SCHEMAS)) registry.add(schema, { id: name });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([name, { $schema: _dialect, $id: _id, ...schema }]) => [name, schema]),
  );
}

export function openApiDocument(options: { publicCatalogue: boolean }): JsonSchema {
  const featurePaths = Object.assign({}, ...FEATURES.map((feature) => feature.openApiPaths(options)));
  const featureSchemas = Object.assign({}, ...FEATURES.map((feature) => feature.openApiSchemas?.() ?? {}));
  return {
    openapi: '3.1.0',
    info: {
      title: 'kjcg-match: 科技成果 ↔ 企业技术需求',
      version: '1',
      description:
        'Matches research achievements with enterprise technical demands. Errors are { "error": { "code", "message", "details" } }.',
    },
    security: KEYED,
    paths: {
      '/health': {
        get: {
          operationId: 'health',
          tags: ['service'],
          summary: 'Model loaded, record counts, index version and build time',
          security: NONE,
          responses: { '200': { description: 'healthy', content: json(ref('Health')) } },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          tags: ['service'],
          summary: 'This document',
          security: NONE,
          responses: { '200': { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } },
        },
      },
      '/v1/me': {
        get: {
          operationId: 'me',
          tags: ['service'],
          summary: 'Who the sent key belongs to: role, enterprise, team, scope (never the key)',
          security: KEYED,
          responses: {
            '200': { description: 'the key holder', content: json(jsonSchema(callerSchema)) },
            ...errors(401),
          },
        },
      },
      ...recordPaths('achievement', options.publicCatalogue),
      ...recordPaths('demand', options.publicCatalogue),
      '/v1/match': {
        post: {
          operationId: 'matchText',
          tags: ['matching'],
          summary:
            'Free text against either side (achievements: the text is a demand; demands: the text is an achievement)',
          security: KEYED,
          parameters: queryParameters(formatQuery),
          requestBody: { required: true, content: json(jsonSchema(matchBody)) },
          responses: {
            '200': {
              description: 'match list',
              // anyOf, not oneOf: both record schemas keep unknown fields, so a record can fit either.
              content: jsonOrCsv({ anyOf: [ref('AchievementMatches'), ref('DemandMatches')] }),
            },
            ...errors(400, 401, 403, 413, 415),
          },
        },
      },
      '/v1/enterprises/{id}/recommendations': {
        parameters: [idParameter('enterprise')],
        get: {
          operationId: 'recommendations',
          tags: ['matching'],
          summary:
            "Achievements for all of an enterprise's open demands, deduplicated, each naming the demands it serves",
          security: KEYED,
          parameters: queryParameters(recommendationsQuery),
          responses: {
            '200': { description: 'recommendations', content: jsonOrCsv(ref('Recommendations')) },
            ...errors(400, 401, 403),
          },
        },
      },
      '/v1/admin/reload': {
        post: {
          operationId: 'reloadIndex',
          tags: ['admin'],
          summary: 'Take the index the nightly rebuild wrote, without a restart and without failing requests (admin)',
          security: KEYED,
          responses: {
            '200': { description: 'reload report', content: json(ref('ReloadReport')) },
            ...errors(401, 403, 503),
          },
        },
      },
      ...featurePaths,
    },
    components: {
      securitySchemes: {
        ApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        Bearer: { type: 'http', scheme: 'bearer' },
      },
      responses: {
        E400: errorResponse(
          'bad input: malformed JSON, a schema violation or an out-of-range parameter (details.issues names each field)',
        ),
        E401: errorResponse('missing, invalid or revoked API key'),
        E403: errorResponse('the key may not do this (role or ownership)'),
        E404: errorResponse('no record with this id'),
        E409: errorResponse('a record with this id exists already'),
        E413: errorResponse('body over the limit (BODY_LIMIT, IMPORT_LIMIT)'),
        E415: errorResponse('wrong Content-Type'),
        E412: errorResponse('If-Match names a version that is no longer current: read again and retry'),
        E503: errorResponse('the index, the model or the store is not available; retry'),
      },
      schemas: {
        ...featureSchemas,
        ...generatedComponents(),
      },
    },
  };
}
