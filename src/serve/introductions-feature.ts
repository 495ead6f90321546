/**
 * The introductions workflow (对接) as one feature: its routes (introductions,
 * statistics, regions), their OpenAPI paths, and the synthetic demo history
 * loaded on a first start.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { DEMO_INTRODUCTIONS_FILE } from '../config/index.js';
import { INTRODUCTIONS, INTRODUCTION_PAIRS, introductionSchema, transitionInput } from '../introductions/index.js';
import { createIntroductionInput } from '../introductions/index.js';
import type { CollectionOp, Store } from '../store/index.js';
import type { Feature, SeedContext } from './features/feature.js';
import { installRegions } from './introduction-settings.js';
import { introductionSettings } from './introduction-settings.js';
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
} from './openapi-parts.js';
import { registerIntroductionStatisticsRoutes, statisticsQuery } from './routes/introduction-statistics.js';
import { INTRODUCTIONS_BASE, introductionListQuery, registerIntroductionRoutes } from './routes/introductions.js';

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

function openApiPaths(): Record<string, JsonSchema> {
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

function openApiSchemas(): Record<string, JsonSchema> {
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

/** Loads data/demo/introductions.jsonl (synthetic) in one transaction, keeping only pairs whose records exist. */
export async function loadDemoIntroductions(store: Store, file = DEMO_INTRODUCTIONS_FILE): Promise<number> {
  if (!fs.existsSync(file)) return 0;
  const ops: CollectionOp[] = [];
  const latest = new Map<string, { demandId: string; achievementId: string; latestId: string; createdAt: string }>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const intro = introductionSchema.parse(JSON.parse(line));
    if (!store.has('demand', intro.demandId) || !store.has('achievement', intro.achievementId)) continue;
    ops.push({ op: 'put', collection: INTRODUCTIONS, id: intro.id, data: intro, expectVersion: 0 });
    const pair = `${encodeURIComponent(intro.demandId)}|${encodeURIComponent(intro.achievementId)}`;
    const seen = latest.get(pair);
    if (!seen || seen.createdAt < intro.createdAt) {
      latest.set(pair, { ...intro, latestId: intro.id, createdAt: intro.createdAt });
    }
  }
  for (const [id, pair] of latest) {
    ops.push({
      op: 'put',
      collection: INTRODUCTION_PAIRS,
      id,
      data: { demandId: pair.demandId, achievementId: pair.achievementId, latestId: pair.latestId },
    });
  }
  if (ops.length > 0) await store.transact(ops);
  return ops.length - latest.size;
}

async function seedDemo(deps: SeedContext): Promise<void> {
  const count = await loadDemoIntroductions(deps.engine.store);
  deps.logger.info({ introductions: count }, 'demo introductions loaded (synthetic)');
}

export const introductionsFeature: Feature = {
  name: 'introductions',
  registerRoutes(app, ctx) {
    // Read the region and reason files now, so a bad one stops the start naming it.
    installRegions(ctx.config);
    introductionSettings(ctx.config);
    registerIntroductionStatisticsRoutes(app, ctx);
    registerIntroductionRoutes(app, ctx);
  },
  openApiPaths,
  openApiSchemas,
  seedDemo,
};
