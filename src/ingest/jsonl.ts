/**
 * JSONL import: one record a line. A bad line is reported with its line
 * number and the offending field, and never stops the good ones.
 */
import { z } from 'zod';
import { fieldIssueSchema, fieldIssues } from '../domain/index.js';

export const lineErrorSchema = z.object({
  line: z.number().int().min(1).describe('1-based line number'),
  id: z.string().optional().describe('the id on the line, when it could be read'),
  issues: z.array(fieldIssueSchema),
});
export type LineError = z.infer<typeof lineErrorSchema>;

export interface ParsedLines<T> {
  records: { line: number; record: T }[];
  errors: LineError[];
}

export function parseJsonl<S extends z.ZodTypeAny>(text: string, schema: S): ParsedLines<z.infer<S>> {
  const records: { line: number; record: z.infer<S> }[] = [];
  const errors: LineError[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      errors.push({ line, issues: [{ field: '(line)', message: `not valid JSON: ${(error as Error).message}` }] });
      return;
    }
    const result = schema.safeParse(value);
    const idValue = typeof (value as { id?: unknown })?.id === 'string' ? (value as { id: string }).id : undefined;
    if (!result.success) {
      errors.push({ line, id: idValue, issues: fieldIssues(result.error) });
      return;
    }
    const record = result.data as { id: string };
    const earlier = seen.get(record.id);
    if (earlier !== undefined) {
      errors.push({ line, id: record.id, issues: [{ field: 'id', message: `duplicate of line ${earlier}` }] });
      return;
    }
    seen.set(record.id, line);
    records.push({ line, record: result.data });
  });
  return { records, errors };
}

export function formatLineError(error: LineError): string {
  const where = error.id ? `line ${error.line} (id ${error.id})` : `line ${error.line}`;
  return `${where}: ${error.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;
}
