/** What the challenge, proposal and team routes share: the acting key, If-Match and ETag. */
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Actor } from '../../../challenges/index.js';
import { ValidationError } from '../../../domain/index.js';
import { callerOf } from '../../auth.js';
import { unauthorized } from '../../errors.js';

export function actorOf(res: Response): Actor {
  const caller = callerOf(res);
  if (caller.kind !== 'key') throw unauthorized('challenges, proposals and teams need an API key');
  return caller;
}

/** The version named by If-Match (`"3"`, `W/"3"` or `3`), if any: a stale one is a 412. */
export function ifMatch(req: Request): number | undefined {
  const header = req.get('if-match')?.trim();
  if (!header || header === '*') return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header);
  if (!match) {
    throw new ValidationError('If-Match must be the ETag of the document, e.g. "3"', [
      { field: 'If-Match', message: 'not a version' },
    ]);
  }
  return Number(match[1]);
}

export function withEtag<T extends { version: number }>(res: Response, view: T): T {
  res.set('ETag', `"${view.version}"`);
  return view;
}

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const teamsQuery = z.strictObject({
  k: wholeNumber(1, 100).optional().describe('teams to return, 1..100 (default 10)'),
});

export const teamListQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional().describe('part of the team name or institution'),
  limit: wholeNumber(1, 200).optional().describe('teams per page (default 20)'),
  offset: wholeNumber(0, 1_000_000).optional().describe('teams to skip'),
});

export const challengeListQuery = z.strictObject({
  state: z
    .enum(['draft', 'published', 'closed', 'evaluating', 'awarded', 'unsolved', 'cancelled'])
    .optional()
    .describe('only challenges in this state (as the clock sees it)'),
  enterpriseId: z.string().min(1).optional().describe('only challenges of this enterprise'),
});
