export * from './patent-number.js';
export * from './ip-items.js';
