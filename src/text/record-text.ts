/**
 * Which text of a record is matched. Both sides reduce to the same three
 * fields (title, keywords, body) so the lexical index weighs them alike.
 */
import type { Achievement, Demand, RecordKind } from '../domain/index.js';

export interface RecordFields {
  title: string;
  keywords: string;
  body: string;
}

export function recordFields(kind: RecordKind, record: Achievement | Demand): RecordFields {
  if (kind === 'achievement') {
    const a = record as Achievement;
    return { title: a.title, keywords: (a.keywords ?? []).join('，'), body: a.abstract ?? '' };
  }
  const d = record as Demand;
  return { title: d.title, keywords: '', body: d.description ?? '' };
}

/** The text a record is embedded and matched by: title。keywords。body (the eval's query form for demands). */
export function fullText(fields: RecordFields): string {
  return [fields.title, fields.keywords, fields.body]
    .map((s) => s.trim())
    .filter(Boolean)
    .join('。');
}

/**
 * The model reads at most 512 tokens (~1 token per Chinese character), so
 * longer text is cut here, visibly, rather than silently by the tokenizer.
 */
export const MAX_EMBEDDED_CHARS = 500;

export function truncateForModel(text: string, maxChars = MAX_EMBEDDED_CHARS): { text: string; truncated: boolean } {
  const chars = [...text];
  if (chars.length <= maxChars) return { text, truncated: false };
  return { text: chars.slice(0, maxChars).join(''), truncated: true };
}
