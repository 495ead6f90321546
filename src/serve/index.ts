/** The HTTP service's public face: the app factory and starting it. */
export { createApp, type AppDeps } from './app.js';
export { startService, type RunningService, type StartOptions } from './start.js';
export { createLogger } from './logger.js';
export { openApiDocument } from './openapi.js';
export { createHttpServer } from './server.js';
