/** OpenAPI paths and schemas of the publication feature (issue 9), built from its zod schemas. */
import { outboxMessageSchema } from '../../../domain/index.js';
import { batchSchema, CATALOGUE_FACETS } from '../../../publication/index.js';
import { digestSchema, newSubscriptionSchema, subscriptionSchema } from '../../../publication/index.js';
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
import {
  bulletinQuery,
  catalogueQuery,
  digestListQuery,
  subscriptionListQuery,
  transitionBody,
  webhookBody,
} from './query.js';

const quarterParameter = {
  name: 'quarter',
  in: 'path',
  required: true,
  description: 'e.g. 2026Q4',
  schema: { type: 'string', pattern: '^\\d{4}Q[1-4]$' },
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const counts = { type: 'object', additionalProperties: { type: 'integer' } };

export function publicationSchemas(): Record<string, JsonSchema> {
  return {
    Publication: {
      type: 'object',
      required: ['status'],
      properties: {
        status: { type: 'string', enum: ['draft', 'submitted', 'approved', 'returned', 'published', 'withdrawn'] },
        quarter: { type: 'string' },
        publishedAt: { type: 'string' },
      },
    },
    PublicationTransition: jsonSchema(transitionBody),
    Batch: jsonSchema(batchSchema),
    PublishReport: {
      type: 'object',
      properties: Object.fromEntries(
        [
          'recordsPublished',
          'demandsPublished',
          'recordsSettled',
          'subscriptionsEvaluated',
          'digestsWritten',
          'digestsExisting',
          'digestEntries',
          'deliveriesAttempted',
          'deliveriesSucceeded',
        ].map((k) => [k, { type: 'integer' }]),
      ),
    },
    Bulletin: {
      type: 'object',
      required: ['quarter', 'publishedAt', 'total', 'industries', 'rows'],
      properties: {
        quarter: { type: 'string' },
        publishedAt: { type: 'string' },
        total: { type: 'integer' },
        industries: { type: 'array', items: { type: 'object' } },
        rows: { type: 'array', items: { type: 'object' } },
      },
    },
    CataloguePage: {
      type: 'object',
      required: ['total', 'offset', 'limit', 'items', 'facets'],
      properties: {
        total: { type: 'integer' },
        offset: { type: 'integer' },
        limit: { type: 'integer' },
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              record: ref('Achievement'),
              meta: ref('RecordMeta'),
              publication: ref('Publication'),
              match: { type: 'object' },
            },
          },
        },
        facets: {
          type: 'object',
          description: 'per filter: value → records passing every other filter',
          properties: Object.fromEntries(CATALOGUE_FACETS.map((f) => [f, counts])),
        },
      },
    },
    NewSubscription: jsonSchema(newSubscriptionSchema),
    Subscription: jsonSchema(subscriptionSchema),
    Digest: jsonSchema(digestSchema),
    Webhook: {
      type: 'object',
      properties: {
        recipient: { type: 'object' },
        url: { type: 'string' },
        secret: { type: 'string', description: 'HMAC-SHA256 key (hex); shown only when registered' },
        createdAt: { type: 'string' },
      },
    },
    Delivery: jsonSchema(outboxMessageSchema.omit({ payload: true })),
  };
}

export function publicationPaths(options: { publicCatalogue: boolean }): Record<string, JsonSchema> {
  const readSecurity = { security: options.publicCatalogue ? [{}, ...KEYED] : KEYED };
  const transition = (kind: 'achievement' | 'demand') => ({
    parameters: [idParameter(kind)],
    post: {
      operationId: `${kind}Publication`,
      tags: ['publication'],
      summary: `Submit, approve, return or withdraw ${kind === 'achievement' ? 'an achievement' : 'a demand'} (发布审核)`,
      security: KEYED,
      requestBody: { required: true, content: json(ref('PublicationTransition')) },
      responses: {
        '200': { description: 'the record after the action, with its publication', content: json({ type: 'object' }) },
        ...errors(400, 401, 403, 404, 409),
      },
    },
  });
  const webhookPaths = (kind: 'enterprise' | 'team') => {
    const plural = `${kind === 'enterprise' ? 'enterprises' : 'teams'}`;
    const name = kind === 'enterprise' ? 'Enterprise' : 'Team';
    return {
      [`/v1/${plural}/{id}/webhook`]: {
        parameters: [idParameter(kind)],
        put: {
          operationId: `register${name}Webhook`,
          tags: ['subscriptions'],
          summary: 'Register the webhook digests are delivered to; returns a new signing secret',
          security: KEYED,
          requestBody: { required: true, content: json(jsonSchema(webhookBody)) },
          responses: { '201': { description: 'registered', content: json(ref('Webhook')) }, ...errors(400, 401, 403) },
        },
        get: {
          operationId: `get${name}Webhook`,
          tags: ['subscriptions'],
          summary: 'The registered webhook (without its secret)',
          security: KEYED,
          responses: { '200': { description: 'the webhook', content: json(ref('Webhook')) }, ...errors(401, 403, 404) },
        },
        delete: {
          operationId: `delete${name}Webhook`,
          tags: ['subscriptions'],
          summary: 'Stop delivering; messages wait in the outbox',
          security: KEYED,
          responses: { '204': { description: 'removed' }, ...errors(401, 403, 404) },
        },
      },
      [`/v1/${plural}/{id}/deliveries`]: {
        parameters: [idParameter(kind)],
        get: {
          operationId: `list${name}Deliveries`,
          tags: ['subscriptions'],
          summary: 'Outbox messages for this recipient with every delivery attempt',
          security: KEYED,
          responses: {
            '200': {
              description: 'messages',
              content: json({ type: 'object', properties: { items: { type: 'array', items: ref('Delivery') } } }),
            },
            ...errors(401, 403),
          },
        },
      },
    };
  };
  return {
    '/v1/achievements/{id}/publication': transition('achievement'),
    '/v1/demands/{id}/publication': transition('demand'),
    '/v1/catalogue': {
      get: {
        operationId: 'queryCatalogue',
        tags: ['publication'],
        summary: 'Published achievements: free text, filters, facet counts, stable paging (成果信息查询)',
        ...readSecurity,
        parameters: queryParameters(catalogueQuery),
        responses: {
          '200': { description: 'a page with facets', content: json(ref('CataloguePage')) },
          ...errors(400, 401, 403),
        },
      },
    },
    '/v1/batches': {
      get: {
        operationId: 'listBatches',
        tags: ['publication'],
        summary: 'Published quarterly batches',
        ...readSecurity,
        responses: { '200': { description: 'batches', content: json({ type: 'object' }) }, ...errors(401, 403) },
      },
    },
    '/v1/batches/{quarter}': {
      parameters: [quarterParameter],
      get: {
        operationId: 'getBatch',
        tags: ['publication'],
        summary: 'A published batch; before publication, reviewers see the approved records waiting for it',
        ...readSecurity,
        responses: { '200': { description: 'the batch', content: json(ref('Batch')) }, ...errors(400, 401, 403) },
      },
    },
    '/v1/batches/{quarter}/publish': {
      parameters: [quarterParameter],
      post: {
        operationId: 'publishBatch',
        tags: ['publication'],
        summary:
          'Publish the quarter: all its approved records at one instant, then digests (reviewers); re-running resumes',
        security: KEYED,
        responses: {
          '201': { description: 'published', content: json(ref('PublishReport')) },
          '200': { description: 'was already published; digests resumed', content: json(ref('PublishReport')) },
          ...errors(400, 401, 403, 409),
        },
      },
    },
    '/v1/batches/{quarter}/bulletin': {
      parameters: [quarterParameter],
      get: {
        operationId: 'getBulletin',
        tags: ['publication'],
        summary: '季度公告: JSON, Excel (one sheet per industry + 汇总) or printable HTML',
        ...readSecurity,
        parameters: queryParameters(bulletinQuery),
        responses: {
          '200': {
            description: 'the bulletin',
            content: {
              ...json(ref('Bulletin')),
              [XLSX]: { schema: { type: 'string', format: 'binary' } },
              'text/html': { schema: { type: 'string' } },
            },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/v1/subscriptions': {
      post: {
        operationId: 'createSubscription',
        tags: ['subscriptions'],
        summary: "Subscribe an enterprise's open demands, or a saved query, to new publications",
        security: KEYED,
        requestBody: { required: true, content: json(ref('NewSubscription')) },
        responses: { '201': { description: 'created', content: json(ref('Subscription')) }, ...errors(400, 401, 403) },
      },
      get: {
        operationId: 'listSubscriptions',
        tags: ['subscriptions'],
        summary: 'Subscriptions (an enterprise key: its own)',
        security: KEYED,
        parameters: queryParameters(subscriptionListQuery),
        responses: {
          '200': { description: 'subscriptions', content: json({ type: 'object' }) },
          ...errors(400, 401, 403),
        },
      },
    },
    '/v1/subscriptions/{id}': {
      parameters: [idParameter('subscription')],
      get: {
        operationId: 'getSubscription',
        tags: ['subscriptions'],
        summary: 'One subscription',
        security: KEYED,
        responses: {
          '200': { description: 'the subscription', content: json(ref('Subscription')) },
          ...errors(401, 403, 404),
        },
      },
      delete: {
        operationId: 'deleteSubscription',
        tags: ['subscriptions'],
        summary: 'Unsubscribe',
        security: KEYED,
        responses: { '204': { description: 'deleted' }, ...errors(401, 403, 404) },
      },
    },
    '/v1/enterprises/{id}/digests': {
      parameters: [idParameter('enterprise')],
      get: {
        operationId: 'listDigests',
        tags: ['subscriptions'],
        summary: "An enterprise's digests, newest first; format=csv or xlsx exports the entries",
        security: KEYED,
        parameters: queryParameters(digestListQuery),
        responses: {
          '200': {
            description: 'digests',
            content: {
              ...json({ type: 'object', properties: { items: { type: 'array', items: ref('Digest') } } }),
              'text/csv': { schema: { type: 'string' } },
              [XLSX]: { schema: { type: 'string', format: 'binary' } },
            },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    '/v1/digests/{id}': {
      parameters: [idParameter('digest')],
      get: {
        operationId: 'getDigest',
        tags: ['subscriptions'],
        summary: 'One digest',
        security: KEYED,
        responses: { '200': { description: 'the digest', content: json(ref('Digest')) }, ...errors(401, 403, 404) },
      },
    },
    '/v1/digests/run': {
      post: {
        operationId: 'runDigests',
        tags: ['subscriptions'],
        summary: 'The nightly run: digests of published achievements changed since the last run (reviewers, admins)',
        security: KEYED,
        responses: { '200': { description: 'the run report', content: json({ type: 'object' }) }, ...errors(401, 403) },
      },
    },
    ...webhookPaths('enterprise'),
    ...webhookPaths('team'),
  };
}
