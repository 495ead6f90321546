/**
 * Hybrid ranking of one side's records for one query: dense and lexical
 * candidates under the same filter, fused, optionally nudged by industry
 * agreement, then explained. Pure apart from reading the indexes it is given.
 */
import { z } from 'zod';
import { INDUSTRIES, type Industry } from '../domain/index.js';
import { dot as dotProduct, type SearchableSide } from '../index/index.js';
import { explainMatch, sharedTerms } from './explain.js';
import { fuse, type FusionParams } from './fuse.js';

export interface RankingParams {
  fusion: FusionParams;
  /** Candidates taken from each retriever before fusion (at least offset + k). */
  candidatePool: number;
  /** Relative score bonus when query and result industries agree; 0 turns it off. */
  industryBoost: number;
  /** Which retrievers run: both for the product, one for ablations. */
  retrievers: 'hybrid' | 'dense' | 'lexical';
}

export interface RankQuery {
  vector: Float32Array;
  tokens: string[];
  /** Domain terms in the query text, for explanations. */
  domainTerms: string[];
  industry: Industry;
}

/** One ranked candidate with the evidence for it; the HTTP match results are this plus rank and record. */
export const rankedMatchSchema = z.object({
  id: z.string(),
  score: z.number().describe('fused score, times (1 + industryBoost)'),
  components: z.object({
    fused: z.number(),
    dense: z.number().nullable().describe('cosine similarity'),
    lexical: z.number().nullable().describe('BM25 score'),
    denseRank: z.number().int().nullable(),
    lexicalRank: z.number().int().nullable(),
    industryBoost: z.number(),
  }),
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
  /** Accepts a candidate record id (filters, visibility); undefined accepts all. */
  accept?: (id: string) => boolean;
  /** How many records pass `accept`, when known: small sets are searched exactly. */
  acceptedCount?: number;
  industryOf: (id: string) => Industry;
  /** Domain terms in a candidate's matched text, for explanations. */
  domainTermsOf: (id: string) => readonly string[];
}

export function rankSide(input: RankInput): { matches: RankedMatch[]; total: number } {
  const { index, query, params } = input;
  const wanted = input.offset + input.k;
  const pool = Math.max(params.candidatePool, wanted);
  // No callback at all when nothing is filtered: hnswlib calls it from C++ for every visited node.
  const accept = input.accept;
  const acceptLabel = accept
    ? (label: number) => {
        const id = index.idOf(label);
        return id !== undefined && accept(id);
      }
    : undefined;

  const dense =
    params.retrievers === 'lexical'
      ? []
      : index
          .denseSearch(query.vector, pool, acceptLabel, input.acceptedCount)
          .map((h) => ({ label: h.label, score: h.similarity }));
  const lexical = params.retrievers === 'dense' ? [] : index.lexical.search(query.tokens, pool, acceptLabel);
  const lexicalByLabel = new Map(lexical.map((h) => [h.label, h.score]));
  const denseByLabel = new Map(dense.map((h) => [h.label, h.score]));

  const fused = fuse(dense, lexical, params.fusion).map((hit) => {
    const id = index.idOf(hit.label)!;
    const industry = input.industryOf(id);
    const boost = params.industryBoost > 0 && industry === query.industry ? params.industryBoost : 0;
    return { hit, id, industry, boost, score: hit.score * (1 + boost) };
  });
  // Stable sort: equal scores keep fuse()'s tie order.
  fused.sort((a, b) => b.score - a.score);

  const page = fused.slice(input.offset, wanted);
  const matches = page.map(({ hit, id, industry, boost, score }) => {
    const vector = index.vectors.vector(hit.label);
    const dense = denseByLabel.get(hit.label) ?? (vector ? dotProduct(query.vector, vector) : null);
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
    });
    return {
      id,
      score,
      components: {
        fused: hit.score,
        dense,
        lexical:
          lexicalByLabel.get(hit.label) ??
          (params.retrievers === 'dense' ? null : index.lexical.score(query.tokens, hit.label)),
        denseRank: hit.denseRank,
        lexicalRank: hit.lexicalRank,
        industryBoost: boost,
      },
      sharedTerms: explanation.sharedTerms,
      industry,
      industryMatch: explanation.industryMatch,
      reason: explanation.reason,
    };
  });
  return { matches, total: fused.length };
}
