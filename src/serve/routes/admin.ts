/**
 * POST /v1/admin/reload (admin): take the index the nightly `rebuild` wrote.
 * Requests keep being answered on the old index until the swap, and writes
 * that land meanwhile are folded into the new one (engine.reloadIndex). A
 * file that cannot be loaded leaves the index in force unchanged.
 */
import type { IRouter } from 'express';
import { IndexUnavailableError } from '../../domain/index.js';
import { authenticate, requireCapability } from '../auth.js';
import type { ServiceContext } from '../context.js';
import type { ReloadAnswer } from '../schemas.js';

export function registerAdminRoutes(router: IRouter, ctx: ServiceContext): void {
  router.post(
    '/v1/admin/reload',
    authenticate(ctx.keys, { anonymous: false }),
    requireCapability('reloadIndex', 'reload the index'),
    async (_req, res) => {
      const started = performance.now();
      const report = await ctx.engine.reloadIndex().catch((error: unknown) => {
        throw new IndexUnavailableError(
          `index reload failed (${(error as Error).message}); an index that cannot be loaded is not swapped in. Run the rebuild again.`,
        );
      });
      const seconds = (performance.now() - started) / 1000;
      ctx.logger.info(
        { reloaded: report.reloaded, version: report.manifest?.version, sync: report.sync, seconds },
        'index reload',
      );
      const answer: ReloadAnswer = { ...report, seconds };
      res.json(answer);
    },
  );
}
