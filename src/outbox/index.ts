export * from './deliverer.js';
export * from './signature.js';
export * from './webhooks.js';
