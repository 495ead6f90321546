export { MatchEngine } from './engine.js';
export type { OpenOptions } from './open.js';
export * from './types.js';
export { demandQueryText, indexInput, FIELD_WEIGHTS } from './derive.js';
export { engineConfigFrom } from './engine-config.js';
export { importJsonlText, importJsonlFile, type ImportReport } from './import.js';
