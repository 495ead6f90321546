/**
 * Introductions (对接): the record of brokers' work from a match to a signed
 * technology contract. Schema, state machine, access rules, the service over
 * the store's collections, outcomes for ranking, and statistics.
 */
export * from './schema.js';
export * from './machine.js';
export * from './access.js';
export * from './errors.js';
export * from './reasons.js';
export * from './service.js';
export * from './outcomes.js';
export * from './statistics.js';
export * from './statistics-csv.js';
export * from './from-config.js';
