/**
 * /v1/achievements: the catalogue of 科技成果. Anyone with a key reads it
 * (and anyone at all when PUBLIC_CATALOGUE=true); brokers and admins write it.
 */
import type { IRouter } from 'express';
import { importJsonlText } from '../../engine/index.js';
import { publishedView } from '../../publication/index.js';
import { authenticate, callerOf, requireCapability } from '../auth.js';
import { achievementVisibility } from '../policy.js';
import { jsonBody, jsonlBody } from '../body.js';
import type { ServiceContext } from '../context.js';
import { DEFAULT_LIMIT, achievementListQuery, filtersFrom, parseInput, resolvePaging, pathId } from '../query.js';
import { createRecord, listRecords, patchedRecord, putRecord, searchRecords } from '../records.js';
import { importSummary } from './import-summary.js';
import { NotFoundError } from '../../domain/index.js';

const BASE = '/v1/achievements';

export function registerAchievementRoutes(router: IRouter, ctx: ServiceContext): void {
  const { engine, config } = ctx;
  const reader = [
    authenticate(ctx.keys, { anonymous: config.PUBLIC_CATALOGUE }),
    requireCapability('readCatalogue', 'read the achievement catalogue'),
  ];
  const writer = [
    authenticate(ctx.keys, { anonymous: false }),
    requireCapability('writeCatalogue', 'write achievements'),
  ];

  router.get(BASE, ...reader, async (req, res) => {
    const query = parseInput(achievementListQuery, req.query, 'query');
    const paging = resolvePaging({ size: query.limit, page: query.page, offset: query.offset }, DEFAULT_LIMIT, {
      ranked: query.q !== undefined,
      sizeField: 'limit',
    });
    // Keyless callers and enterprise keys see published achievements only.
    const accept = achievementVisibility(callerOf(res), await publishedView(engine.store));
    const request = { filters: filtersFrom(query), paging, accept };
    res.json(
      query.q !== undefined
        ? await searchRecords(engine, 'achievement', query.q, request)
        : listRecords(engine, 'achievement', request),
    );
  });

  router.post(BASE, ...writer, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const created = await createRecord(ctx, 'achievement', req.body);
    res
      .status(201)
      .location(`${BASE}/${encodeURIComponent(created.record.id)}`)
      .json(created);
  });

  router.post(
    `${BASE}/import`,
    authenticate(ctx.keys, { anonymous: false }),
    requireCapability('import', 'import records'),
    ...jsonlBody(config.IMPORT_LIMIT),
    async (req, res) => {
      res.json(
        importSummary(await importJsonlText(engine, 'achievement', typeof req.body === 'string' ? req.body : '')),
      );
    },
  );

  router.get(`${BASE}/:id`, ...reader, async (req, res) => {
    const stored = engine.get('achievement', pathId(req));
    const visible = achievementVisibility(callerOf(res), await publishedView(engine.store));
    if (visible && !visible(stored)) throw new NotFoundError(`no achievement with id ${stored.record.id}`);
    res.json(stored);
  });

  router.patch(`${BASE}/:id`, ...writer, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
    const current = engine.get('achievement', pathId(req));
    res.json(await putRecord(ctx, 'achievement', patchedRecord(current.record, req.body)));
  });

  router.delete(`${BASE}/:id`, ...writer, async (req, res) => {
    await engine.deleteRecord('achievement', pathId(req));
    res.status(204).end();
  });
}
