/**
 * The workflows built on the matching core (introductions, publication,
 * challenges, …), each in its own folder here and registered here once: its
 * routes and the OpenAPI paths that document them. src/serve/app.ts mounts every
 * feature's routes; src/serve/openapi.ts adds every feature's paths, and
 * test/serve/openapi.test.ts checks the two agree.
 */
import type { Feature } from './feature.js';
import { introductionsFeature } from './introductions/index.js';
import { challengesFeature } from './challenges/index.js';
import { publicationFeature } from './publication/index.js';

// What a feature is lives in feature.ts, so the features import it without importing this registry.
export type { Feature, SeedContext } from './feature.js';

export const FEATURES: Feature[] = [challengesFeature, introductionsFeature, publicationFeature];
