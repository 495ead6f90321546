/**
 * The OpenAPI 3.1 document served at GET /openapi.json. Record schemas,
 * query parameters and the match body come from the same zod schemas the
 * service validates with, so they cannot drift; paths and methods are
 * checked against the router by test/serve/openapi.test.ts.
 */
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
import { FEATURES } from './features.js';
import { callerSchema } from './routes/me.js';
import { achievementSchema, demandSchema } from '../domain/index.js';
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

const storedRecord = (record: string) => ({
  type: 'object',
  required: ['record', 'meta'],
  properties: { record: ref(record), meta: ref('RecordMeta') },
});

const matchResult = (record: string) => ({
  type: 'object',
  required: ['rank', 'id', 'score', 'components', 'sharedTerms', 'industry', 'industryMatch', 'reason', 'record'],
  properties: {
    rank: { type: 'integer', minimum: 1 },
    id: { type: 'string' },
    score: { type: 'number' },
    components: {
      type: 'object',
      properties: {
        fused: { type: 'number' },
        dense: { type: ['number', 'null'], description: 'cosine similarity' },
        lexical: { type: ['number', 'null'], description: 'BM25 score' },
        denseRank: { type: ['integer', 'null'] },
        lexicalRank: { type: ['integer', 'null'] },
        industryBoost: { type: 'number' },
        secondStage: { type: ['number', 'null'], description: 'second-stage (learned re-ranking) score' },
      },
    },
    sharedTerms: { type: 'array', items: { type: 'string' }, description: '共同关键词, most informative first' },
    industry: { type: 'string' },
    industryMatch: { type: 'boolean' },
    reason: { type: 'string', description: 'one line in Chinese' },
    record: ref(record),
    introduction: {
      type: 'object',
      description: "the pair's live introduction (对接), so two brokers don't propose it twice",
      properties: { introductionId: { type: 'string' }, state: { type: 'string' } },
    },
    declined: {
      type: 'object',
      description: 'demand matches with showDeclined=true: the decline that otherwise hides the pair',
      properties: { introductionId: { type: 'string' }, reason: { type: 'string' }, label: { type: 'string' } },
    },
  },
});

const matchList = (record: string) => ({
  type: 'object',
  required: ['query', 'total', 'k', 'offset', 'results'],
  properties: {
    query: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        text: { type: 'string' },
        industry: { type: 'string' },
        truncated: { type: 'boolean', description: 'the query text was embedded truncated' },
      },
    },
    total: { type: 'integer', description: 'candidates that passed the filters (at most the candidate pool)' },
    k: { type: 'integer' },
    offset: { type: 'integer' },
    results: { type: 'array', items: matchResult(record) },
  },
});

const recordPage = (record: string) => ({
  type: 'object',
  required: ['total', 'offset', 'limit', 'items'],
  properties: {
    total: { type: 'integer' },
    offset: { type: 'integer' },
    limit: { type: 'integer' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          record: ref(record),
          meta: ref('RecordMeta'),
          match: {
            type: 'object',
            description: 'only when ranked by q',
            properties: {
              rank: { type: 'integer' },
              score: { type: 'number' },
              sharedTerms: { type: 'array', items: { type: 'string' } },
              industryMatch: { type: 'boolean' },
              reason: { type: 'string' },
            },
          },
        },
      },
    },
  },
});

const writeResult = (record: string) => ({
  type: 'object',
  required: ['record', 'meta', 'truncated'],
  properties: {
    record: ref(record),
    meta: ref('RecordMeta'),
    truncated: { type: 'boolean', description: 'stored in full, embedded truncated (longer than the model reads)' },
  },
});

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
              content: jsonOrCsv({ oneOf: [ref('AchievementMatches'), ref('DemandMatches')] }),
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
        Achievement: jsonSchema(achievementSchema),
        Demand: jsonSchema(demandSchema),
        RecordMeta: {
          type: 'object',
          properties: {
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
            industry: { type: 'string' },
            industrySource: { enum: ['given', 'inferred'] },
            industryConfidence: { type: 'number' },
            keywords: { type: 'array', items: { type: 'string' } },
          },
        },
        StoredAchievement: storedRecord('Achievement'),
        StoredDemand: storedRecord('Demand'),
        AchievementWritten: writeResult('Achievement'),
        DemandWritten: writeResult('Demand'),
        AchievementPage: recordPage('Achievement'),
        DemandPage: recordPage('Demand'),
        AchievementMatches: matchList('Achievement'),
        DemandMatches: matchList('Demand'),
        ImportReport: {
          type: 'object',
          properties: {
            importedCount: { type: 'integer' },
            rejectedCount: { type: 'integer' },
            imported: { type: 'array', items: { type: 'string' } },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  line: { type: 'integer' },
                  id: { type: 'string' },
                  issues: { type: 'array', items: ref('FieldIssue') },
                },
              },
            },
            truncated: {
              type: 'array',
              items: { type: 'string' },
              description: 'ids stored in full, embedded truncated',
            },
          },
        },
        Recommendations: {
          type: 'object',
          properties: {
            enterpriseId: { type: 'string' },
            since: { type: ['string', 'null'] },
            demands: {
              type: 'array',
              items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } },
            },
            total: { type: 'integer' },
            k: { type: 'integer' },
            offset: { type: 'integer' },
            results: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  rank: { type: 'integer' },
                  id: { type: 'string' },
                  score: { type: 'number' },
                  industry: { type: 'string' },
                  updatedAt: { type: 'string', format: 'date-time' },
                  serves: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        demandId: { type: 'string' },
                        demandTitle: { type: 'string' },
                        rank: { type: 'integer' },
                        score: { type: 'number' },
                        sharedTerms: { type: 'array', items: { type: 'string' } },
                        industryMatch: { type: 'boolean' },
                        reason: { type: 'string' },
                      },
                    },
                  },
                  record: ref('Achievement'),
                },
              },
            },
          },
        },
        Health: {
          type: 'object',
          properties: {
            status: { const: 'ok' },
            model: {
              type: 'object',
              properties: { loaded: { type: 'boolean' }, id: { type: 'string' }, dims: { type: 'integer' } },
            },
            records: {
              type: 'object',
              properties: { achievements: { type: 'integer' }, demands: { type: 'integer' } },
            },
            index: {
              type: 'object',
              properties: {
                version: { type: ['string', 'null'] },
                builtAt: { type: ['string', 'null'] },
                indexed: { type: 'object' },
              },
            },
          },
        },
        ReloadReport: {
          type: 'object',
          properties: {
            reloaded: { type: 'boolean' },
            manifest: { type: ['object', 'null'] },
            sync: { type: 'object' },
            seconds: { type: 'number' },
          },
        },
        FieldIssue: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'details'],
              properties: {
                code: {
                  type: 'string',
                  examples: [
                    'validation_failed',
                    'malformed_json',
                    'unauthorized',
                    'forbidden',
                    'not_found',
                    'conflict',
                    'payload_too_large',
                    'unsupported_media_type',
                  ],
                },
                message: { type: 'string' },
                details: {
                  description: 'for validation_failed: { issues: [{ field, message }] }; otherwise an object or null',
                },
              },
            },
          },
        },
      },
    },
  };
}
