export * from './industries.js';
export * from './errors.js';
export * from './records.js';
export * from './validate.js';
