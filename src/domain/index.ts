export * from './industries.js';
export * from './errors.js';
export * from './records.js';
export * from './validate.js';
export * from './outbox.js';
export * from './reasons.js';
export * from './outcomes.js';
