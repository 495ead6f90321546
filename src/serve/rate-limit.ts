/**
 * Per-key rate limits (express-rate-limit, in memory): one budget for every
 * request, and a smaller one for the requests that embed, rank or write
 * (matches, free-text lists, recommendations, every POST/PATCH/DELETE), so one
 * key cannot keep the model busy for everyone. A valid key is counted by its
 * key id; a request without a valid key by its client address. Over budget:
 * 429 with Retry-After. /health and /openapi.json are never limited.
 */
import { GroupedHits } from './shared-hits.js';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import type { KeyStore } from '../auth/index.js';
import type { SharedStore } from '../store/index.js';
import type { AppConfig } from '../config/index.js';
import { apiKeyOf } from './auth.js';
import { HttpError } from './errors.js';

type LimitConfig = Pick<AppConfig, 'RATE_LIMIT_WINDOW_MS' | 'RATE_LIMIT_MAX' | 'RATE_LIMIT_HEAVY_MAX'>;

const UNLIMITED_PATHS = new Set(['/health', '/openapi.json']);

/** Requests that run the model or the ranking, or write. */
export function isHeavy(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') return true;
  if (/\/(matches|recommendations)$/.test(req.path)) return true;
  return typeof req.query.q === 'string' || Array.isArray(req.query.q);
}

/**
 * Counters in the shared store (PostgreSQL), so that with several replicas a key's budget
 * is one budget whichever replica answers, counted in groups and leased under load (shared-hits.ts). If the
 * database is down the request passes: matches answered from memory should not fail for
 * want of a counter.
 */
function sharedCounter(store: SharedStore, name: string, limit: number): Store {
  let hits = new GroupedHits(store, 60_000, limit);
  return {
    init: (options) => {
      hits = new GroupedHits(store, options.windowMs, limit);
    },
    increment: async (key) => {
      const counted = await hits.increment(`${name}:${key}`);
      return { totalHits: counted.hits, resetTime: counted.resetAt };
    },
    decrement: (key) => store.uncountHit(`${name}:${key}`),
    resetKey: (key) => store.resetHits(`${name}:${key}`),
  };
}

export function rateLimits(config: LimitConfig, keys: KeyStore, shared?: SharedStore): RequestHandler[] {
  const counted = new WeakMap<Request, string>();
  const budgetOf = (req: Request): string => {
    let budget = counted.get(req);
    if (budget === undefined) {
      const key = apiKeyOf(req);
      const holder = key === undefined ? null : keys.verify(key);
      budget = holder ? `key:${holder.keyId}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
      counted.set(req, budget);
    }
    return budget;
  };
  const limiter = (name: string, limit: number, skip: (req: Request) => boolean) =>
    rateLimit({
      windowMs: config.RATE_LIMIT_WINDOW_MS,
      limit,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      keyGenerator: budgetOf,
      ...(shared ? { store: sharedCounter(shared, name.split(',')[0]!, limit), passOnStoreError: true } : {}),
      skip: (req) => UNLIMITED_PATHS.has(req.path) || skip(req),
      handler: (_req, res, next) => {
        const retryAfter = res.get('Retry-After');
        next(
          new HttpError(
            429,
            'rate_limited',
            `too many ${name} from this key: at most ${limit} per ${config.RATE_LIMIT_WINDOW_MS / 1000} s; retry after ${retryAfter ?? 'a while'} s`,
            { limit, windowMs: config.RATE_LIMIT_WINDOW_MS, retryAfterSeconds: Number(retryAfter) || null },
          ),
        );
      },
    });
  return [
    limiter('requests', config.RATE_LIMIT_MAX, () => false),
    limiter('matches, searches and writes', config.RATE_LIMIT_HEAVY_MAX, (req) => !isHeavy(req)),
  ];
}
