/**
 * The second stage's features: cheap evidence about one (query, candidate)
 * pair that the first stage already has or can compute from cached token
 * sets. Pure: every input is passed in. The order of FEATURE_NAMES is the
 * order of a model's weights; a model file names them, so a mismatch is caught.
 */
import type { Industry } from '../../domain/index.js';

export const FEATURE_NAMES = [
  'dense',
  'denseGap',
  'lexicalLog',
  'lexicalRel',
  'coverAll',
  'coverTitle',
  'coverKeywords',
  'coverBody',
  'titlePrecision',
  'domainShared',
  'domainCover',
  'industryAgree',
  'industryConfidence',
  'titleOnlyRecord',
  'recordLength',
  'queryLength',
  'denseRecip',
  'lexicalRecip',
  'fusedRank',
  'prfDense',
  'prfDenseGap',
  'sentenceMax',
  'sentenceMaxGap',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type FeatureVector = number[];

/** What the second stage knows about a candidate record, cached per content hash. */
export interface CandidateProfile {
  titleTokens: ReadonlySet<string>;
  keywordTokens: ReadonlySet<string>;
  bodyTokens: ReadonlySet<string>;
  domainTerms: readonly string[];
  /** Characters of matched text. */
  length: number;
  industry: Industry;
  /** A second industry when the tagger was not confident in the first. */
  secondIndustry?: Industry;
}

export interface QueryProfile {
  /** Distinct query tokens with their idf in the searched side's index. */
  terms: readonly { term: string; idf: number }[];
  domainTerms: readonly string[];
  industry: Industry;
  secondIndustry?: Industry;
  industryConfidence: number;
  /** Characters of the query text. */
  length: number;
}

export interface CandidateEvidence {
  dense: number;
  lexical: number;
  denseRank: number | null;
  lexicalRank: number | null;
  /** 1-based position after fusion. */
  fusedRank: number;
  /** Cosine with the centroid of the first stage's top few (pseudo-relevance feedback, dense side). */
  prfDense: number;
  /** Best cosine between any sentence of the query and the candidate (the whole query's when it has one sentence). */
  sentenceMax: number;
}

/** Pool-level figures the relative features are taken against. */
export interface PoolStats {
  maxDense: number;
  maxLexical: number;
  maxPrfDense: number;
  maxSentence: number;
}

function idfCoverage(terms: QueryProfile['terms'], field: ReadonlySet<string>, total: number): number {
  if (total <= 0) return 0;
  let covered = 0;
  for (const { term, idf } of terms) if (field.has(term)) covered += idf;
  return covered / total;
}

/** Share of the record title's distinct tokens that occur in the query (the title says what the record is). */
function titlePrecision(terms: QueryProfile['terms'], title: ReadonlySet<string>): number {
  if (title.size === 0) return 0;
  const query = new Set(terms.map((t) => t.term));
  let hits = 0;
  for (const token of title) if (query.has(token)) hits += 1;
  return hits / title.size;
}

function industryAgreement(query: QueryProfile, candidate: CandidateProfile): number {
  if (query.industry === candidate.industry) return 1;
  const secondQuery = query.secondIndustry;
  if (secondQuery && (secondQuery === candidate.industry || secondQuery === candidate.secondIndustry)) return 0.5;
  if (candidate.secondIndustry === query.industry) return 0.5;
  return 0;
}

const reciprocal = (rank: number | null) => (rank === null ? 0 : 1 / (1 + Math.log2(rank)));

export function candidateFeatures(
  query: QueryProfile,
  candidate: CandidateProfile,
  evidence: CandidateEvidence,
  pool: PoolStats,
): FeatureVector {
  const totalIdf = query.terms.reduce((s, t) => s + t.idf, 0);
  const any = (term: string) =>
    candidate.titleTokens.has(term) || candidate.keywordTokens.has(term) || candidate.bodyTokens.has(term);
  const coverAll = totalIdf > 0 ? query.terms.reduce((s, t) => s + (any(t.term) ? t.idf : 0), 0) / totalIdf : 0;
  const candidateTerms = new Set(candidate.domainTerms);
  const shared = query.domainTerms.filter((t) => candidateTerms.has(t)).length;
  const values: Record<FeatureName, number> = {
    dense: evidence.dense,
    denseGap: evidence.dense - pool.maxDense,
    lexicalLog: Math.log1p(evidence.lexical),
    lexicalRel: pool.maxLexical > 0 ? evidence.lexical / pool.maxLexical : 0,
    coverAll,
    coverTitle: idfCoverage(query.terms, candidate.titleTokens, totalIdf),
    coverKeywords: idfCoverage(query.terms, candidate.keywordTokens, totalIdf),
    coverBody: idfCoverage(query.terms, candidate.bodyTokens, totalIdf),
    titlePrecision: titlePrecision(query.terms, candidate.titleTokens),
    domainShared: Math.log1p(shared),
    domainCover: query.domainTerms.length > 0 ? shared / query.domainTerms.length : 0,
    industryAgree: industryAgreement(query, candidate),
    industryConfidence: query.industryConfidence,
    titleOnlyRecord: candidate.bodyTokens.size === 0 ? 1 : 0,
    recordLength: Math.log1p(candidate.length),
    queryLength: Math.log1p(query.length),
    denseRecip: reciprocal(evidence.denseRank),
    lexicalRecip: reciprocal(evidence.lexicalRank),
    fusedRank: reciprocal(evidence.fusedRank),
    prfDense: evidence.prfDense,
    prfDenseGap: evidence.prfDense - pool.maxPrfDense,
    sentenceMax: evidence.sentenceMax,
    sentenceMaxGap: evidence.sentenceMax - pool.maxSentence,
  };
  return FEATURE_NAMES.map((name) => values[name]);
}
