export { parseJsonl, formatLineError, lineErrorSchema, type LineError, type ParsedLines } from './jsonl.js';
