/**
 * GET /v1/catalogue: the public catalogue of published achievements, with
 * facet counts (see src/publication/catalogue.ts). Without a key when
 * PUBLIC_CATALOGUE=true; brokers and admins may list other statuses.
 */
import type { IRouter } from 'express';
import { CATALOGUE_FACETS, publishedView, queryCatalogue, type CatalogueFilters } from '../../../publication/index.js';
import { authenticate, callerOf, requireCapability } from '../../auth.js';
import type { ServiceContext } from '../../context.js';
import { forbidden } from '../../errors.js';
import { seesAllStatuses } from '../../policy.js';
import { catalogueQuery } from './query.js';
import { DEFAULT_LIMIT, parseInput, resolvePaging } from '../../query.js';

export function registerCatalogueRoutes(router: IRouter, ctx: ServiceContext): void {
  router.get(
    '/v1/catalogue',
    authenticate(ctx.keys, { anonymous: ctx.config.PUBLIC_CATALOGUE }),
    requireCapability('readCatalogue', 'read the achievement catalogue'),
    async (req, res) => {
      const query = parseInput(catalogueQuery, req.query, 'query');
      const paging = resolvePaging({ size: query.limit, page: query.page, offset: query.offset }, DEFAULT_LIMIT, {
        ranked: false,
        sizeField: 'limit',
      });
      const statuses = query.status ?? ['published'];
      if (statuses.some((s) => s !== 'published') && !seesAllStatuses(callerOf(res))) {
        throw forbidden('only brokers and admins see achievements that are not published');
      }
      const filters: CatalogueFilters = {};
      for (const facet of CATALOGUE_FACETS) {
        const value = query[facet];
        if (value !== undefined) filters[facet] = Array.isArray(value) ? value : [value];
      }
      const view = await publishedView(ctx.engine.store);
      res.json(
        await queryCatalogue(ctx.engine, view, {
          q: query.q,
          filters,
          statuses,
          offset: paging.offset,
          limit: paging.size,
        }),
      );
    },
  );
}
