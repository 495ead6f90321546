/**
 * Request bodies, refused as early as each problem shows:
 * 1. a Content-Length over the route's limit: 413 before a byte is read, and
 *    the connection is closed (refuseOversizeBodies, ahead of every route);
 * 2. the media type and charset: 415 names what is accepted (UTF-8 only);
 * 3. the bytes, read up to the limit (413), must be valid UTF-8 (400), never
 *    silently turned into U+FFFD;
 * 4. the JSON is parsed (400), must nest at most MAX_BODY_DEPTH levels (400),
 *    and loses every `__proto__`, `constructor` and `prototype` key at any
 *    depth before a route sees it (UNSAFE_KEYS, docs/security.md).
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { MAX_BODY_DEPTH, jsonDepth, withoutUnsafeKeys } from '../domain/index.js';
import { HttpError } from './errors.js';

export const JSON_TYPES = ['application/json', 'application/merge-patch+json'];
export const JSONL_TYPES = ['application/x-ndjson', 'application/jsonl', 'text/plain'];
const UTF8 = new Set(['utf-8', 'utf8']);

function mediaType(header: string | undefined): string | null {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type ? type : null;
}

function charsetOf(header: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(header ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

export function requireContentType(accepted: string[]): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('content-type');
    const received = mediaType(header);
    if (received === null || !accepted.includes(received)) {
      return next(
        new HttpError(
          415,
          'unsupported_media_type',
          `send the body as ${accepted.join(' or ')}${received ? `, not ${received}` : ' (no Content-Type was given)'}`,
          { accepted, received },
        ),
      );
    }
    const charset = charsetOf(header);
    if (charset !== null && !UTF8.has(charset)) {
      return next(
        new HttpError(415, 'unsupported_media_type', `send the body in UTF-8 (charset=utf-8), not charset=${charset}`, {
          accepted: accepted.map((type) => `${type}; charset=utf-8`),
          received: `${received}; charset=${charset}`,
        }),
      );
    }
    next();
  };
}

/** body-parser's verify hook: runs on the raw bytes before they are decoded. */
function requireUtf8(_req: IncomingMessage, _res: unknown, bytes: Buffer): void {
  if (!isUtf8(bytes)) {
    throw Object.assign(new Error('the body is not valid UTF-8'), { type: 'body.invalid_utf8', status: 400 });
  }
}

/** Depth first (without recursion), then the unsafe keys (recursion is bounded by then). */
const boundedJson: RequestHandler = (req, _res, next) => {
  const { depth, path } = jsonDepth(req.body, MAX_BODY_DEPTH);
  if (depth > MAX_BODY_DEPTH) {
    const at = path.slice(0, 4).join('.');
    return next(
      new HttpError(
        400,
        'too_deeply_nested',
        `the JSON body nests deeper than ${MAX_BODY_DEPTH} levels${at ? ` (below ${at})` : ''}; send flatter JSON`,
        { maxDepth: MAX_BODY_DEPTH },
      ),
    );
  }
  req.body = withoutUnsafeKeys(req.body);
  next();
};

/** A JSON object body (POST, PATCH, match). */
export function jsonBody(limit: string): RequestHandler[] {
  return [
    requireContentType(JSON_TYPES),
    express.json({ limit, strict: true, type: () => true, verify: requireUtf8 }),
    boundedJson,
  ];
}

/** JSONL text for bulk imports, one record a line (each line is checked by the record schema). */
export function jsonlBody(limit: string): RequestHandler[] {
  return [
    requireContentType(JSONL_TYPES),
    express.text({ limit, type: () => true, defaultCharset: 'utf-8', verify: requireUtf8 }),
  ];
}

/** `1mb`, `512kb`, `100b` (the config's format, as body-parser reads it: k = 1024) → bytes. */
export function limitBytes(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`not a size: ${limit}`);
  const unit = match[2]!.toLowerCase();
  return Number(match[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

/**
 * Refuses a declared body over the limit on its headers alone, before
 * authentication reads anything, and closes the connection so a client that
 * lied about its length cannot keep it. Imports have their own, larger limit.
 */
export function refuseOversizeBodies(limits: { body: string; import: string }): RequestHandler {
  const body = limitBytes(limits.body);
  const bulk = limitBytes(limits.import);
  return (req, res, next) => {
    const declared = Number(req.get('content-length') ?? 0);
    const limit = req.path.endsWith('/import') ? bulk : body;
    if (!(declared > limit)) return next();
    res.set('Connection', 'close');
    res.once('finish', () => req.socket.destroySoon());
    next(
      new HttpError(
        413,
        'payload_too_large',
        `request body is larger than the limit of ${limit} bytes; send less, or split an import into several files`,
        { limitBytes: limit },
      ),
    );
  };
}
