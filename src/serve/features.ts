/**
 * The workflows built on the matching core (introductions, publication,
 * challenges, …), each registered here once: its routes and the OpenAPI paths
 * that document them. app.ts mounts every feature's routes; openapi.ts adds
 * every feature's paths, and test/serve/openapi.test.ts checks the two agree.
 */
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { MatchEngine } from '../engine/index.js';
import type { ServiceContext } from './context.js';
import { challengesFeature } from './routes/challenges/index.js';
import type { JsonSchema } from './openapi-parts.js';
import { introductionsFeature } from './introductions-feature.js';

export interface Feature {
  name: string;
  registerRoutes(app: Express, ctx: ServiceContext): void;
  /** OpenAPI path items keyed by path (`/v1/introductions/{id}`). */
  openApiPaths(options: { publicCatalogue: boolean }): Record<string, JsonSchema>;
  /** Named schemas for `#/components/schemas/…`. */
  openApiSchemas?(): Record<string, JsonSchema>;
  /**
   * Loads this workflow's demo data on a first start with DEMO_DATA=true, after the
   * demo records are in the store (files under data/demo/, seeded and labelled synthetic).
   */
  seedDemo?(deps: SeedContext): Promise<void>;
}

export interface SeedContext {
  engine: MatchEngine;
  logger: Logger;
  now: () => Date;
}

export const FEATURES: Feature[] = [challengesFeature, introductionsFeature];
