/**
 * Character bigrams of Chinese text: evidence that does not depend on how
 * jieba cut the words (打不动 / 打不 动, 发柴 vs 柴油机发…). Only runs of Han
 * characters are paired, so a bigram never spans punctuation, Latin or digits.
 */
import { normalizeText } from './tokens.js';

const HAN_RUN = /\p{Script=Han}+/gu;

/** The distinct Han-character bigrams of a text. */
export function hanBigrams(text: string): Set<string> {
  const bigrams = new Set<string>();
  for (const run of normalizeText(text).match(HAN_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i += 1) bigrams.add(chars[i]! + chars[i + 1]!);
  }
  return bigrams;
}

/**
 * Inverse document frequency of bigrams over one side's records (BM25's form,
 * always positive). A bigram no record has gets the rarest weight.
 */
export class BigramIdf {
  private constructor(
    private readonly documentFrequency: ReadonlyMap<string, number>,
    private readonly documents: number,
  ) {}

  static of(texts: Iterable<string>): BigramIdf {
    const df = new Map<string, number>();
    let documents = 0;
    for (const text of texts) {
      documents += 1;
      for (const bigram of hanBigrams(text)) df.set(bigram, (df.get(bigram) ?? 0) + 1);
    }
    return new BigramIdf(df, documents);
  }

  idf(bigram: string): number {
    const df = this.documentFrequency.get(bigram) ?? 0;
    return Math.log(1 + (this.documents - df + 0.5) / (df + 0.5));
  }
}
