/**
 * What a workflow registers in FEATURES (features/index.ts): its routes, the OpenAPI
 * paths and schemas that document them, and its demo data. Kept apart from the
 * registry so that a feature module imports this, never the list it is in.
 */
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { MatchEngine } from '../../engine/index.js';
import type { ServiceContext } from '../context.js';
import type { JsonSchema } from '../openapi-parts.js';

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
