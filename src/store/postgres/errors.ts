/**
 * What a failed PostgreSQL call means to the caller: the database cannot be
 * reached (StoreUnavailableError, HTTP 503, worth a retry), a value it cannot
 * hold (ValidationError), or a bug (rethrown as it is).
 */
import { EngineError, StoreUnavailableError, ValidationError } from '../../domain/index.js';

/** SQLSTATE classes and codes that mean "not now" rather than "never". */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || UNAVAILABLE_NODE_CODES.has(code))) return true;
  // node-postgres says these in words, without a code.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed|not queryable|Query read timeout/i.test(
    error.message,
  );
}

export function storeError(error: unknown, doing: string): Error {
  if (error instanceof EngineError) return error;
  if (isUnavailable(error)) {
    return new StoreUnavailableError(
      `the database is unavailable while ${doing} (${(error as Error).message}); retry shortly`,
    );
  }
  const code = (error as { code?: string }).code;
  if (code === '22P05' || code === '22P02' || code === '54001') {
    return new ValidationError(`the database cannot store this value while ${doing}: ${(error as Error).message}`, [
      { field: 'data', message: 'cannot be stored (a \\u0000 character, or nested too deeply?)' },
    ]);
  }
  return error instanceof Error ? error : new Error(String(error));
}
