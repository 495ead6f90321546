/**
 * The one factory of the HTTP service. Tests and main build the same app
 * from an open engine, the settings, the key store and the logger.
 * Routes are registered on the app itself with their full paths, so the
 * router is one flat list (which the OpenAPI test walks).
 */
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import type { MatchEngine } from '../engine/index.js';
import type { ServiceContext } from './context.js';
import { refuseOversizeBodies } from './body.js';
import { errorHandler, routeNotFound } from './errors.js';
import type { KeyStore } from '../auth/index.js';
import { FEATURES } from './features/index.js';
import { httpLogger } from './logger.js';
import { openApiDocument } from './openapi.js';
import { rateLimits } from './rate-limit.js';
import { registerAchievementRoutes } from './routes/achievements.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerDemandRoutes } from './routes/demands.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerMeRoutes } from './routes/me.js';
import { mountConsole } from './console.js';
import { registerMatchRoutes } from './routes/matches.js';
import { registerRecommendationRoutes } from './routes/recommendations.js';
import { isShared } from '../store/index.js';

export interface AppDeps {
  engine: MatchEngine;
  config: AppConfig;
  keys: KeyStore;
  logger: Logger;
  /** Server time; tests pass a fake clock to cross deadlines. */
  now?: () => Date;
}

export function createApp(deps: AppDeps): Express {
  const ctx: ServiceContext = { ...deps, now: deps.now ?? (() => new Date()), creating: new Set() };
  const app = express();
  app.disable('x-powered-by');
  // No body-hash ETag: /v1 answers are no-store, so nothing revalidates them, and hashing every
  // match list cost a few percent of a request. Versioned documents set their own ETag (If-Match).
  app.set('etag', false);
  app.use(httpLogger(deps.logger));
  app.use((req, res, next) => {
    // Records are stored as sent, HTML included: keep browsers from sniffing JSON into HTML.
    res.set('X-Content-Type-Options', 'nosniff');
    if (req.path.startsWith('/v1/')) {
      // What /v1 answers depends on the key: no shared cache may keep it or hand it to another key.
      res.set('Cache-Control', 'no-store');
      res.vary('X-API-Key');
      res.vary('Authorization');
    }
    next();
  });
  // The web console: static files under /console/ with their own security headers (not part of the API).
  // Before the rate limits: one page load fetches ~45 files (fonts), which would eat an address's budget.
  mountConsole(app);
  app.use(refuseOversizeBodies({ body: deps.config.BODY_LIMIT, import: deps.config.IMPORT_LIMIT }));
  app.use(rateLimits(deps.config, deps.keys, isShared(deps.engine.store) ? deps.engine.store : undefined));

  const openapi = openApiDocument({ publicCatalogue: deps.config.PUBLIC_CATALOGUE });
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  registerHealthRoutes(app, ctx);
  registerMeRoutes(app, ctx);
  registerAchievementRoutes(app, ctx);
  registerDemandRoutes(app, ctx);
  registerMatchRoutes(app, ctx);
  registerRecommendationRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  for (const feature of FEATURES) feature.registerRoutes(app, ctx);

  app.use(routeNotFound);
  app.use(errorHandler());
  return app;
}
