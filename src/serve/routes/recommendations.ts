/**
 * GET /v1/enterprises/:id/recommendations: achievements for all of an
 * enterprise's open demands, without duplicates, each naming the demands it
 * serves. `since` is for polling clients: only achievements published or
 * changed since then. An enterprise key reads its own enterprise's only.
 */
import type { IRouter } from 'express';
import { authenticate, callerOf } from '../auth.js';
import type { ServiceContext } from '../context.js';
import { toCsv } from '../../csv/index.js';
import { sendCsv, wantsCsv } from '../csv.js';
import { forbidden } from '../errors.js';
import { recommendationColumns } from '../exports.js';
import { publishedView } from '../../publication/index.js';
import { introductionSettings, pairMarksForDemand } from '../../introductions/index.js';
import { achievementVisibility, achievementVisibilityKey, mayReadDemand, mayReadRecommendations } from '../policy.js';
import { DEFAULT_K, filtersFrom, parseInput, recommendationsQuery, resolvePaging, pathId } from '../query.js';
import { recommendForEnterprise } from '../recommend.js';

export function registerRecommendationRoutes(router: IRouter, ctx: ServiceContext): void {
  router.get('/v1/enterprises/:id/recommendations', authenticate(ctx.keys, { anonymous: false }), async (req, res) => {
    const enterpriseId = pathId(req);
    if (!mayReadRecommendations(callerOf(res), enterpriseId))
      throw forbidden(`recommendations of enterprise ${enterpriseId} are for that enterprise, brokers and admins only`);
    const query = parseInput(recommendationsQuery, req.query, 'query');
    const paging = resolvePaging({ size: query.k, page: query.page, offset: query.offset }, DEFAULT_K, {
      ranked: true,
      sizeField: 'k',
    });
    const caller = callerOf(res);
    const settings = introductionSettings(ctx.config);
    const now = ctx.now();
    const view = await publishedView(ctx.engine.store);
    const recommendations = await recommendForEnterprise(ctx.engine, enterpriseId, {
      k: paging.size,
      offset: paging.offset,
      filters: filtersFrom(query),
      since: query.since,
      visible: achievementVisibility(caller, view),
      visibleKey: achievementVisibilityKey(caller, view),
      includeDemand: (demand) => mayReadDemand(caller, demand.record),
      marksFor: (demandId) => pairMarksForDemand(ctx.engine.store, demandId, settings, now),
      showDeclined: query.showDeclined,
    });
    if (wantsCsv(req, query.format))
      return sendCsv(res, `recommendations-${enterpriseId}.csv`, toCsv(recommendationColumns, recommendations.results));
    res.json({ ...recommendations, k: paging.size, offset: paging.offset });
  });
}
