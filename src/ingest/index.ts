export { parseJsonl, formatLineError, type LineError, type ParsedLines } from './jsonl.js';
