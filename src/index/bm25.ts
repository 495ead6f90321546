/**
 * BM25 lexical index over jieba search-mode tokens, with field weights
 * (BM25F-style: weighted term frequencies and weighted document length).
 * Documents are keyed by the same integer label as the vector index, and can
 * be added, replaced and removed one by one.
 *
 * Postings are typed arrays and scores accumulate in one reused array: at
 * 200k documents the Map-of-Maps version this replaced took 24 ms p50 per
 * query and most of the process's memory (docs/benchmarks.md).
 */

export interface Bm25Params {
  k1: number;
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

export type FieldTokens = { tokens: string[]; weight: number }[];

export interface Bm25Hit {
  label: number;
  score: number;
}

/** One term's documents and weighted term frequencies, grown by doubling. */
class Postings {
  labels = new Int32Array(4);
  freqs = new Float32Array(4);
  length = 0;

  push(label: number, freq: number): void {
    if (this.length === this.labels.length) {
      const labels = new Int32Array(this.length * 2);
      labels.set(this.labels);
      this.labels = labels;
      const freqs = new Float32Array(this.length * 2);
      freqs.set(this.freqs);
      this.freqs = freqs;
    }
    this.labels[this.length] = label;
    this.freqs[this.length] = freq;
    this.length += 1;
  }

  /** Removal is rare (edits, deletes): a linear scan and a swap with the last entry. */
  remove(label: number): void {
    for (let i = 0; i < this.length; i += 1) {
      if (this.labels[i] === label) {
        this.length -= 1;
        this.labels[i] = this.labels[this.length]!;
        this.freqs[i] = this.freqs[this.length]!;
        return;
      }
    }
  }
}

interface DocTerms {
  termIds: Int32Array;
  freqs: Float32Array;
  length: number;
}

/** Keeps the k best hits seen so far in a min-heap: O(n log k) over all scored documents. */
class TopHits {
  private readonly heap: Bm25Hit[] = [];

  constructor(private readonly k: number) {}

  private worse(a: Bm25Hit, b: Bm25Hit): boolean {
    return a.score < b.score || (a.score === b.score && a.label > b.label);
  }

  offer(label: number, score: number): void {
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push({ label, score });
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!this.worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
      return;
    }
    const candidate = { label, score };
    if (!this.worse(heap[0]!, candidate)) return;
    heap[0] = candidate;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.worse(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && this.worse(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) break;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }

  sorted(): Bm25Hit[] {
    return [...this.heap].sort((a, b) => b.score - a.score || a.label - b.label);
  }
}

export class Bm25Index {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly postings: Postings[] = [];
  private readonly docs: (DocTerms | undefined)[] = [];
  private docCount = 0;
  private totalLength = 0;
  private accumulator = new Float64Array(0);

  constructor(readonly params: Bm25Params = DEFAULT_BM25) {}

  get size(): number {
    return this.docCount;
  }

  has(label: number): boolean {
    return this.docs[label] !== undefined;
  }

  private termIdOf(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      this.postings.push(new Postings());
    }
    return id;
  }

  /** Adds or replaces a document. */
  put(label: number, fields: FieldTokens): void {
    const freq = new Map<number, number>();
    let length = 0;
    for (const { tokens, weight } of fields) {
      for (const token of tokens) {
        const id = this.termIdOf(token);
        freq.set(id, (freq.get(id) ?? 0) + weight);
      }
      length += tokens.length * weight;
    }
    this.putDoc(label, { termIds: Int32Array.from(freq.keys()), freqs: Float32Array.from(freq.values()), length });
  }

  private putDoc(label: number, doc: DocTerms): void {
    this.remove(label);
    doc.termIds.forEach((id, i) => this.postings[id]!.push(label, doc.freqs[i]!));
    this.docs[label] = doc;
    this.docCount += 1;
    this.totalLength += doc.length;
  }

  remove(label: number): void {
    const doc = this.docs[label];
    if (!doc) return;
    for (const id of doc.termIds) this.postings[id]!.remove(label);
    this.docs[label] = undefined;
    this.docCount -= 1;
    this.totalLength -= doc.length;
  }

  idf(term: string): number {
    const id = this.termIds.get(term);
    const df = id === undefined ? 0 : this.postings[id]!.length;
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  /** Term ids with their query weights: repeats of a token add up; terms the index never saw drop out. */
  private queryTerms(query: string[] | ReadonlyMap<string, number>): Map<number, number> {
    const weights = new Map<number, number>();
    const entries: Iterable<[string, number]> = Array.isArray(query)
      ? query.map((t) => [t, 1] as [string, number])
      : query;
    for (const [token, weight] of entries) {
      const id = this.termIds.get(token);
      if (id !== undefined && weight > 0) weights.set(id, (weights.get(id) ?? 0) + weight);
    }
    return weights;
  }

  private termScore(idf: number, freq: number, length: number, averageLength: number): number {
    const { k1, b } = this.params;
    return (idf * freq * (k1 + 1)) / (freq + k1 * (1 - b + (b * length) / averageLength));
  }

  /**
   * The k best documents sharing a term with the query; `accept` filters labels. The query is its
   * tokens (a repeated token counts twice) or weighted terms (an expanded query, see src/match/rm3.ts).
   */
  search(
    queryTokens: string[] | ReadonlyMap<string, number>,
    k: number,
    accept?: (label: number) => boolean,
  ): Bm25Hit[] {
    if (this.docCount === 0 || k <= 0) return [];
    if (this.accumulator.length < this.docs.length)
      this.accumulator = new Float64Array(Math.max(this.docs.length, this.accumulator.length * 2));
    const scores = this.accumulator;
    const touched: number[] = [];
    const averageLength = this.totalLength / this.docCount || 1;
    for (const [id, queryFreq] of this.queryTerms(queryTokens)) {
      const list = this.postings[id]!;
      const idf = this.idf(this.terms[id]!);
      for (let i = 0; i < list.length; i += 1) {
        const label = list.labels[i]!;
        // idf > 0 always, so a zero accumulator means "not yet touched".
        if (scores[label] === 0) touched.push(label);
        scores[label]! += queryFreq * this.termScore(idf, list.freqs[i]!, this.docs[label]!.length, averageLength);
      }
    }
    const top = new TopHits(k);
    for (const label of touched) {
      if (!accept || accept(label)) top.offer(label, scores[label]!);
      scores[label] = 0;
    }
    return top.sorted();
  }

  /** The BM25 score of one document for the query (0 when they share no term). */
  score(queryTokens: string[] | ReadonlyMap<string, number>, label: number): number {
    const doc = this.docs[label];
    if (!doc || this.docCount === 0) return 0;
    const averageLength = this.totalLength / this.docCount || 1;
    let total = 0;
    for (const [id, queryFreq] of this.queryTerms(queryTokens)) {
      const at = doc.termIds.indexOf(id);
      if (at >= 0)
        total += queryFreq * this.termScore(this.idf(this.terms[id]!), doc.freqs[at]!, doc.length, averageLength);
    }
    return total;
  }

  termsOf(label: number): string[] {
    const doc = this.docs[label];
    return doc ? Array.from(doc.termIds, (id) => this.terms[id]!) : [];
  }

  /** A document's (field-weighted) term frequencies and its weighted length: the feedback model of RM3 reads them. */
  termFrequencies(label: number): { terms: Map<string, number>; length: number } {
    const doc = this.docs[label];
    if (!doc) return { terms: new Map(), length: 0 };
    return { terms: new Map(Array.from(doc.termIds, (id, i) => [this.terms[id]!, doc.freqs[i]!])), length: doc.length };
  }

  /**
   * Binary snapshot: a JSON header (params, term list) then, per document,
   * label, term count, length, term ids and frequencies. Loads far faster
   * than JSON at 200k documents.
   */
  toBuffer(): Buffer {
    const header = Buffer.from(JSON.stringify({ params: this.params, terms: this.terms }), 'utf8');
    let bodyBytes = 4;
    this.docs.forEach((doc) => {
      if (doc) bodyBytes += 12 + doc.termIds.length * 8;
    });
    const buffer = Buffer.alloc(4 + header.length + bodyBytes);
    buffer.writeUInt32LE(header.length, 0);
    header.copy(buffer, 4);
    let offset = 4 + header.length;
    buffer.writeUInt32LE(this.docCount, offset);
    offset += 4;
    this.docs.forEach((doc, label) => {
      if (!doc) return;
      buffer.writeUInt32LE(label, offset);
      buffer.writeUInt32LE(doc.termIds.length, offset + 4);
      buffer.writeFloatLE(doc.length, offset + 8);
      offset += 12;
      for (const id of doc.termIds) offset = buffer.writeUInt32LE(id, offset);
      for (const freq of doc.freqs) offset = buffer.writeFloatLE(freq, offset);
    });
    return buffer;
  }

  static fromBuffer(buffer: Buffer): Bm25Index {
    const headerLength = buffer.readUInt32LE(0);
    const header = JSON.parse(buffer.toString('utf8', 4, 4 + headerLength)) as { params: Bm25Params; terms: string[] };
    const index = new Bm25Index(header.params);
    header.terms.forEach((term) => index.termIdOf(term));
    let offset = 4 + headerLength;
    const count = buffer.readUInt32LE(offset);
    offset += 4;
    for (let d = 0; d < count; d += 1) {
      const label = buffer.readUInt32LE(offset);
      const n = buffer.readUInt32LE(offset + 4);
      const length = buffer.readFloatLE(offset + 8);
      offset += 12;
      const termIds = new Int32Array(n);
      const freqs = new Float32Array(n);
      for (let i = 0; i < n; i += 1) termIds[i] = buffer.readUInt32LE(offset + i * 4);
      offset += n * 4;
      for (let i = 0; i < n; i += 1) freqs[i] = buffer.readFloatLE(offset + i * 4);
      offset += n * 4;
      index.putDoc(label, { termIds, freqs, length });
    }
    return index;
  }
}
