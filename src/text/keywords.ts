/** Key terms of a record: the ones its publisher gave, then domain terms in its text, then TF-IDF terms. */
import { domainTermsIn } from './domain-terms.js';
import { extractTfIdf } from './jieba.js';
import { isIndexableToken, normalizeText } from './tokens.js';

export function extractKeywords(text: string, limit = 8, given: readonly string[] = []): string[] {
  const terms: string[] = [];
  const add = (term: string) => {
    const normalized = normalizeText(term.trim());
    if (normalized.length > 0 && !terms.includes(normalized) && !terms.some((t) => t.includes(normalized)))
      terms.push(normalized);
  };
  given.forEach(add);
  for (const term of domainTermsIn(text)) if (terms.length < limit + given.length) add(term);
  for (const { word } of extractTfIdf(normalizeText(text), limit * 2)) {
    if (terms.length >= limit + given.length) break;
    if ([...word].length >= 2 && isIndexableToken(word)) add(word);
  }
  return terms;
}
