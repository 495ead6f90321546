/**
 * GET /v1/me: who the sent key belongs to (role, enterprise, team, scope), never
 * the key itself. A client such as the web console asks this once after sign-in
 * to know which screens to offer, instead of guessing from 403s.
 */
import type { IRouter } from 'express';
import { z } from 'zod';
import { ROLES } from '../../auth/index.js';
import { authenticate, callerOf } from '../auth.js';
import type { ServiceContext } from '../context.js';
import { unauthorized } from '../errors.js';

export const callerSchema = z.object({
  keyId: z.string(),
  role: z.enum(ROLES),
  name: z.string().optional(),
  /** Enterprise keys: the enterprise whose demands the key owns. */
  enterpriseId: z.string().optional(),
  /** Researcher keys: the research team. */
  teamId: z.string().optional(),
  /** Broker keys: the region code the broker works in; absent means province-wide. */
  scope: z.string().optional(),
  /** Broker keys: may review publications. */
  reviewer: z.boolean().optional(),
});

export type CallerDescription = z.infer<typeof callerSchema>;

export function registerMeRoutes(router: IRouter, ctx: ServiceContext): void {
  router.get('/v1/me', authenticate(ctx.keys, { anonymous: false }), (_req, res) => {
    const caller = callerOf(res);
    if (caller.kind !== 'key') throw unauthorized('missing API key');
    const { kind: _kind, ...holder } = caller;
    res.json(callerSchema.parse(holder));
  });
}
