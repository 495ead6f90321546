/**
 * The publication cycle over HTTP: actions on one record, quarterly batches,
 * and the bulletin of a published batch (JSON, Excel, printable HTML).
 */
import type { IRouter, Request } from 'express';
import type { RecordKind } from '../../../domain/index.js';
import {
  BATCH_COLLECTION,
  approvedFor,
  buildBulletin,
  bulletinHtml,
  bulletinWorkbook,
  checkQuarter,
  mayTake,
  publicationOf,
  publishQuarter,
  publishedView,
  transitionRecord,
  type Batch,
} from '../../../publication/index.js';
import { authenticate, callerOf, requireCapability } from '../../auth.js';
import { jsonBody } from '../../body.js';
import type { ServiceContext } from '../../context.js';
import { forbidden } from '../../errors.js';
import { mayReview, publicationActor } from '../../policy.js';
import { bulletinQuery, transitionBody } from './query.js';
import { parseInput, pathId } from '../../query.js';

function quarterOfPath(req: Request): string {
  return checkQuarter(String(req.params.quarter ?? ''));
}

export function registerPublicationRoutes(router: IRouter, ctx: ServiceContext): void {
  const { engine, config } = ctx;
  const keyed = authenticate(ctx.keys, { anonymous: false });
  const reader = [
    authenticate(ctx.keys, { anonymous: config.PUBLIC_CATALOGUE }),
    requireCapability('readCatalogue', 'read the achievement catalogue'),
  ];

  for (const [kind, base] of [
    ['achievement', '/v1/achievements'],
    ['demand', '/v1/demands'],
  ] as [RecordKind, string][]) {
    router.post(`${base}/:id/publication`, keyed, ...jsonBody(config.BODY_LIMIT), async (req, res) => {
      const body = parseInput(transitionBody, req.body, 'body');
      const stored = engine.get(kind, pathId(req));
      const caller = callerOf(res);
      if (!mayTake(publicationActor(caller, kind, stored.record), body.action)) {
        throw forbidden(
          body.action === 'submit'
            ? `only the holder of ${kind} ${stored.record.id} or a reviewer may submit it`
            : `only a reviewer (an admin, or a broker key with the reviewer flag) may ${body.action} records`,
        );
      }
      const view = await publishedView(engine.store);
      const updated = await transitionRecord(engine.store, kind, stored.record.id, body, { view, now: ctx.now() });
      res.json({ ...updated, publication: publicationOf(updated.record, view) });
    });
  }

  router.get('/v1/batches', ...reader, async (_req, res) => {
    const docs = await engine.store.listDocs<Batch>(BATCH_COLLECTION, {
      orderBy: { field: 'quarter', direction: 'desc' },
    });
    res.json({
      items: docs.map((d) => ({
        quarter: d.data.quarter,
        publishedAt: d.data.publishedAt,
        records: d.data.recordIds.length,
      })),
    });
  });

  router.get('/v1/batches/:quarter', ...reader, async (req, res) => {
    const quarter = quarterOfPath(req);
    const doc = await engine.store.getDoc<Batch>(BATCH_COLLECTION, quarter);
    if (doc) {
      res.json({ ...doc.data, waiting: [] });
      return;
    }
    // Not out yet: reviewers see what publishing it now would take; others see nothing.
    if (!mayReview(callerOf(res))) throw forbidden(`batch ${quarter} is not published; only reviewers see it before`);
    res.json({ quarter, state: 'assembling', recordIds: [], waiting: approvedFor(engine, 'achievement', quarter) });
  });

  router.post('/v1/batches/:quarter/publish', keyed, async (req, res) => {
    const quarter = quarterOfPath(req);
    const caller = callerOf(res);
    if (!mayReview(caller))
      throw forbidden('only a reviewer (an admin, or a broker key with the reviewer flag) may publish a batch');
    const report = await publishQuarter(engine, quarter, {
      now: ctx.now,
      publishedBy: caller.kind === 'key' ? caller.keyId : 'anonymous',
      deliver: false,
    });
    ctx.logger.info({ report }, 'batch published');
    res.status(report.newlyPublished ? 201 : 200).json(report);
  });

  router.get('/v1/batches/:quarter/bulletin', ...reader, async (req, res) => {
    const quarter = quarterOfPath(req);
    const { format } = parseInput(bulletinQuery, req.query, 'query');
    const bulletin = await buildBulletin(engine, quarter);
    if (format === 'xlsx') {
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .set('Content-Disposition', `attachment; filename="bulletin-${quarter}.xlsx"`)
        .send(await bulletinWorkbook(bulletin));
    } else if (format === 'html') {
      res
        .type('text/html; charset=utf-8')
        // The page is self-contained: forbid anything it might try to load.
        .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(bulletinHtml(bulletin));
    } else {
      res.json(bulletin);
    }
  });
}
