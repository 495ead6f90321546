/**
 * CSV that Excel opens correctly on a Chinese Windows desktop: UTF-8 with a
 * byte-order mark (without it Excel reads GBK and shows mojibake), CRLF line
 * ends, RFC 4180 quoting. Cells that Excel would run as a formula (leading
 * = + - @, after any leading whitespace) get a leading apostrophe, so a record title cannot execute on a
 * broker's machine (CSV injection); numbers are written as they are.
 */
export const UTF8_BOM = '\uFEFF';

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

/** Excel skips leading whitespace (a space, a tab, U+3000 …) before it looks for a formula sign. */
const FORMULA_START = /^[\s\u3000]*[=+\-@]|^[\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const lines = [
    columns.map((c) => csvCell(c.header)),
    ...rows.map((row) => columns.map((c) => csvCell(c.value(row)))),
  ];
  return UTF8_BOM + lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}
