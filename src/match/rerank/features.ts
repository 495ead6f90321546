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
  'titleDense',
  'titleDenseGap',
  'needDense',
  'needDenseGap',
  'needCover',
  'needsStated',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type FeatureVector = number[];

/**
 * What a long demand's need sentences add (src/text `needSentences`). A query without them (a title, a
 * free text, an achievement) is ranked by a model's plain trees, trained with these columns zeroed:
 * trained on both kinds of query at once, one set of trees lost on titles what it gained on long
 * demands (docs/quality.md, "Fifth round").
 */
export const NEED_FEATURES: readonly FeatureName[] = ['needDense', 'needDenseGap', 'needCover', 'needsStated'];

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
  /** The terms of the sentences that say what a demand asks for (all of its terms when none does). */
  needTerms: readonly { term: string; idf: number }[];
  /** Whether the query has need sentences (a stored long demand). */
  needsStated: boolean;
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
  /**
   * Cosine between the query and the record's title alone (its own vector when it has only a title):
   * the record vector of a long abstract dilutes what the record is.
   */
  titleDense: number;
  /** Best cosine between a need sentence of the query and the candidate (`dense` when it has none). */
  needDense: number;
}

/** Pool-level figures the relative features are taken against. */
export interface PoolStats {
  maxDense: number;
  maxLexical: number;
  maxPrfDense: number;
  maxSentence: number;
  maxTitleDense: number;
  maxNeedDense: number;
}

/**
 * What every candidate of one query reads (the idf total, the set of query terms), and each cached
 * profile's domain-term set: computed once per query and once per profile instead of per pair.
 * Kept beside the objects they derive from, so callers and the stored shapes do not change.
 */
const queryDerived = new WeakMap<QueryProfile, { totalIdf: number; needIdf: number; termSet: ReadonlySet<string> }>();
const profileDomainTerms = new WeakMap<CandidateProfile, ReadonlySet<string>>();

function derivedOf(query: QueryProfile) {
  let derived = queryDerived.get(query);
  if (!derived) {
    derived = {
      totalIdf: query.terms.reduce((s, t) => s + t.idf, 0),
      needIdf: query.needTerms.reduce((s, t) => s + t.idf, 0),
      termSet: new Set(query.terms.map((t) => t.term)),
    };
    queryDerived.set(query, derived);
  }
  return derived;
}

function domainTermSet(candidate: CandidateProfile): ReadonlySet<string> {
  let terms = profileDomainTerms.get(candidate);
  if (!terms) {
    terms = new Set(candidate.domainTerms);
    profileDomainTerms.set(candidate, terms);
  }
  return terms;
}

/** IDF-weighted shares of the query covered by each field and by the record: one pass over the query's terms. */
function coverage(terms: QueryProfile['terms'], candidate: CandidateProfile, total: number) {
  let title = 0;
  let keywords = 0;
  let body = 0;
  let all = 0;
  for (const { term, idf } of terms) {
    const inTitle = candidate.titleTokens.has(term);
    const inKeywords = candidate.keywordTokens.has(term);
    const inBody = candidate.bodyTokens.has(term);
    if (inTitle) title += idf;
    if (inKeywords) keywords += idf;
    if (inBody) body += idf;
    if (inTitle || inKeywords || inBody) all += idf;
  }
  if (total <= 0) return { title: 0, keywords: 0, body: 0, all: 0 };
  return { title: title / total, keywords: keywords / total, body: body / total, all: all / total };
}

/** Share of the record title's distinct tokens that occur in the query (the title says what the record is). */
function titlePrecision(query: ReadonlySet<string>, title: ReadonlySet<string>): number {
  if (title.size === 0) return 0;
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
  const { totalIdf, needIdf, termSet } = derivedOf(query);
  const cover = coverage(query.terms, candidate, totalIdf);
  const candidateTerms = domainTermSet(candidate);
  const shared = query.domainTerms.filter((t) => candidateTerms.has(t)).length;
  const values: Record<FeatureName, number> = {
    dense: evidence.dense,
    denseGap: evidence.dense - pool.maxDense,
    lexicalLog: Math.log1p(evidence.lexical),
    lexicalRel: pool.maxLexical > 0 ? evidence.lexical / pool.maxLexical : 0,
    coverAll: cover.all,
    coverTitle: cover.title,
    coverKeywords: cover.keywords,
    coverBody: cover.body,
    titlePrecision: titlePrecision(termSet, candidate.titleTokens),
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
    titleDense: evidence.titleDense,
    titleDenseGap: evidence.titleDense - pool.maxTitleDense,
    needDense: evidence.needDense,
    needDenseGap: evidence.needDense - pool.maxNeedDense,
    needCover: coverage(query.needTerms, candidate, needIdf).all,
    needsStated: query.needsStated ? 1 : 0,
  };
  return FEATURE_NAMES.map((name) => values[name]);
}
