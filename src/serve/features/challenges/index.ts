/**
 * The 揭榜挂帅 feature: team profiles, expert finding, challenges and
 * proposals, registered with the service as one entry of FEATURES.
 */
import type { Feature } from '../feature.js';
import { registerChallengeRoutes } from './challenges.js';
import { challengeOpenApiPaths, challengeOpenApiSchemas } from './openapi.js';
import { seedChallengeDemo } from './seed.js';
import { registerTeamRoutes } from './teams.js';

export const challengesFeature: Feature = {
  name: 'challenges',
  registerRoutes(app, ctx) {
    registerTeamRoutes(app, ctx);
    registerChallengeRoutes(app, ctx);
  },
  openApiPaths: () => challengeOpenApiPaths(),
  openApiSchemas: () => challengeOpenApiSchemas(),
  seedDemo: seedChallengeDemo,
};
