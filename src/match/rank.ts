/**
 * Hybrid ranking of one side's records for one query: dense and lexical
 * candidates under the same filter, fused, optionally nudged by industry
 * agreement, then explained. Pure apart from reading the indexes it is given.
 */
import { z } from 'zod';
import { INDUSTRIES, type Industry, type RecordKind } from '../domain/index.js';
import { dot as dotProduct, type SearchableSide } from '../index/index.js';
import { explainMatch, sharedTerms } from './explain.js';
import type { FusedHit, FusionParams } from './fuse.js';
import type { PairOutcome } from '../domain/index.js';
import {
  applySecondStage,
  rescoreForOutcomes,
  type CandidateEvidence,
  type CandidateProfile,
  type FeedbackParams,
  type QueryProfile,
  type Restaged,
  type SecondStageParams,
} from './rerank/index.js';
import type { PassageSearch } from './passages.js';
import { type FirstStageVariants, retrieveCandidates } from './retrieve.js';

export interface RankingParams {
  fusion: FusionParams;
  /** Candidates taken from each retriever before fusion (at least offset + k). */
  candidatePool: number;
  /** Relative score bonus when query and result industries agree; 0 turns it off. */
  industryBoost: number;
  /** Which retrievers run: both for the product, one for ablations. */
  retrievers: 'hybrid' | 'dense' | 'lexical';
  /** The learned re-ranking of the fused head (src/match/rerank); absent or model null: off. */
  secondStage?: SecondStageParams;
  /** Retrieval variants measured under CV (src/match/retrieve.ts); absent: plain BM25 + bge + RRF. */
  firstStage?: FirstStageVariants;
}

export interface RankQuery {
  /** What the query is: a demand (its results are achievements) or an achievement; explanations word by it. */
  kind: RecordKind;
  vector: Float32Array;
  tokens: string[];
  /** Domain terms in the query text, for explanations. */
  domainTerms: string[];
  industry: Industry;
  /** The tagger's confidence in `industry` (1 when given), and its runner-up when not confident. */
  industryConfidence?: number;
  secondIndustry?: Industry;
  /** Characters of the query text. */
  textLength?: number;
  /** Vectors of the query's sentences (long queries), for the second stage's sentence evidence. */
  sentenceVectors?: Float32Array[];
  /** A long demand's need sentences (`needSentences` in src/text): their vectors and tokens, for the second stage. */
  needVectors?: Float32Array[];
  needTokens?: string[];
}

/** One ranked candidate with the evidence for it; the HTTP match results are this plus rank and record. */
export const rankedMatchSchema = z.object({
  id: z.string(),
  score: z
    .number()
    .describe(
      "ranking score: the second stage's where it ranked the result (plus, for a stored demand, what its brokers' outcomes added), else the fused score times (1 + industryBoost)",
    ),
  components: z.object({
    fused: z.number(),
    dense: z.number().nullable().describe('cosine similarity'),
    lexical: z.number().nullable().describe('BM25 score'),
    denseRank: z.number().int().nullable(),
    lexicalRank: z.number().int().nullable(),
    industryBoost: z.number(),
    secondStage: z.number().nullable().describe("the second stage's score, or null when it did not rank this result"),
  }),
  /** The second stage's features (only when asked for, for training); never sent over HTTP. */
  features: z.array(z.number()).optional(),
  sharedTerms: z.array(z.string()).describe('共同关键词, most informative first'),
  industry: z.enum(INDUSTRIES),
  industryMatch: z.boolean(),
  reason: z.string().describe('one line in Chinese'),
});
export type RankedMatch = z.infer<typeof rankedMatchSchema>;

export interface RankInput {
  index: SearchableSide;
  query: RankQuery;
  k: number;
  offset: number;
  params: RankingParams;
  /** The record ids a result may have (filters, visibility); undefined accepts all. */
  accepted?: ReadonlySet<string>;
  industryOf: (id: string) => Industry;
  /** Domain terms in a candidate's matched text, for explanations. */
  domainTermsOf: (id: string) => readonly string[];
  /** A candidate's profile for the second stage; without it the second stage is off. */
  profileOf?: (id: string) => CandidateProfile;
  /**
   * Whether firstStage.titleOnlyRecordWeight applies to a candidate: a record with only a title
   * (the engine leaves out one the query names by its title).
   */
  titleOnlyOf?: (id: string) => boolean;
  /** The candidates' sentence vectors, for firstStage.recordSentenceList. */
  passages?: PassageSearch;
  /**
   * Brokers' outcomes for this query's pairs: with a second-stage model, its head is re-scored by
   * likeness to what was accepted and declined (rerank/outcomes.ts). Absent or empty: nothing changes.
   */
  outcomes?: { decided: readonly PairOutcome[]; params?: FeedbackParams };
  /** A record's title vector when it has more than a title (second stage); absent: its record vector stands in. */
  titleVectorOf?: (label: number) => Float32Array | undefined;
}

export function rankSide(input: RankInput): { matches: RankedMatch[]; total: number } {
  const { index, query, params } = input;
  const wanted = input.offset + input.k;
  const pool = Math.max(params.candidatePool, wanted);
  // No callback at all when nothing is filtered: hnswlib calls it from C++ for every visited node.
  const accepted = input.accepted;
  const acceptLabel = accepted
    ? (label: number) => {
        const id = index.idOf(label);
        return id !== undefined && accepted.has(id);
      }
    : undefined;
  const acceptedLabels = accepted ? labelsOf(index, accepted) : undefined;

  const titleOnlyOf = input.titleOnlyOf;
  const {
    dense,
    lexical,
    fused: fusedHits,
    lexicalQuery,
  } = retrieveCandidates({
    index,
    vector: query.vector,
    tokens: query.tokens,
    domainTerms: query.domainTerms,
    sentenceVectors: query.sentenceVectors,
    pool,
    retrievers: params.retrievers,
    fusion: params.fusion,
    variants: params.firstStage ?? {},
    acceptLabel,
    acceptedLabels,
    titleOnly: titleOnlyOf ? (label) => titleOnlyOf(index.idOf(label)!) : undefined,
    passages: input.passages,
    queryLength: query.textLength ?? query.tokens.join('').length,
  });
  const lexicalByLabel = new Map(lexical.map((h) => [h.label, h.score]));
  const denseByLabel = new Map(dense.map((h) => [h.label, h.score]));

  const fused = fusedHits.map((hit) => {
    const id = index.idOf(hit.label)!;
    // The candidate's industry is read here only when it can move the score; the page reads it below.
    const boost = params.industryBoost > 0 && input.industryOf(id) === query.industry ? params.industryBoost : 0;
    return { hit, id, boost, score: hit.score * (1 + boost) };
  });
  // Stable sort: equal scores keep fuse()'s tie order.
  fused.sort((a, b) => b.score - a.score);

  const denseOf = (label: number) => {
    const known = denseByLabel.get(label);
    if (known !== undefined) return known;
    const vector = index.vectors.vector(label);
    return vector ? dotProduct(query.vector, vector) : null;
  };
  const lexicalOf = (label: number) =>
    lexicalByLabel.get(label) ?? (params.retrievers === 'dense' ? null : index.lexical.score(lexicalQuery, label));
  // Only the second stage reads the Rocchio centroid.
  const prfCentroid = () =>
    centroid(
      fused.slice(0, PRF_DEPTH).map((f) => index.vectors.vector(f.hit.label)),
      query.vector.length,
    );
  const profileOf = params.secondStage ? input.profileOf : undefined;
  const prf = profileOf ? prfCentroid() : undefined;
  /**
   * A head candidate's evidence, its stored vector decoded once for the three cosines (decoding
   * allocates: three decodes per candidate were a tenth of the ranking's CPU time, docs/quality.md).
   */
  const evidenceOf = (hit: FusedHit, fusedRank: number, prfVector: Float32Array): CandidateEvidence => {
    const vector = index.vectors.vector(hit.label);
    const dense = denseByLabel.get(hit.label) ?? (vector ? dotProduct(query.vector, vector) : 0);
    const titleVector = input.titleVectorOf?.(hit.label);
    // The whole query counts among its sentences; need sentences, when there are any, stand alone.
    const sentenceMax = bestCosine(vector, query.sentenceVectors, dense);
    // Without need sentences (a title, a free text) the whole query stands for them.
    const needDense = query.needVectors?.length ? bestCosine(vector, query.needVectors, -1) : dense;
    return {
      dense,
      needDense,
      titleDense: titleVector ? dotProduct(query.vector, titleVector) : dense,
      lexical: lexicalOf(hit.label) ?? 0,
      denseRank: hit.denseRank,
      lexicalRank: hit.lexicalRank,
      fusedRank,
      prfDense: vector ? dotProduct(prfVector, vector) : 0,
      sentenceMax,
    };
  };
  const stage = params.secondStage;
  const outcomes = stage?.model && input.outcomes?.decided.length ? input.outcomes : undefined;
  // Evidence only for the head the second stage re-ranks; the rest keeps its fused order below it.
  const restaged =
    stage && profileOf && prf
      ? [
          ...applySecondStage(
            fused.slice(0, stage.depth).map((f, i) => ({ item: f, id: f.id, evidence: evidenceOf(f.hit, i + 1, prf) })),
            queryProfile(query, index),
            profileOf,
            // Outcomes re-order the head after the model: explain all of it, the page is not known yet.
            outcomes ? { ...stage, explainFrom: 0 } : { ...stage, explainFrom: input.offset, explainTo: wanted },
          ),
          ...fused.slice(stage.depth).map((item) => ({ item, score: null, drivers: [], features: undefined })),
        ]
      : fused.map((item) => ({ item, score: null, drivers: [], features: undefined }));
  const staged: OutcomeAdjusted<(typeof fused)[number]>[] = outcomes
    ? withOutcomes(restaged, outcomes, (id) => {
        const label = index.label(id);
        return label === undefined ? undefined : index.vectors.vector(label);
      })
    : restaged;
  const lowestStaged = Math.min(0, ...staged.map((s) => s.score ?? 0));

  const page = staged.slice(input.offset, wanted);
  const perspective = { queryKind: query.kind, sentences: (query.sentenceVectors?.length ?? 0) > 0 };
  const matches = page.map(
    (
      {
        item: { hit, id, boost, score: fusedScore },
        score: adjustedScore,
        modelScore,
        outcomeShift,
        features,
        drivers,
      },
      i,
    ) => {
      const stageScore = modelScore === undefined ? adjustedScore : modelScore;
      const industry = input.industryOf(id);
      const dense = denseOf(hit.label);
      const resultDomainTerms = new Set(input.domainTermsOf(id));
      const sharedDomainTerms = query.domainTerms.filter((t) => resultDomainTerms.has(t));
      const terms = sharedTerms(
        query.tokens,
        index.lexical.termsOf(hit.label),
        (t) => index.lexical.idf(t),
        sharedDomainTerms,
      );
      const explanation = explainMatch({
        sharedTerms: terms,
        queryIndustry: query.industry,
        resultIndustry: industry,
        denseSimilarity: dense,
        denseRank: hit.denseRank,
        lexicalRank: hit.lexicalRank,
        drivers,
        perspective,
        outcomeShift,
      });
      // Below the second stage's depth, results keep their fused order under the re-ranked ones.
      const score =
        adjustedScore ??
        (params.secondStage?.model ? lowestStaged - 1 - (input.offset + i) / (wanted + 1) : fusedScore);
      return {
        id,
        score,
        components: {
          fused: hit.score,
          dense,
          lexical: lexicalOf(hit.label),
          denseRank: hit.denseRank,
          lexicalRank: hit.lexicalRank,
          industryBoost: boost,
          secondStage: stageScore,
        },
        ...(features ? { features } : {}),
        sharedTerms: explanation.sharedTerms,
        industry,
        industryMatch: explanation.industryMatch,
        reason: explanation.reason,
      };
    },
  );
  return { matches, total: fused.length };
}

interface OutcomeAdjusted<T> extends Restaged<T> {
  /** The model's own score, when outcomes moved `score` away from it. */
  modelScore?: number | null;
  outcomeShift?: number;
}

/** The re-ranked head re-scored by the outcomes; the rest (beyond the second stage's depth) stays below it. */
function withOutcomes<T extends { id: string }>(
  restaged: Restaged<T>[],
  outcomes: NonNullable<RankInput['outcomes']>,
  vectorOf: (id: string) => Float32Array | undefined,
): OutcomeAdjusted<T>[] {
  const head = restaged.flatMap((r) => (r.score === null ? [] : [{ id: r.item.id, score: r.score, r }]));
  const rescored = rescoreForOutcomes(head, outcomes.decided, vectorOf, outcomes.params);
  return [
    ...rescored.map(({ score, r }) => ({ ...r, score, modelScore: r.score, outcomeShift: score - r.score! })),
    ...restaged.filter((r) => r.score === null),
  ];
}

/** The indexed labels of the accepted ids (a record stored but not yet indexed has none). */
function labelsOf(index: SearchableSide, ids: ReadonlySet<string>): number[] {
  const labels: number[] = [];
  for (const id of ids) {
    const label = index.label(id);
    if (label !== undefined) labels.push(label);
  }
  return labels;
}

/** The best cosine between a candidate's vector and any of the query's part vectors, never below `floor`. */
function bestCosine(vector: Float32Array | undefined, parts: readonly Float32Array[] | undefined, floor: number) {
  let best = floor;
  if (vector && parts) for (const part of parts) best = Math.max(best, dotProduct(part, vector));
  return best;
}

function queryProfile(query: RankQuery, index: SearchableSide): QueryProfile {
  const weighted = (tokens: readonly string[]) =>
    [...new Set(tokens)].map((term) => ({ term, idf: index.lexical.idf(term) }));
  const terms = weighted(query.tokens);
  return {
    terms,
    needTerms: query.needTokens?.length ? weighted(query.needTokens) : terms,
    needsStated: (query.needVectors?.length ?? 0) > 0,
    domainTerms: query.domainTerms,
    industry: query.industry,
    secondIndustry: query.secondIndustry,
    industryConfidence: query.industryConfidence ?? 1,
    length: query.textLength ?? query.tokens.join('').length,
  };
}

/** Candidates whose centroid stands for "what the first stage thinks the query is about". */
const PRF_DEPTH = 5;

function centroid(vectors: (Float32Array | undefined)[], dims: number): Float32Array {
  const sum = new Float32Array(dims);
  for (const v of vectors) if (v) for (let d = 0; d < dims; d += 1) sum[d]! += v[d]!;
  const norm = Math.hypot(...sum) || 1;
  for (let d = 0; d < dims; d += 1) sum[d]! /= norm;
  return sum;
}
