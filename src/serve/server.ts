/**
 * The HTTP server around the app, with short, documented timeouts (a client
 * that stalls its headers or its body loses the connection after seconds,
 * not minutes) and JSON answers for what node's HTTP parser refuses before
 * express ever sees a request: a stalled request (408), headers or a URL over
 * node's 16 KB header limit (431), bytes that are not HTTP (400).
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { AppConfig } from '../config/index.js';
import type { ErrorBody } from './errors.js';

type TimeoutConfig = Pick<AppConfig, 'HEADERS_TIMEOUT_MS' | 'REQUEST_TIMEOUT_MS'>;

const PARSER_REFUSALS: Record<string, { status: number; reason: string; code: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'request_timeout',
    message: 'the request (headers and body) did not arrive in time; send it again without pausing',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'header_too_large',
    message: 'the URL and headers together exceed 16 KB; send long queries in a POST body (e.g. POST /v1/match)',
  },
};

const BAD_REQUEST = {
  status: 400,
  reason: 'Bad Request',
  code: 'bad_request',
  message: 'the request is not valid HTTP/1.1',
};

function refusal(code: string | undefined): string {
  const { status, reason, code: errorCode, message } = PARSER_REFUSALS[code ?? ''] ?? BAD_REQUEST;
  const body: ErrorBody = { error: { code: errorCode, message, details: {} } };
  const text = JSON.stringify(body);
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(text)}`,
    'Connection: close',
    '',
    text,
  ].join('\r\n');
}

/** Answers in JSON what node's default handler answers with a bare status line, then closes the socket. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: http.ServerResponse })._httpMessage;
  // Never write into a response that has begun: that would corrupt what the client reads.
  if (socket.writable && error.code !== 'ECONNRESET' && !inFlight?.headersSent) {
    socket.end(refusal(error.code));
  }
  socket.destroy();
}

export function createHttpServer(app: http.RequestListener, config: TimeoutConfig): http.Server {
  const server = http.createServer(
    {
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      // How often node looks for requests past their timeout (its default, 30 s, would double a short timeout).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(config.HEADERS_TIMEOUT_MS / 4))),
    },
    app,
  );
  server.on('clientError', answerClientError);
  return server;
}
