/** Turns zod failures into our ValidationError with dotted field paths. */
import type { z } from 'zod';
import { ValidationError, type FieldIssue } from './errors.js';

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(record)',
    message: issue.message,
  }));
}

export function parseOrThrow<S extends z.ZodTypeAny>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error);
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  throw new ValidationError(`invalid ${what}: ${summary}`, issues);
}
