/**
 * A long demand names several problems (温差大、寿命短、有热失控隐患); a result that
 * solves one of them well is relevant even when the whole text's vector
 * blurs it. Its sentences are embedded as sub-queries for the second stage.
 */

/** Shorter pieces say too little to be embedded alone. */
const MIN_SENTENCE_CHARS = 8;
/** Each sentence costs one model call on a free-text query. */
export const MAX_SENTENCES = 6;

/**
 * Sentence ends: full-width and ASCII marks, and a half-width full stop before a space, the end or a
 * Han character. Most CSL abstracts end their sentences with '.', not '。' (1,809 of 2,000), while
 * a '.' between digits (3.5倍) or inside Latin text (U.S.A) is not an end.
 */
const SENTENCE_END = /[。！？；!?;\n]+|\.(?=\s|$|\p{Script=Han})/u;

function sentencesOf(text: string): string[] {
  return text
    .split(SENTENCE_END)
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

/**
 * Words with which a demand states what it asks for (希望开发…, 需要…快检方法, 寻求…算法, 请帮助确定…).
 * Chosen from how enterprises word a posting, not fitted to judgments.
 */
const NEED_MARKERS = /希望|需要|寻求|求|想|拟|请|急需|征集|期望|计划|要求/u;

/**
 * What a long demand asks for: its first sentence (a stored demand's title, the problem in a line) and
 * the sentences with a need marker, in order. The others describe the company and the symptoms, whose
 * words (玉米, 道路) also pull in records on the same object but another problem. None for a text of
 * one sentence (a title, a short free text).
 */
export function needSentences(text: string): string[] {
  const pieces = sentencesOf(text);
  if (pieces.length < 2) return [];
  return pieces.filter((s, i) => i === 0 || NEED_MARKERS.test(s));
}
