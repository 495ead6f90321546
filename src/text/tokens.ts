/**
 * Text → tokens for the lexical index and for explanations. One normalisation
 * for records and queries alike, so the two always meet.
 */
import { cutForSearch } from './jieba.js';
import { stopwords } from './stopwords.js';

const HAS_WORD_CHARACTER = /[\p{Script=Han}\p{L}\p{N}]/u;
const ONLY_DIGITS_OR_SYMBOLS = /^[\p{N}.,%+-]+$/u;

/** Full-width forms to ASCII, letters to lower case: ＣＯ２ and co2 are one term. */
export function normalizeText(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .toLowerCase();
}

export function isIndexableToken(token: string): boolean {
  if (!HAS_WORD_CHARACTER.test(token)) return false;
  if (ONLY_DIGITS_OR_SYMBOLS.test(token)) return false;
  return !stopwords().has(token);
}

/** Search-mode tokens (with repeats, for term frequency), stop words removed. */
export function searchTokens(text: string): string[] {
  return cutForSearch(normalizeText(text))
    .map((t) => t.trim())
    .filter(isIndexableToken);
}
