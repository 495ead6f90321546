/**
 * /v1/demands: 企业技术需求. Brokers and admins see and write them all; an
 * enterprise key only its own enterprise's, and every demand it creates is
 * stamped with its enterprise id.
 */
import type { IRouter } from 'express';
import { NotFoundError, type AnyRecord, type Demand, type Stored } from '../../domain/index.js';
import { importJsonlText } from '../../engine/index.js';
import { authenticate, callerOf, requireCapability } from '../auth.js';
import { jsonBody, jsonlBody } from '../body.js';
import type { ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import {
  demandVisibility,
  mayCreateDemands,
  mayReadDemand,
  mayWriteDemand,
  brokerScope,
  inCallerScope,
  ownEnterprise,
  type Caller,
} from '../policy.js';
import { DEFAULT_LIMIT, demandListQuery, filtersFrom, parseInput, resolvePaging, pathId } from '../query.js';
import { createRecord, listRecords, patchedRecord, putRecord, searchRecords } from '../records.js';
import { importSummary } from './import-summary.js';

const BASE = '/v1/demands';

/**
 * A demand the caller may not read, answered exactly as a demand that does not
 * exist: an enterprise learns nothing about another enterprise's ids.
 */
export function visibleDemand(ctx: ServiceContext, caller: Caller, id: string): Stored<Demand> {
  const stored = ctx.engine.get('demand', id);
  if (!mayReadDemand(caller, stored.record)) throw new NotFoundError(`no demand with id ${id}`);
  return stored;
}

/** The body of an enterprise's new demand, stamped with its enterprise; naming another one is forbidden. */
function stampedWithOwner(caller: Caller, body: unknown): unknown {
  const own = ownEnterprise(caller);
  if (own === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const given = (body as { enterpriseId?: unknown }).enterpriseId;
  if (given !== undefined && given !== null && given !== own) {
    throw forbidden(`an enterprise key creates demands for its own enterprise (${own}) only, not for ${String(given)}`);
  }
  return { ...body, enterpriseId: own };
}

/**
 * A scoped broker's new demand lies inside its scope: one placed elsewhere (or nowhere) would be
 * out of its creator's sight the moment it is stored.
 */
function assertInScope(caller: Caller, body: unknown): void {
  const scope = brokerScope(caller);
  if (scope === undefined) return;
  const region = typeof body === 'object' && body !== null ? (body as { region?: unknown }).region : undefined;
  if (typeof region !== 'string' || !inCallerScope(caller, { region }))
    throw forbidden(`region: this key works in region ${scope}; a demand it creates must name a region inside it`);
}

function listCondition(caller: Caller, query: { enterpriseId?: string; status?: 'open' | 'closed' }) {
  const visible = demandVisibility(caller);
  return (stored: Stored<AnyRecord>) => {
    const demand = stored.record as Demand;
    if (visible && !visible(stored)) return false;
    if (query.enterpriseId !== undefined && demand.enterpriseId !== query.enterpriseId) return false;
    if (query.status === 'closed') return demand.status === 'closed';
    if (query.status === 'open') return demand.status !== 'closed';
    return true;
  };
}

export function registerDemandRoutes(router: IRouter, ctx: ServiceContext): void {
  const { engine, config } = ctx;
  const keyed = authenticate(ctx.keys, { anonymous: false });

  router.get(BASE, keyed, async (req, res) => {
    const caller = callerOf(res);
    const query = parseInput(demandListQuery, req.query, 'query');
    const own = ownEnterprise(caller);
    if (own !== undefined && query.enterpriseId !== undefined && query.enterpriseId !== own) {
      throw forbidden(`an enterprise key lists its own demands (${own}) only`);
    }
    const paging = resolvePaging({ size: query.limit, page: query.page, offset: query.offset }, DEFAULT_LIMIT, {
      ranked: query.q !== undefined,
      sizeField: 'limit',
    });
    const request = { filters: filtersFrom(query), accept: listCondition(caller, query), paging };
    res.json(
      query.q !== undefined
        ? await searchRecords(engine, 'demand', query.q, request)
        : listRecords(engine, 'demand', request),
    );
  });

  router.post(BASE, keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const caller = callerOf(res);
    if (!mayCreateDemands(caller)) throw forbidden('this key may not create demands');
    const body = stampedWithOwner(caller, req.body);
    assertInScope(caller, body);
    const created = await createRecord(ctx, 'demand', body);
    res
      .status(201)
      .location(`${BASE}/${encodeURIComponent(created.record.id)}`)
      .json(created);
  });

  router.post(
    `${BASE}/import`,
    keyed,
    requireCapability('import', 'import records'),
    ...jsonlBody(config.IMPORT_LIMIT),
    async (req, res) => {
      res.json(importSummary(await importJsonlText(engine, 'demand', typeof req.body === 'string' ? req.body : '')));
    },
  );

  router.get(`${BASE}/:id`, keyed, (req, res) => {
    res.json(visibleDemand(ctx, callerOf(res), pathId(req)));
  });

  router.patch(`${BASE}/:id`, keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const caller = callerOf(res);
    const current = visibleDemand(ctx, caller, pathId(req));
    if (!mayWriteDemand(caller, current.record)) throw forbidden(`this key may not change demand ${current.record.id}`);
    const patched = patchedRecord(current.record, req.body);
    assertInScope(caller, patched);
    if (!mayWriteDemand(caller, patched as Pick<Demand, 'enterpriseId'>))
      throw forbidden('an enterprise key cannot hand a demand to another enterprise');
    res.json(await putRecord(ctx, 'demand', patched));
  });

  router.delete(`${BASE}/:id`, keyed, async (req, res) => {
    const caller = callerOf(res);
    const current = visibleDemand(ctx, caller, pathId(req));
    if (!mayWriteDemand(caller, current.record)) throw forbidden(`this key may not delete demand ${current.record.id}`);
    await engine.deleteRecord('demand', current.record.id);
    res.status(204).end();
  });
}
