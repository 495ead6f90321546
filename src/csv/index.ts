/**
 * The CSV writer: the statistics report of the CLI and the HTTP exports write
 * their tables with it, so it sits below both.
 */
export { UTF8_BOM, csvCell, toCsv, type CsvColumn, type CsvValue } from './write.js';
