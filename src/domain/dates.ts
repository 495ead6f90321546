/**
 * Strict ISO 8601 dates. `Date.parse` is lenient (it takes "1", "Hello 7" and
 * rolls 2026-02-30 over to March), so the shape is checked first and the
 * calendar after: the day must exist in its month.
 */
import { z } from 'zod';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;

function realDay(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day)
  );
}

/** `2026-12-31`: a day that exists. */
export function isIsoDate(text: string): boolean {
  const match = DATE.exec(text);
  return match !== null && realDay(match[1]!, match[2]!, match[3]!);
}

/** `2026-12-31` or `2026-12-31T08:00:00Z` / `…+08:00`: a day that exists, with an optional time and zone. */
export function isIsoInstant(text: string): boolean {
  const match = DATE.exec(text) ?? INSTANT.exec(text);
  return match !== null && realDay(match[1]!, match[2]!, match[3]!);
}

export const isoDateSchema = z.string().refine(isIsoDate, 'must be an ISO date such as 2026-12-31 (a day that exists)');

export const isoInstantSchema = z
  .string()
  .refine(isIsoInstant, 'must be an ISO date such as 2026-01-31 or an instant such as 2026-01-31T08:00:00Z');
