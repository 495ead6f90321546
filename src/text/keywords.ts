/** Key terms of a record: the ones its publisher gave, then TF-IDF terms of its text. */
import { extractTfIdf } from './jieba.js';
import { isIndexableToken, normalizeText } from './tokens.js';

export function extractKeywords(text: string, limit = 8, given: readonly string[] = []): string[] {
  const terms: string[] = [];
  const seen = new Set<string>();
  const add = (term: string) => {
    const normalized = normalizeText(term.trim());
    if (normalized.length === 0 || seen.has(normalized)) return;
    seen.add(normalized);
    terms.push(normalized);
  };
  given.forEach(add);
  for (const { word } of extractTfIdf(normalizeText(text), limit * 2)) {
    if (terms.length >= limit + given.length) break;
    if ([...word].length >= 2 && isIndexableToken(word)) add(word);
  }
  return terms;
}
