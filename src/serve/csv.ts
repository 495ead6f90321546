/**
 * CSV over HTTP: whether the client asked for it, and the download response.
 * The writer itself (`toCsv`, Excel-safe cells) is `src/csv/`.
 */
import type { Request, Response } from 'express';

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
