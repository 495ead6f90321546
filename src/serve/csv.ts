/**
 * CSV that Excel opens correctly on a Chinese Windows desktop: UTF-8 with a
 * byte-order mark (without it Excel reads GBK and shows mojibake), CRLF line
 * ends, RFC 4180 quoting. Cells that Excel would run as a formula (leading
 * = + - @, after any leading whitespace) get a leading apostrophe, so a record title cannot execute on a
 * broker's machine (CSV injection); numbers are written as they are.
 */
import type { Request, Response } from 'express';

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

/** `?format=csv` wins; otherwise an Accept header that prefers text/csv over JSON. */
export function wantsCsv(req: Request, format: 'json' | 'csv' | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

export function sendCsv(res: Response, filename: string, csv: string): void {
  res.attachment(filename);
  res.type('text/csv; charset=utf-8');
  res.send(csv);
}
