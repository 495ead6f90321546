/**
 * The publication feature (issue 9): quarterly batches, the public catalogue
 * and bulletins, subscriptions, digests and webhooks, registered as one entry
 * of FEATURES. The outbox deliverer runs beside the service (start.ts).
 */
import { seedPublicationDemo } from '../../../publication/index.js';
import type { Feature } from '../feature.js';
import { publicationPaths, publicationSchemas } from './openapi.js';
import { registerCatalogueRoutes } from './catalogue.js';
import { registerPublicationRoutes } from './publication.js';
import { registerSubscriptionRoutes } from './subscriptions.js';

export const publicationFeature: Feature = {
  name: 'publication',
  registerRoutes(app, ctx) {
    registerCatalogueRoutes(app, ctx);
    registerPublicationRoutes(app, ctx);
    registerSubscriptionRoutes(app, ctx);
  },
  openApiPaths: publicationPaths,
  openApiSchemas: publicationSchemas,
  async seedDemo({ engine, logger, now }) {
    const seeded = await seedPublicationDemo(engine, now());
    logger.info(
      seeded,
      `demo: ${seeded.approved} achievements approved for ${seeded.quarter}; demo enterprises subscribed`,
    );
  },
};
