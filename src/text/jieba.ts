/**
 * jieba segmentation (nodejieba) with its bundled dictionary.
 *
 * The domain dictionary (data/dict/userdict.utf8) is deliberately not loaded
 * into the segmenter: as whole tokens its compounds made the lexical index
 * worse on the dev set (lexical nDCG@10 0.7858 with it, 0.8075 without; hybrid
 * 0.8484 against 0.8549). It serves as the list of domain terms that
 * explanations and keywords name (domain-terms.ts).
 */
import nodejieba from 'nodejieba';

let loaded = false;

function ensureJiebaLoaded(): void {
  if (loaded) return;
  nodejieba.load();
  loaded = true;
}

/** Search mode: long words plus their sub-words, so 动力电池 also matches 电池. */
export function cutForSearch(text: string): string[] {
  ensureJiebaLoaded();
  return nodejieba.cutForSearch(text, true);
}

/** TF-IDF keyword extraction with jieba's bundled IDF table. */
export function extractTfIdf(text: string, topN: number): { word: string; weight: number }[] {
  ensureJiebaLoaded();
  return nodejieba.extract(text, topN);
}
