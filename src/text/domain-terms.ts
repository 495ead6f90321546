/**
 * Domain terms of the 14 key industries (data/dict/userdict.utf8, one
 * `词语 词频 词性` entry a line): found in a text by longest match, they are
 * the key terms that keywords and match explanations name (热失控 rather than 失控).
 */
import fs from 'node:fs';
import { USER_DICT_FILE } from '../config/paths.js';
import { normalizeText } from './tokens.js';

/** Terms grouped by first character, longest first, for a left-to-right longest-match scan. */
let byFirstCharacter: Map<string, string[]> | null = null;

function dictionary(): Map<string, string[]> {
  if (byFirstCharacter) return byFirstCharacter;
  if (!fs.existsSync(USER_DICT_FILE))
    throw new Error(`domain dictionary not found at ${USER_DICT_FILE}; it ships with the repository under data/dict/`);
  const map = new Map<string, string[]>();
  for (const line of fs.readFileSync(USER_DICT_FILE, 'utf8').split(/\r?\n/)) {
    const term = normalizeText(line.trim().split(/\s+/)[0] ?? '');
    if ([...term].length < 2) continue;
    const first = term[0]!;
    if (!map.has(first)) map.set(first, []);
    map.get(first)!.push(term);
  }
  for (const terms of map.values()) terms.sort((a, b) => b.length - a.length);
  byFirstCharacter = map;
  return map;
}

/** Distinct domain terms in the text, in order of first appearance; overlapping matches keep the longest. */
export function domainTermsIn(text: string): string[] {
  const normalized = normalizeText(text);
  const terms = dictionary();
  const found = new Set<string>();
  for (let at = 0; at < normalized.length; ) {
    const match = terms.get(normalized[at]!)?.find((term) => normalized.startsWith(term, at));
    if (match) {
      found.add(match);
      at += match.length;
    } else {
      at += 1;
    }
  }
  return [...found];
}

let allTerms: string[] | null = null;

/**
 * Dictionary terms that contain the term or are contained in it (动力电池 → 动力电池包, 电池): the
 * dictionary has no synonyms, so its broader and narrower terms are what it can offer a query.
 */
export function domainTermNeighbours(term: string): string[] {
  allTerms ??= [...new Set([...dictionary().values()].flat())].sort();
  return allTerms.filter((t) => t !== term && (t.includes(term) || term.includes(t)));
}
