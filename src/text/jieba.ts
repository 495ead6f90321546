/**
 * jieba segmentation (nodejieba) with our domain user dictionary. nodejieba
 * aborts the whole process on a missing dictionary path, so every path is
 * checked before it is handed over.
 */
import fs from 'node:fs';
import nodejieba from 'nodejieba';
import { USER_DICT_FILE } from '../config/paths.js';

let loaded = false;

export function ensureJiebaLoaded(userDict = USER_DICT_FILE): void {
  if (loaded) return;
  if (!fs.existsSync(userDict)) {
    throw new Error(`jieba user dictionary not found at ${userDict}; it ships with the repository under data/dict/`);
  }
  nodejieba.load({ userDict });
  loaded = true;
}

/** Search mode: long words plus their sub-words, so 动力电池 also matches 电池. */
export function cutForSearch(text: string): string[] {
  ensureJiebaLoaded();
  return nodejieba.cutForSearch(text, true);
}

export function cut(text: string): string[] {
  ensureJiebaLoaded();
  return nodejieba.cut(text, true);
}

/** TF-IDF keyword extraction with jieba's bundled IDF table. */
export function extractTfIdf(text: string, topN: number): { word: string; weight: number }[] {
  ensureJiebaLoaded();
  return nodejieba.extract(text, topN);
}
