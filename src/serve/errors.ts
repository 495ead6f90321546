/**
 * The one error middleware: every failure leaves the service as
 * `{ "error": { "code", "message", "details" } }` with a fitting status and
 * never a stack trace. Core errors are mapped by their `code`; the HTTP layer
 * adds its own (401, 403, 413, 415) as HttpError.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { EngineError } from '../domain/index.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: object = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function unauthorized(message: string): HttpError {
  return new HttpError(401, 'unauthorized', message);
}

export function forbidden(message: string): HttpError {
  return new HttpError(403, 'forbidden', message);
}

const STATUS_OF_ENGINE_CODE: Record<string, number> = {
  validation_failed: 400,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  version_conflict: 412,
  store_unavailable: 503,
  model_missing: 503,
  index_unavailable: 503,
};

/** What body-parser and express attach to the errors they raise (http-errors). */
interface ParserError {
  status?: number;
  type?: string;
  limit?: number;
  expose?: boolean;
  message: string;
}

function isParserError(error: unknown): error is ParserError {
  return typeof error === 'object' && error !== null && typeof (error as ParserError).status === 'number';
}

export interface ErrorBody {
  error: { code: string; message: string; details: object };
}

/** details is always an object ({} when there is nothing to add), so clients can read it without a null check. */
function body(code: string, message: string, details: unknown = {}): ErrorBody {
  return { error: { code, message, details: typeof details === 'object' && details !== null ? details : {} } };
}

/** Maps any thrown value to a status and body; unknown errors become an opaque 500. */
export function describeError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof HttpError) return { status: error.status, body: body(error.code, error.message, error.details) };
  if (error instanceof EngineError) {
    return {
      status: STATUS_OF_ENGINE_CODE[error.code] ?? 500,
      body: body(error.code, error.message, error.details ?? {}),
    };
  }
  if (isParserError(error)) {
    switch (error.type) {
      case 'entity.parse.failed':
        return {
          status: 400,
          body: body('malformed_json', `request body is not valid JSON: ${error.message}. Send one JSON object.`),
        };
      case 'entity.too.large':
        return {
          status: 413,
          body: body(
            'payload_too_large',
            `request body is larger than the limit of ${error.limit} bytes; send less, or split an import into several files`,
            {
              limitBytes: error.limit,
            },
          ),
        };
      case 'body.invalid_utf8':
        return {
          status: 400,
          body: body('invalid_utf8', 'the request body is not valid UTF-8; send it encoded as UTF-8'),
        };
      case 'charset.unsupported':
      case 'encoding.unsupported':
        return {
          status: 415,
          body: body('unsupported_media_type', `${error.message}; send UTF-8 without content encoding`),
        };
    }
    const status = error.status ?? 500;
    if (status >= 400 && status < 500 && error.expose !== false)
      return { status, body: body('bad_request', error.message) };
  }
  return {
    status: 500,
    body: body('internal_error', 'internal error; the service log has the details under this request id'),
  };
}

export function errorHandler(): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const { status, body } = describeError(error);
    // pino-http logs res.err with the stack; the client never sees it.
    if (status >= 500) res.err = error instanceof Error ? error : new Error(String(error));
    if (status === 401) res.set('WWW-Authenticate', 'Bearer realm="kjcg", charset="UTF-8"');
    res.status(status).json(body);
  };
}

export const routeNotFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'route_not_found', `no route ${req.method} ${req.path}; GET /openapi.json lists the routes`));
};
