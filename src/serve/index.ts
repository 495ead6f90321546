/** The HTTP service's public face: the app factory, starting it, and the key store the CLI manages. */
export { createApp, type AppDeps } from './app.js';
export { startService, type RunningService, type StartOptions } from './start.js';
export { KeyStore, ROLES, type Role, type KeyEntry } from './keys.js';
export { createLogger } from './logger.js';
export { openApiDocument } from './openapi.js';
