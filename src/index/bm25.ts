/**
 * BM25 lexical index over jieba search-mode tokens, with field weights
 * (BM25F-style: weighted term frequencies and weighted document length).
 * Documents are keyed by the same integer label as the vector index, and can
 * be added, replaced and removed one by one.
 */

export interface Bm25Params {
  k1: number;
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

export type FieldTokens = { tokens: string[]; weight: number }[];

interface DocTerms {
  terms: string[];
  freqs: number[];
  length: number;
}

export interface Bm25Snapshot {
  params: Bm25Params;
  docs: [label: number, terms: string[], freqs: number[], length: number][];
}

export class Bm25Index {
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly docs = new Map<number, DocTerms>();
  private totalLength = 0;

  constructor(readonly params: Bm25Params = DEFAULT_BM25) {}

  get size(): number {
    return this.docs.size;
  }

  has(label: number): boolean {
    return this.docs.has(label);
  }

  /** Adds or replaces a document. */
  put(label: number, fields: FieldTokens): void {
    const freq = new Map<string, number>();
    let length = 0;
    for (const { tokens, weight } of fields) {
      for (const token of tokens) freq.set(token, (freq.get(token) ?? 0) + weight);
      length += tokens.length * weight;
    }
    this.putTerms(label, { terms: [...freq.keys()], freqs: [...freq.values()], length });
  }

  private putTerms(label: number, doc: DocTerms): void {
    this.remove(label);
    doc.terms.forEach((term, i) => {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = new Map()));
      list.set(label, doc.freqs[i]!);
    });
    this.docs.set(label, doc);
    this.totalLength += doc.length;
  }

  remove(label: number): void {
    const doc = this.docs.get(label);
    if (!doc) return;
    for (const term of doc.terms) {
      const list = this.postings.get(term);
      list?.delete(label);
      if (list && list.size === 0) this.postings.delete(term);
    }
    this.docs.delete(label);
    this.totalLength -= doc.length;
  }

  idf(term: string): number {
    const df = this.postings.get(term)?.size ?? 0;
    const n = this.docs.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Scores every document that shares a term with the query; `accept` filters labels. */
  scoreAll(queryTokens: string[], accept?: (label: number) => boolean): Map<number, number> {
    const scores = new Map<number, number>();
    if (this.docs.size === 0) return scores;
    const { k1, b } = this.params;
    const averageLength = this.totalLength / this.docs.size || 1;
    const queryFreq = new Map<string, number>();
    for (const token of queryTokens) queryFreq.set(token, (queryFreq.get(token) ?? 0) + 1);
    for (const [term, qtf] of queryFreq) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const [label, tf] of list) {
        if (accept && !accept(label)) continue;
        const length = this.docs.get(label)!.length;
        const termScore = (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / averageLength));
        scores.set(label, (scores.get(label) ?? 0) + qtf * termScore);
      }
    }
    return scores;
  }

  termsOf(label: number): readonly string[] {
    return this.docs.get(label)?.terms ?? [];
  }

  snapshot(): Bm25Snapshot {
    return { params: this.params, docs: [...this.docs].map(([label, d]) => [label, d.terms, d.freqs, d.length]) };
  }

  static fromSnapshot(snapshot: Bm25Snapshot): Bm25Index {
    const index = new Bm25Index(snapshot.params);
    for (const [label, terms, freqs, length] of snapshot.docs) index.putTerms(label, { terms, freqs, length });
    return index;
  }
}
