/**
 * A long demand names several problems (温差大、寿命短、有热失控隐患); a result that
 * solves one of them well is relevant even when the whole text's vector
 * blurs it. Its sentences are embedded as sub-queries for the second stage.
 */

/** Shorter pieces say too little to be embedded alone. */
const MIN_SENTENCE_CHARS = 8;
/** Each sentence costs one model call on a free-text query. */
export const MAX_SENTENCES = 6;

function sentencesOf(text: string): string[] {
  return text
    .split(/[。！？；!?;\n]+/u)
    .map((s) => s.trim())
    .filter((s) => [...s].length >= MIN_SENTENCE_CHARS);
}

/** The sentences of a query text, longest first when there are too many; none when it is one sentence. */
export function querySentences(text: string): string[] {
  const pieces = sentencesOf(text);
  if (pieces.length < 2) return [];
  if (pieces.length <= MAX_SENTENCES) return pieces;
  return [...pieces].sort((a, b) => b.length - a.length).slice(0, MAX_SENTENCES);
}

/**
 * The sentences of a record's body (an achievement's abstract), in order: each is embedded on its own
 * so that a demand can meet the one sentence that answers it (first-stage variant, docs/quality.md).
 */
export function recordSentences(body: string): string[] {
  return sentencesOf(body);
}
