/**
 * The first stage's candidates: dense and lexical lists under the same filter,
 * fused by RRF. Optional variants (docs/quality.md, "First-stage variants"),
 * each off unless its parameter is set: dictionary expansion and RM3 feedback
 * on the lexical query, dense lists of the query's sentences fused in, and a
 * weight on records that have only a title.
 */
import type { SearchableSide } from '../index/index.js';
import { domainTermNeighbours, searchTokens } from '../text/index.js';
import { type ExtraList, type FusedHit, type FusionParams, fuse, type RankedHit } from './fuse.js';
import type { PassageSearch } from './passages.js';
import { rm3Query, termCounts, type Rm3Params } from './rm3.js';

export interface FirstStageVariants {
  /** Weight of a token from a broader or narrower dictionary term of the query's domain terms (query tokens weigh 1). */
  dictionaryExpansion?: number;
  rm3?: Rm3Params;
  /** RRF weight of each sentence's dense list, on denseWeight's scale (stored long demands only). */
  sentenceLists?: number;
  /** RRF weight of the list of records ranked by their best sentence (needs `passages`), on denseWeight's scale. */
  recordSentenceList?: number;
  /**
   * Multiplies the fused score of records with only a title (8,000 of the 9,999 demo achievements),
   * separately for short queries (a demand's title alone) and long ones (title。description).
   */
  titleOnlyRecordWeight?: { shortQuery: number; longQuery: number };
}

/**
 * On by default: title-only records weigh 0.75 for short queries, long queries are left alone.
 * 5-fold CV over the 80 dev demands (the weight chosen on each fold's training demands: 0.75 in all
 * five): title-only nDCG@10 0.6432 ± 0.0912 against 0.6178 ± 0.0987, higher in every fold; full
 * demands unchanged by construction (0.7568). A weight for long queries did not hold up under CV
 * (0.7495 with it). docs/quality.md, "First-stage variants".
 */
export const DEFAULT_FIRST_STAGE: FirstStageVariants = { titleOnlyRecordWeight: { shortQuery: 0.75, longQuery: 1 } };

/**
 * Below this many characters a query counts as short. Set before measuring: the dev titles have
 * 10–21 characters and the full demands 77–203, so any value in between splits them the same way.
 */
export const SHORT_QUERY_CHARS = 40;

export interface RetrievalInput {
  index: SearchableSide;
  vector: Float32Array;
  tokens: string[];
  domainTerms: readonly string[];
  sentenceVectors?: readonly Float32Array[];
  pool: number;
  retrievers: 'hybrid' | 'dense' | 'lexical';
  fusion: FusionParams;
  variants: FirstStageVariants;
  acceptLabel?: (label: number) => boolean;
  /** Every label acceptLabel takes, when filtered (small sets are searched exactly). */
  acceptedLabels?: readonly number[];
  titleOnly?: (label: number) => boolean;
  /** The candidates' sentence vectors, for variants.recordSentenceList. */
  passages?: PassageSearch;
  /** Characters of the query text. */
  queryLength: number;
}

export interface Retrieved {
  dense: RankedHit[];
  lexical: RankedHit[];
  /** In fused order (after any title-only weight). */
  fused: FusedHit[];
  /** The query the lexical list was searched with (expanded, when a variant is on). */
  lexicalQuery: string[] | Map<string, number>;
}

export function retrieveCandidates(input: RetrievalInput): Retrieved {
  const { index, pool, acceptLabel, variants } = input;
  const dense =
    input.retrievers === 'lexical'
      ? []
      : index
          .denseSearch(input.vector, pool, acceptLabel, input.acceptedLabels)
          .map((h) => ({ label: h.label, score: h.similarity }));
  const extra: ExtraList[] =
    variants.sentenceLists && input.retrievers !== 'lexical'
      ? (input.sentenceVectors ?? []).map((s) => ({
          hits: index
            .denseSearch(s, pool, acceptLabel, input.acceptedLabels)
            .map((h) => ({ label: h.label, score: h.similarity })),
          weight: variants.sentenceLists!,
        }))
      : [];
  if (variants.recordSentenceList && input.passages && input.retrievers !== 'lexical')
    extra.push({ hits: input.passages.search(input.vector, pool, acceptLabel), weight: variants.recordSentenceList });
  let lexicalQuery: string[] | Map<string, number> = variants.dictionaryExpansion
    ? dictionaryExpanded(input.tokens, input.domainTerms, variants.dictionaryExpansion)
    : input.tokens;
  let lexical = input.retrievers === 'dense' ? [] : index.lexical.search(lexicalQuery, pool, acceptLabel);
  let fused = fuse(dense, lexical, input.fusion, extra);
  if (variants.rm3 && lexical.length > 0) {
    const source = variants.rm3.source === 'fused' ? fused : lexical;
    const feedback = source
      .slice(0, variants.rm3.feedbackDocs)
      .map((h) => ({ score: h.score, ...index.lexical.termFrequencies(h.label) }));
    const query = Array.isArray(lexicalQuery) ? termCounts(lexicalQuery) : lexicalQuery;
    lexicalQuery = rm3Query(query, feedback, variants.rm3);
    lexical = index.lexical.search(lexicalQuery, pool, acceptLabel);
    fused = fuse(dense, lexical, input.fusion, extra);
  }
  const weights = variants.titleOnlyRecordWeight;
  const weight = weights && (input.queryLength < SHORT_QUERY_CHARS ? weights.shortQuery : weights.longQuery);
  if (weight !== undefined && weight !== 1 && input.titleOnly) {
    const titleOnly = input.titleOnly;
    fused = fused.map((h) => (titleOnly(h.label) ? { ...h, score: h.score * weight } : h));
    // Stable: equal scores keep fuse()'s tie order.
    fused.sort((a, b) => b.score - a.score);
  }
  return { dense, lexical, fused, lexicalQuery };
}

/** The query's tokens (weight 1 each) plus, at `weight`, new tokens of its domain terms' dictionary neighbours. */
export function dictionaryExpanded(
  tokens: readonly string[],
  domainTerms: readonly string[],
  weight: number,
): Map<string, number> {
  const query = termCounts(tokens);
  const added = new Set<string>();
  for (const term of domainTerms)
    for (const neighbour of domainTermNeighbours(term))
      for (const token of searchTokens(neighbour)) if (!query.has(token)) added.add(token);
  for (const token of added) query.set(token, weight);
  return query;
}
