export * from './subscriptions.js';
export * from './digests.js';
export * from './threshold.js';
export * from './nightly.js';
