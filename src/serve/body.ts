/**
 * Request bodies: the content type is checked first (415 names what is
 * accepted), then the body is read up to its limit (413) and parsed (400).
 */
import express, { type RequestHandler } from 'express';
import { HttpError } from './errors.js';

export const JSON_TYPES = ['application/json', 'application/merge-patch+json'];
export const JSONL_TYPES = ['application/x-ndjson', 'application/jsonl', 'text/plain'];

function mediaType(header: string | undefined): string | null {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type ? type : null;
}

export function requireContentType(accepted: string[]): RequestHandler {
  return (req, _res, next) => {
    const received = mediaType(req.get('content-type'));
    if (received !== null && accepted.includes(received)) return next();
    next(
      new HttpError(
        415,
        'unsupported_media_type',
        `send the body as ${accepted.join(' or ')}${received ? `, not ${received}` : ' (no Content-Type was given)'}`,
        {
          accepted,
          received,
        },
      ),
    );
  };
}

/** A JSON object body (POST, PATCH, match). */
export function jsonBody(limit: string): RequestHandler[] {
  return [requireContentType(JSON_TYPES), express.json({ limit, strict: true, type: () => true })];
}

/** JSONL text for bulk imports, one record a line. */
export function jsonlBody(limit: string): RequestHandler[] {
  return [requireContentType(JSONL_TYPES), express.text({ limit, type: () => true, defaultCharset: 'utf-8' })];
}
