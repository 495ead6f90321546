/** Stop words fit for demand and abstract prose (data/dict/stopwords.txt). */
import fs from 'node:fs';
import { STOPWORDS_FILE } from '../config/paths.js';

let cached: ReadonlySet<string> | null = null;

export function stopwords(): ReadonlySet<string> {
  if (!cached) {
    const words = fs
      .readFileSync(STOPWORDS_FILE, 'utf8')
      .split(/\r?\n/)
      .map((w) => w.trim())
      .filter((w) => w.length > 0 && !w.startsWith('#'));
    cached = new Set(words);
  }
  return cached;
}
