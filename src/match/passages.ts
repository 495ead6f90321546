/**
 * Sentence vectors of one side's records (an achievement's abstract, one
 * vector a sentence), searched exhaustively: a record scores its best
 * sentence's cosine with the query. 3,446 sentences of the 2,000 demo
 * achievements that have an abstract: a few milliseconds a query.
 */
import { dot } from '../index/index.js';
import type { RankedHit } from './fuse.js';

export interface PassageSearch {
  /** The k records whose best sentence is closest to the query; `accept` filters record labels. */
  search(query: Float32Array, k: number, accept?: (label: number) => boolean): RankedHit[];
}

export class PassageVectors implements PassageSearch {
  private constructor(
    private readonly owners: Int32Array,
    private readonly vectors: Float32Array[],
  ) {}

  static from(records: readonly { label: number; sentences: readonly Float32Array[] }[]): PassageVectors {
    const owners: number[] = [];
    const vectors: Float32Array[] = [];
    for (const { label, sentences } of records)
      for (const vector of sentences) {
        owners.push(label);
        vectors.push(vector);
      }
    return new PassageVectors(Int32Array.from(owners), vectors);
  }

  get size(): number {
    return this.vectors.length;
  }

  search(query: Float32Array, k: number, accept?: (label: number) => boolean): RankedHit[] {
    const best = new Map<number, number>();
    this.vectors.forEach((vector, i) => {
      const label = this.owners[i]!;
      const score = dot(query, vector);
      if (score > (best.get(label) ?? Number.NEGATIVE_INFINITY)) best.set(label, score);
    });
    return [...best]
      .filter(([label]) => !accept || accept(label))
      .map(([label, score]) => ({ label, score }))
      .sort((a, b) => b.score - a.score || a.label - b.label)
      .slice(0, k);
  }
}
