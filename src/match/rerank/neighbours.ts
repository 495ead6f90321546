/**
 * Document expansion by neighbours (Liu & Croft 2004; Tao et al. 2006): a bare
 * title says little, but its nearest records that have an abstract describe
 * its topic in many more words. A record's neighbour bag is the terms of its k
 * nearest abstract-bearing records (by record vector, cosine), each term
 * weighted by the cosine-weighted share of those neighbours whose text holds it.
 * Pure: the corpus of abstract-bearing records is passed in.
 */
import type { NeighbourBag, NeighbourBagName } from './features.js';

/** The records a bag may borrow from: those with an abstract, their vectors one row each. */
export interface NeighbourCorpus {
  /** The side index's label of each row. */
  labels: readonly number[];
  /** Row-major, `dims` floats a row (unit length: a dot product is the cosine). */
  vectors: Float32Array;
  dims: number;
  /** Each row's title and keyword tokens. */
  titleKeywordTokens: readonly ReadonlySet<string>[];
  /** Each row's abstract tokens. */
  abstractTokens: readonly ReadonlySet<string>[];
}

export interface Neighbour {
  row: number;
  cosine: number;
}

/** The k rows nearest to `vector` (exact scan), best first, leaving out the row of label `self`. */
export function nearestNeighbours(
  corpus: NeighbourCorpus,
  vector: Float32Array,
  self: number | undefined,
  k: number,
): Neighbour[] {
  const best: Neighbour[] = [];
  const { dims, vectors } = corpus;
  for (let row = 0; row < corpus.labels.length; row += 1) {
    if (corpus.labels[row] === self) continue;
    let cosine = 0;
    const offset = row * dims;
    for (let d = 0; d < dims; d += 1) cosine += vector[d]! * vectors[offset + d]!;
    if (best.length === k && cosine <= best[k - 1]!.cosine) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && best[at - 1]!.cosine < cosine) {
      best[at] = best[at - 1]!;
      at -= 1;
    }
    best[at] = { row, cosine };
  }
  return best;
}

/** Term -> the cosine-weighted share of `neighbours` whose token sets hold it. */
export function bagOf(
  neighbours: readonly Neighbour[],
  tokensOf: (row: number) => readonly ReadonlySet<string>[],
): NeighbourBag {
  const bag = new Map<string, number>();
  let total = 0;
  for (const { row, cosine } of neighbours) {
    const weight = Math.max(0, cosine);
    total += weight;
    const seen = new Set<string>();
    for (const tokens of tokensOf(row)) for (const t of tokens) seen.add(t);
    for (const t of seen) bag.set(t, (bag.get(t) ?? 0) + weight);
  }
  if (total > 0) for (const [t, w] of bag) bag.set(t, w / total);
  return bag;
}

/** The four bags measured: 5 or 10 neighbours, titles + keywords or + abstracts. */
export function neighbourBags(
  corpus: NeighbourCorpus,
  vector: Float32Array,
  self: number | undefined,
): Record<NeighbourBagName, NeighbourBag> {
  const ten = nearestNeighbours(corpus, vector, self, 10);
  const five = ten.slice(0, 5);
  const kt = (row: number) => [corpus.titleKeywordTokens[row]!];
  const kta = (row: number) => [corpus.titleKeywordTokens[row]!, corpus.abstractTokens[row]!];
  return {
    '5kt': bagOf(five, kt),
    '5kta': bagOf(five, kta),
    '10kt': bagOf(ten, kt),
    '10kta': bagOf(ten, kta),
  };
}
