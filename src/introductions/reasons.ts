/**
 * The decline reasons in force: the default eight of src/domain/reasons.ts, or
 * a deployment's own list (DECLINE_REASONS_FILE), validated at start-up so a
 * bad file stops the service with its name rather than failing the first decline.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { DEFAULT_DECLINE_REASONS, ValidationError, parseOrThrow } from '../domain/index.js';

export const declineReasonSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lower-case code such as irrelevant'),
  label: z.string().trim().min(1).max(60),
});
export type DeclineReason = z.infer<typeof declineReasonSchema>;

export const declineReasonListSchema = z
  .array(declineReasonSchema)
  .min(1, 'needs at least one reason')
  .superRefine((reasons, ctx) => {
    const seen = new Set<string>();
    reasons.forEach((reason, i) => {
      if (seen.has(reason.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: 'appears twice' });
      seen.add(reason.code);
    });
  });

export function loadDeclineReasons(file: string | undefined): DeclineReason[] {
  if (file === undefined) return DEFAULT_DECLINE_REASONS.map((r) => ({ ...r }));
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ValidationError(`decline reasons file ${file} cannot be read as JSON: ${(error as Error).message}`, [
      { field: 'DECLINE_REASONS_FILE', message: 'must be a readable JSON file' },
    ]);
  }
  return parseOrThrow(declineReasonListSchema, json, `decline reasons file ${file}`);
}
