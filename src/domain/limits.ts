/**
 * How much a client may send, and the shape rules that keep input harmless.
 * One place, so the record schemas, the HTTP body parser and docs/security.md
 * agree. The caps sit far above the real data (CSL abstracts reach 1,215
 * characters, demand descriptions 187, titles 50) and far below what stalls
 * the service: jieba and the keyword extractor run over the whole text on
 * every write, while the model reads only the first 500 characters anyway.
 */

/** Characters in a title (the longest real one has 50). */
export const MAX_TITLE_CHARS = 500;
/** Characters in an abstract or a description (the longest real abstract has 1,215). */
export const MAX_BODY_TEXT_CHARS = 20_000;
/** Characters in every other text field (region, institution, contact, …). */
export const MAX_SHORT_TEXT_CHARS = 1_000;
/** Keywords of one achievement, and characters in each. */
export const MAX_KEYWORDS = 100;
export const MAX_KEYWORD_CHARS = 100;
/** Characters of free text in a query (POST /v1/match `text`, list `q`). */
export const MAX_QUERY_TEXT_CHARS = 2_000;
/** A whole record as JSON, unknown fields included. */
export const MAX_RECORD_JSON_CHARS = 200_000;
/**
 * Nesting of a record's values (unknown fields may hold objects): the record
 * itself is level 1. Deep nesting costs recursion in every later
 * JSON.stringify, and 10,000 levels overflow the stack.
 */
export const MAX_RECORD_DEPTH = 8;
/** Nesting of any JSON request body, checked before anything else reads it. */
export const MAX_BODY_DEPTH = 32;

/**
 * Keys dropped from every body and every imported record, at any depth: as
 * property names they reach Object.prototype (`__proto__`), or shadow what
 * code reads from it (`constructor`, `prototype`). No real record uses them.
 */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How deep a parsed JSON value nests (a scalar is 0, `{}` and `[]` are 1),
 * walked without recursion so that a hostile value cannot overflow the stack.
 * Stops early once `limit` is passed; returns the path to the deepest point seen.
 */
export function jsonDepth(value: unknown, limit = Number.POSITIVE_INFINITY): { depth: number; path: string[] } {
  let deepest = { depth: 0, path: [] as string[] };
  const stack: { value: unknown; depth: number; path: string[] }[] = [{ value, depth: 0, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value !== 'object' || item.value === null) continue;
    const depth = item.depth + 1;
    if (depth > deepest.depth) deepest = { depth, path: item.path };
    if (depth > limit) break;
    for (const [key, child] of Object.entries(item.value)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth, path: [...item.path, key] });
    }
  }
  return deepest;
}

/**
 * A copy of a JSON value without UNSAFE_KEYS at any depth. It recurses, so
 * call it only on values whose depth is already bounded (jsonDepth). Only
 * safe keys are assigned, so no assignment can reach a prototype.
 */
export function withoutUnsafeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUnsafeKeys);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (!UNSAFE_KEYS.has(key)) copy[key] = withoutUnsafeKeys(child);
  }
  return copy;
}
