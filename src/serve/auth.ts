/**
 * Authentication: the API key from `X-API-Key` (or `Authorization: Bearer`),
 * checked against the key store. A missing or unknown key is 401; what a
 * valid key may do is the policy's business (403).
 */
import type { Request, RequestHandler, Response } from 'express';
import { forbidden, unauthorized } from './errors.js';
import type { KeyStore } from '../auth/index.js';
import { can, type Caller, type Capability } from './policy.js';

export function apiKeyOf(req: Request): string | undefined {
  const header = req.get('x-api-key')?.trim();
  if (header) return header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

/**
 * Admits callers with a valid key, and callers without one when `anonymous`
 * is allowed for this route. A key that is sent but wrong is always 401,
 * never quietly downgraded to anonymous.
 */
export function authenticate(keys: KeyStore, options: { anonymous: boolean }): RequestHandler {
  return (req, res, next) => {
    const key = apiKeyOf(req);
    if (key === undefined) {
      if (options.anonymous) {
        setCaller(res, { kind: 'anonymous' });
        return next();
      }
      return next(unauthorized('missing API key: send it in the X-API-Key header (or Authorization: Bearer <key>)'));
    }
    const holder = keys.verify(key);
    if (!holder) return next(unauthorized('invalid or revoked API key'));
    setCaller(res, { kind: 'key', ...holder });
    next();
  };
}

export function requireCapability(capability: Capability, what: string): RequestHandler {
  return (_req, res, next) => {
    const caller = callerOf(res);
    if (can(caller, capability)) return next();
    next(
      caller.kind === 'anonymous'
        ? unauthorized(`${what} needs an API key`)
        : forbidden(`a ${caller.role} key may not ${what}`),
    );
  };
}

function setCaller(res: Response, caller: Caller): void {
  res.locals.caller = caller;
}

export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) throw new Error('route registered without authenticate(): no caller');
  return caller;
}
