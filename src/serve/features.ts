/**
 * The workflows built on the matching core (introductions, publication,
 * challenges, …), each registered here once: its routes and the OpenAPI paths
 * that document them. app.ts mounts every feature's routes; openapi.ts adds
 * every feature's paths, and test/serve/openapi.test.ts checks the two agree.
 */
import type { Express } from 'express';
import type { ServiceContext } from './context.js';
import type { JsonSchema } from './openapi-parts.js';

export interface Feature {
  name: string;
  registerRoutes(app: Express, ctx: ServiceContext): void;
  /** OpenAPI path items keyed by path (`/v1/introductions/{id}`). */
  openApiPaths(options: { publicCatalogue: boolean }): Record<string, JsonSchema>;
  /** Named schemas for `#/components/schemas/…`. */
  openApiSchemas?(): Record<string, JsonSchema>;
  /** Work that runs beside the service (e.g. an outbox deliverer); stopped on shutdown. */
  start?(ctx: ServiceContext): { stop(): Promise<void> } | undefined;
}

export const FEATURES: Feature[] = [];
