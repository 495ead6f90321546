/**
 * JSON bodies serialised once per kept object. The engine hands back the same
 * response object while a match list is kept (src/engine/match-cache.ts); with
 * the same marks (named by value) and page, the body built from it is the same
 * bytes every time, and serialising ten full records was about a seventh of a
 * kept list's request.
 */
import type { Response } from 'express';

const bodies = new WeakMap<object, { extras: readonly unknown[]; body: Buffer }>();

/**
 * Sends `build()` as JSON. `source` and `extras` must be everything the body is built
 * from: while they are the same objects and values, the bytes serialised last time are sent.
 */
export function sendJsonOnce(res: Response, source: object, extras: readonly unknown[], build: () => unknown): void {
  const held = bodies.get(source);
  let body: Buffer;
  if (held && held.extras.length === extras.length && held.extras.every((value, i) => value === extras[i])) {
    body = held.body;
  } else {
    body = Buffer.from(JSON.stringify(build()));
    bodies.set(source, { extras, body });
  }
  res.type('json').send(body);
}
