/** OpenAPI paths and schemas of the introductions workflow (introductions, statistics, regions), built from its zod schemas. */
import { z } from 'zod';
import { createIntroductionInput, introductionSchema, transitionInput } from '../../../introductions/index.js';
import {
  KEYED,
  errors,
  idParameter,
  json,
  jsonOrCsv,
  jsonSchema,
  queryParameters,
  ref,
  type JsonSchema,
} from '../../openapi-parts.js';
import { INTRODUCTIONS_BASE, introductionListQuery } from './introductions.js';
import { statisticsQuery } from './statistics.js';

const etagHeader = { ETag: { description: 'the version, for If-Match', schema: { type: 'string' } } };
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'the ETag read; a stale one is 412',
  schema: { type: 'string' },
};
const introductionResponse = (description: string) => ({
  description,
  headers: etagHeader,
  content: json(ref('Introduction')),
});

export function introductionOpenApiPaths(): Record<string, JsonSchema> {
  const tags = ['introductions'];
  return {
    [INTRODUCTIONS_BASE]: {
      get: {
        operationId: 'listIntroductions',
        tags,
        summary: 'List introductions the key may see (broker: its scope; enterprise: its demands), newest first',
        security: KEYED,
        parameters: queryParameters(introductionListQuery),
        responses: {
          '200': { description: 'a page', content: jsonOrCsv(ref('IntroductionPage')) },
          ...errors(400, 401),
        },
      },
      post: {
        operationId: 'createIntroduction',
        tags,
        summary: 'Propose a pair (broker, admin) or request one (enterprise, own demand); starts as proposed',
        security: KEYED,
        requestBody: { required: true, content: json(jsonSchema(createIntroductionInput)) },
        responses: { '201': introductionResponse('created'), ...errors(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    [`${INTRODUCTIONS_BASE}/reasons`]: {
      get: {
        operationId: 'listDeclineReasons',
        tags,
        summary: 'The decline reason codes in force',
        security: KEYED,
        responses: {
          '200': {
            description: 'reasons',
            content: json({
              type: 'object',
              properties: {
                reasons: {
                  type: 'array',
                  items: { type: 'object', properties: { code: { type: 'string' }, label: { type: 'string' } } },
                },
              },
            }),
          },
          ...errors(401),
        },
      },
    },
    [`${INTRODUCTIONS_BASE}/statistics`]: {
      get: {
        operationId: 'introductionStatistics',
        tags,
        summary: 'Funnel and contracts by period, region, industry and broker (brokers and admins)',
        security: KEYED,
        parameters: queryParameters(statisticsQuery),
        responses: {
          '200': { description: 'statistics', content: jsonOrCsv(ref('IntroductionStatistics')) },
          ...errors(400, 401, 403),
        },
      },
    },
    [`${INTRODUCTIONS_BASE}/expire`]: {
      post: {
        operationId: 'expireIntroductions',
        tags,
        summary: 'Write the expiry of sent introductions past their deadline (admin; nightly)',
        security: KEYED,
        responses: {
          '200': {
            description: 'how many expired',
            content: json({
              type: 'object',
              properties: { expired: { type: 'integer' }, expiryDays: { type: 'integer' } },
            }),
          },
          ...errors(401, 403),
        },
      },
    },
    [`${INTRODUCTIONS_BASE}/{id}`]: {
      get: {
        operationId: 'getIntroduction',
        tags,
        summary: 'One introduction with its history; ETag is its version',
        security: KEYED,
        parameters: [idParameter('introduction')],
        responses: { '200': introductionResponse('the introduction'), ...errors(401, 403, 404) },
      },
    },
    [`${INTRODUCTIONS_BASE}/{id}/history`]: {
      get: {
        operationId: 'getIntroductionHistory',
        tags,
        summary: 'The append-only history: every change with actor, time and note',
        security: KEYED,
        parameters: [idParameter('introduction')],
        responses: {
          '200': {
            description: 'history',
            content: json({
              type: 'object',
              properties: { id: { type: 'string' }, history: jsonSchema(introductionSchema.shape.history) },
            }),
          },
          ...errors(401, 403, 404),
        },
      },
    },
    [`${INTRODUCTIONS_BASE}/{id}/transitions`]: {
      post: {
        operationId: 'transitionIntroduction',
        tags,
        summary:
          'Move an introduction (send, accept, negotiate, sign, decline, withdraw); 409 names the allowed states',
        security: KEYED,
        parameters: [idParameter('introduction'), ifMatch],
        requestBody: { required: true, content: json(jsonSchema(transitionInput)) },
        responses: { '200': introductionResponse('moved'), ...errors(400, 401, 403, 404, 409, 412, 413, 415) },
      },
    },
    '/v1/regions': {
      get: {
        operationId: 'listRegions',
        tags: ['regions'],
        summary: 'The region hierarchy (GB/T 2260 codes), the 分市场 and the 县域节点',
        security: KEYED,
        responses: { '200': { description: 'regions', content: json({ type: 'object' }) }, ...errors(401) },
      },
    },
    '/v1/regions/unplaced': {
      get: {
        operationId: 'listUnplacedRecords',
        tags: ['regions'],
        summary: 'Records whose region text places nowhere in the hierarchy (brokers and admins)',
        security: KEYED,
        responses: { '200': { description: 'by region text', content: json({ type: 'object' }) }, ...errors(401, 403) },
      },
    },
  };
}

const figures: JsonSchema = {
  type: 'object',
  properties: {
    demandsPublished: { type: ['integer', 'null'] },
    introductions: { type: 'integer', description: 'created in the period' },
    byState: { type: 'object', additionalProperties: { type: 'integer' } },
    reached: {
      type: 'object',
      properties: { sent: { type: 'integer' }, accepted: { type: 'integer' }, signed: { type: 'integer' } },
    },
    acceptanceRate: { type: ['number', 'null'] },
    signingRate: { type: ['number', 'null'] },
    medianDaysSentToAccepted: { type: ['number', 'null'] },
    medianDaysSentToSigned: { type: ['number', 'null'] },
    contracts: {
      type: 'object',
      description: 'contracts signed (signedOn) in the period',
      properties: { count: { type: 'integer' }, totalWan: { type: 'number' }, byType: { type: 'object' } },
    },
    declineReasons: {
      type: 'array',
      items: {
        type: 'object',
        properties: { code: { type: 'string' }, label: { type: 'string' }, count: { type: 'integer' } },
      },
    },
  },
};

export function introductionOpenApiSchemas(): Record<string, JsonSchema> {
  const introduction = jsonSchema(introductionSchema.extend({ version: z.number().int() }));
  return {
    Introduction: introduction,
    IntroductionPage: {
      type: 'object',
      properties: {
        total: { type: 'integer' },
        offset: { type: 'integer' },
        limit: { type: 'integer' },
        items: { type: 'array', items: ref('Introduction') },
      },
    },
    IntroductionStatistics: {
      type: 'object',
      properties: {
        period: { type: 'object' },
        regionCode: { type: ['string', 'null'] },
        groupBy: { type: 'string' },
        totals: figures,
        groups: {
          type: 'array',
          items: { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' }, figures } },
        },
        unplaced: { type: 'object' },
        includesSynthetic: { type: 'boolean' },
      },
    },
  };
}
