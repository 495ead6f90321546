/**
 * The introductions workflow (对接) as one feature: its routes (introductions,
 * statistics, regions), their OpenAPI paths, and the synthetic demo history
 * loaded on a first start.
 */
import { installRegions, introductionSettings } from '../../../introductions/index.js';
import type { Feature } from '../feature.js';
import { registerIntroductionRoutes } from './introductions.js';
import { introductionOpenApiPaths, introductionOpenApiSchemas } from './openapi.js';
import { seedIntroductionDemo } from './seed.js';
import { registerIntroductionStatisticsRoutes } from './statistics.js';

export const introductionsFeature: Feature = {
  name: 'introductions',
  registerRoutes(app, ctx) {
    // Read the region and reason files now, so a bad one stops the start naming it.
    installRegions(ctx.config);
    introductionSettings(ctx.config);
    registerIntroductionStatisticsRoutes(app, ctx);
    registerIntroductionRoutes(app, ctx);
  },
  openApiPaths: introductionOpenApiPaths,
  openApiSchemas: introductionOpenApiSchemas,
  seedDemo: seedIntroductionDemo,
};
