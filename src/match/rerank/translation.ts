/**
 * A statistical translation model from a record's abstract (and keywords) to its title, learnt without
 * judgments from the records that have both (IBM Model 1, a few EM iterations), like IDF is learnt from
 * the corpus. A demand reads like an abstract (a problem described at length) while most achievements
 * are bare titles: the table says which title words an abstract's words tend to come with, so a title can
 * be likely under a query that shares none of its words (a cold-storage demand and 梨褐变的臭氧处理).
 *
 * Per query, the table turns the query's token distribution into a distribution over title tokens once
 * (O(query terms × row size)); per candidate, its title's likelihood is one lookup a title token.
 */

/** One training pair: the tokens of a record's title and of its abstract plus keywords. */
export interface TranslationPair {
  title: readonly string[];
  source: readonly string[];
}

export interface TranslationOptions {
  /** EM iterations over the pairs. */
  iterations: number;
  /** A source word is modelled only when it occurs in at least this many pairs (rarer ones are noise). */
  minPairs: number;
  /** Title words kept per source word after training (the rest of its row is dropped). */
  rowSize: number;
  /** Entries below this probability are dropped from a row. */
  minProbability: number;
  /** Mass a modelled source word gives to itself (an unmodelled one gives all of it). */
  selfWeight: number;
}

export const DEFAULT_TRANSLATION: TranslationOptions = {
  iterations: 5,
  minPairs: 3,
  rowSize: 30,
  minProbability: 0.005,
  selfWeight: 0.3,
};

/** The query's words turned into title words: P(t | Q) = Σ_w P(t | w) P(w | Q). */
export type TranslatedQuery = ReadonlyMap<string, number>;

export class TranslationTable {
  private constructor(
    /** Source word → (title word → P(title word | source word)), pruned. */
    private readonly rows: ReadonlyMap<string, ReadonlyMap<string, number>>,
    /** Title word → its share of all title tokens of the corpus. */
    private readonly titleCounts: ReadonlyMap<string, number>,
    private readonly titleTotal: number,
    private readonly selfWeight: number,
  ) {}

  /**
   * Trains on the pairs; `titles` are every record's title tokens (title-only records too), for the
   * background distribution the likelihood is smoothed with.
   */
  static train(
    pairs: readonly TranslationPair[],
    titles: readonly (readonly string[])[],
    options: TranslationOptions = DEFAULT_TRANSLATION,
  ): TranslationTable {
    const titleCounts = new Map<string, number>();
    let titleTotal = 0;
    for (const title of titles)
      for (const t of title) {
        titleCounts.set(t, (titleCounts.get(t) ?? 0) + 1);
        titleTotal += 1;
      }
    return new TranslationTable(trainRows(pairs, options), titleCounts, titleTotal, options.selfWeight);
  }

  get size(): number {
    let entries = 0;
    for (const row of this.rows.values()) entries += row.size;
    return entries;
  }

  /** P(t | w) as the model uses it: the row's share plus the word's own. */
  probability(title: string, source: string): number {
    const row = this.rows.get(source);
    if (!row) return title === source ? 1 : 0;
    return (1 - this.selfWeight) * (row.get(title) ?? 0) + (title === source ? this.selfWeight : 0);
  }

  /** The query's token distribution (tokens with repeats) carried over to title words. */
  translate(queryTokens: readonly string[]): TranslatedQuery {
    const out = new Map<string, number>();
    if (queryTokens.length === 0) return out;
    const share = 1 / queryTokens.length;
    const add = (t: string, p: number) => out.set(t, (out.get(t) ?? 0) + p);
    for (const w of queryTokens) {
      const row = this.rows.get(w);
      if (!row) {
        add(w, share);
        continue;
      }
      add(w, share * this.selfWeight);
      const rest = share * (1 - this.selfWeight);
      for (const [t, p] of row) add(t, rest * p);
    }
    return out;
  }

  /**
   * Only what the table adds to the query's own words: each modelled word's learnt row (no self
   * share), without the title words the query already holds.
   */
  bridge(queryTokens: readonly string[]): TranslatedQuery {
    const out = new Map<string, number>();
    if (queryTokens.length === 0) return out;
    const own = new Set(queryTokens);
    const share = 1 / queryTokens.length;
    for (const w of queryTokens) {
      const row = this.rows.get(w);
      if (row) for (const [t, p] of row) if (!own.has(t)) out.set(t, (out.get(t) ?? 0) + share * p);
    }
    return out;
  }

  /**
   * Mean log-odds the bridge adds for the title's words: (1/|T|) Σ_t log(1 + λ/(1−λ) · B(t|Q) / P_bg(t)),
   * 0 for a word the bridge does not reach (a word of the query itself among them).
   */
  bridgeOdds(bridge: TranslatedQuery, title: Iterable<string>, lambda: number): number {
    let sum = 0;
    let n = 0;
    for (const t of title) {
      const b = bridge.get(t);
      if (b) sum += Math.log1p(((lambda / (1 - lambda)) * b) / this.background(t));
      n += 1;
    }
    return n === 0 ? 0 : sum / n;
  }

  /** P_bg(t): the word's share of the corpus's title tokens, add-one smoothed. */
  background(title: string): number {
    return ((this.titleCounts.get(title) ?? 0) + 1) / (this.titleTotal + this.titleCounts.size + 1);
  }

  /**
   * Mean log-likelihood of the title words under the query, smoothed with the background:
   * (1/|T|) Σ_t log(λ P(t|Q) + (1−λ) P_bg(t)); with `odds`, each term less log P_bg(t) (how much
   * likelier the query makes the title than the corpus does). 0 for an empty title.
   */
  likelihood(query: TranslatedQuery, title: Iterable<string>, lambda: number, odds = false): number {
    let sum = 0;
    let n = 0;
    for (const t of title) {
      const bg = this.background(t);
      const p = lambda * (query.get(t) ?? 0) + (1 - lambda) * bg;
      sum += Math.log(p) - (odds ? Math.log(bg) : 0);
      n += 1;
    }
    return n === 0 ? 0 : sum / n;
  }
}

/** IBM Model 1 by EM over distinct tokens, with a null source word; rows pruned to the strongest entries. */
function trainRows(
  pairs: readonly TranslationPair[],
  options: TranslationOptions,
): ReadonlyMap<string, ReadonlyMap<string, number>> {
  const pairCount = new Map<string, number>();
  for (const pair of pairs) for (const w of new Set(pair.source)) pairCount.set(w, (pairCount.get(w) ?? 0) + 1);
  const sourceIds = new Map<string, number>();
  const titleIds = new Map<string, number>();
  const idOf = (ids: Map<string, number>, word: string) => {
    let id = ids.get(word);
    if (id === undefined) {
      id = ids.size;
      ids.set(word, id);
    }
    return id;
  };
  const NULL = idOf(sourceIds, '\u0000');
  // Each pair as its distinct title words and source words (ids); each (source, title) cell as an index into `prob`.
  const cellOf = new Map<number, number>();
  const docs: { titles: number[]; cells: Int32Array }[] = [];
  for (const pair of pairs) {
    const titles = [...new Set(pair.title)].map((t) => idOf(titleIds, t));
    const sources = [
      NULL,
      ...[...new Set(pair.source)]
        .filter((w) => (pairCount.get(w) ?? 0) >= options.minPairs)
        .map((w) => idOf(sourceIds, w)),
    ];
    if (titles.length === 0 || sources.length === 1) continue;
    const cells = new Int32Array(titles.length * sources.length);
    titles.forEach((t, i) =>
      sources.forEach((s, j) => {
        const key = s * 1_000_003 + t;
        let cell = cellOf.get(key);
        if (cell === undefined) {
          cell = cellOf.size;
          cellOf.set(key, cell);
        }
        cells[i * sources.length + j] = cell;
      }),
    );
    docs.push({ titles, cells });
  }
  const cellSource = new Int32Array(cellOf.size);
  const cellTitle = new Int32Array(cellOf.size);
  for (const [key, cell] of cellOf) {
    cellSource[cell] = Math.floor(key / 1_000_003);
    cellTitle[cell] = key % 1_000_003;
  }
  // Uniform start over the title vocabulary.
  const prob = new Float64Array(cellOf.size).fill(1 / Math.max(1, titleIds.size));
  const counts = new Float64Array(cellOf.size);
  const sourceTotals = new Float64Array(sourceIds.size);
  for (let iteration = 0; iteration < options.iterations; iteration += 1) {
    counts.fill(0);
    for (const { titles, cells } of docs) {
      const width = cells.length / titles.length;
      for (let i = 0; i < titles.length; i += 1) {
        let denominator = 0;
        for (let j = 0; j < width; j += 1) denominator += prob[cells[i * width + j]!]!;
        if (denominator <= 0) continue;
        for (let j = 0; j < width; j += 1) {
          const cell = cells[i * width + j]!;
          counts[cell]! += prob[cell]! / denominator;
        }
      }
    }
    sourceTotals.fill(0);
    for (let cell = 0; cell < counts.length; cell += 1) sourceTotals[cellSource[cell]!]! += counts[cell]!;
    for (let cell = 0; cell < counts.length; cell += 1) {
      const total = sourceTotals[cellSource[cell]!]!;
      prob[cell] = total > 0 ? counts[cell]! / total : 0;
    }
  }
  const sourceWords = [...sourceIds.keys()];
  const titleWords = [...titleIds.keys()];
  const entries = new Map<number, [number, number][]>();
  for (let cell = 0; cell < prob.length; cell += 1) {
    const s = cellSource[cell]!;
    if (s === NULL || prob[cell]! < options.minProbability) continue;
    const row = entries.get(s) ?? [];
    row.push([cellTitle[cell]!, prob[cell]!]);
    entries.set(s, row);
  }
  const rows = new Map<string, ReadonlyMap<string, number>>();
  for (const [s, row] of entries) {
    row.sort((a, b) => b[1] - a[1]);
    rows.set(sourceWords[s]!, new Map(row.slice(0, options.rowSize).map(([t, p]) => [titleWords[t]!, p])));
  }
  return rows;
}

/** The variants measured as second-stage evidence (docs/quality.md, "Third round"). */
export interface TranslationEvidence {
  /** Title likelihood, λ = 0.3. */
  tmTitle: number;
  /** Title likelihood, λ = 0.7. */
  tmTitleStrong: number;
  /** Likelihood of the title's and the keywords' words together, λ = 0.3. */
  tmTitleKeywords: number;
  /** Title log-odds against the background, λ = 0.3. */
  tmTitleOdds: number;
  /** Title log-odds through the table's learnt rows alone, beyond the query's own words, λ = 0.3. */
  tmBridgeOdds: number;
}

export function translationEvidence(
  table: TranslationTable,
  query: TranslatedQuery,
  bridge: TranslatedQuery,
  titleTokens: ReadonlySet<string>,
  keywordTokens: ReadonlySet<string>,
): TranslationEvidence {
  const withKeywords = keywordTokens.size > 0 ? new Set([...titleTokens, ...keywordTokens]) : titleTokens;
  return {
    tmTitle: table.likelihood(query, titleTokens, 0.3),
    tmTitleStrong: table.likelihood(query, titleTokens, 0.7),
    tmTitleKeywords: table.likelihood(query, withKeywords, 0.3),
    tmTitleOdds: table.likelihood(query, titleTokens, 0.3, true),
    tmBridgeOdds: table.bridgeOdds(bridge, titleTokens, 0.3),
  };
}
