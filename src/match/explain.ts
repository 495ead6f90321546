/**
 * Why a result was matched, in terms a broker can check: the key terms the
 * two texts share, whether their industries agree, and one line in Chinese.
 */
import type { Industry, RecordKind } from '../domain/index.js';
import type { FeatureName } from './rerank/index.js';

export interface Explanation {
  sharedTerms: string[];
  industryMatch: boolean;
  reason: string;
}

/**
 * Shared terms: domain terms found in both texts first (热失控, 动力电池), then
 * shared index tokens, most informative first (by the caller's idf). A term
 * that is part of a longer chosen term (电池 inside 动力电池) is dropped as redundant.
 */
export function sharedTerms(
  queryTokens: Iterable<string>,
  resultTokens: Iterable<string>,
  idf: (term: string) => number,
  sharedDomainTerms: readonly string[] = [],
  limit = 6,
): string[] {
  const result = new Set(resultTokens);
  const tokens = [...new Set(queryTokens)]
    .filter((t) => result.has(t) && [...t].length >= 2)
    .sort((a, b) => idf(b) - idf(a) || b.length - a.length);
  const chosen: string[] = [];
  for (const term of [...sharedDomainTerms, ...tokens]) {
    if (chosen.length >= limit) break;
    if (
      !chosen.includes(term) &&
      !chosen.some((c) => c.includes(term)) &&
      ![...sharedDomainTerms, ...tokens].some((o) => o !== term && o.includes(term))
    )
      chosen.push(term);
  }
  return chosen;
}

export interface ReasonInput {
  sharedTerms: string[];
  queryIndustry: Industry;
  resultIndustry: Industry;
  denseSimilarity: number | null;
  denseRank: number | null;
  lexicalRank: number | null;
  /** The features that lifted this result most in the second stage, strongest first. */
  drivers?: readonly FeatureName[];
  /** Which side asked, and with what, so the drivers are worded from it. */
  perspective: ReasonPerspective;
  /** What the demand's brokers' outcomes added to the score (rerank/outcomes.ts); 0 or absent: nothing. */
  outcomeShift?: number;
}

/** A shift smaller than this (weight 3 × a cosine gap of 0.1) is not worth a broker's reading. */
const OUTCOME_SHIFT_WORTH_SAYING = 0.3;

function outcomePhrase(shift: number | undefined): string[] {
  if (shift === undefined || Math.abs(shift) < OUTCOME_SHIFT_WORTH_SAYING) return [];
  return [shift > 0 ? '与已对接成功的成果相近' : '与已判为无关的成果相近'];
}

/** What explanations need to know of the query to word a result's drivers truly. */
export interface ReasonPerspective {
  /** The query's kind: a demand's results are achievements, an achievement's are demands. */
  queryKind: RecordKind;
  /** Whether the query had sentence sub-queries; without them `sentenceMax` is the whole query's cosine. */
  sentences: boolean;
}

/**
 * What a second-stage feature means to a broker, from the query's side: an
 * achievement's demands are worded the other way round from a demand's
 * achievements. Features that only restate a first-stage rank read as the
 * retriever that found the result.
 */
function driverWords({ queryKind, sentences }: ReasonPerspective): Record<FeatureName, string> {
  const query = queryKind === 'demand' ? '需求' : '成果';
  const result = queryKind === 'demand' ? '成果' : '需求';
  const resultBody = queryKind === 'demand' ? '成果摘要' : '需求描述';
  // A query without sentence sub-queries (a title, a free text, an achievement) has only its whole text.
  const sentence = sentences ? `与${query}中的某一具体问题语义高度相近` : '语义相近';
  return {
    dense: '语义相近',
    denseGap: '语义相近',
    lexicalLog: '关键词匹配度高',
    lexicalRel: '关键词匹配度高',
    coverAll: `${query}中的要点基本覆盖`,
    coverTitle: `${query}要点出现在${result}标题中`,
    coverKeywords: `${query}要点出现在${result}关键词中`,
    coverBody: `${query}要点出现在${resultBody}中`,
    titlePrecision: `${result}标题与${query}高度吻合`,
    domainShared: '共享领域术语',
    domainCover: `${query}中的领域术语基本覆盖`,
    industryAgree: '产业一致',
    industryConfidence: `${query}产业判断明确`,
    titleOnlyRecord: `${result}信息简短`,
    recordLength: `${result}描述详实`,
    queryLength: `${query}描述详实`,
    denseRecip: '语义检索排名靠前',
    lexicalRecip: '关键词检索排名靠前',
    fusedRank: '综合初排靠前',
    prfDense: `与最相关的几项${result}同属一类`,
    prfDenseGap: `与最相关的几项${result}同属一类`,
    sentenceMax: sentence,
    sentenceMaxGap: sentence,
    titleDense: `${result}标题与${query}语义相近`,
    titleDenseGap: `${result}标题与${query}语义相近`,
    // Only a stored demand has need sentences: the plain trees, which rank every other query, never split on these.
    needDense: '与需求所求的技术相近',
    needDenseGap: '与需求所求的技术相近',
    needCover: '需求所求的技术要点被覆盖',
    needsStated: '需求写明了所求的技术',
  };
}

/** The broker-facing words for the strongest drivers, without repeats. */
export function driverPhrases(drivers: readonly FeatureName[], perspective: ReasonPerspective): string[] {
  const words = driverWords(perspective);
  return [...new Set(drivers.map((d) => words[d]))];
}

function similarityWord(similarity: number | null): string {
  if (similarity === null) return '';
  if (similarity >= 0.75) return '语义高度相近';
  if (similarity >= 0.6) return '语义相近';
  return '语义有一定关联';
}

export function explainMatch(input: ReasonInput): Explanation {
  const industryMatch = input.queryIndustry === input.resultIndustry;
  const parts: string[] = [];
  if (input.sharedTerms.length > 0) parts.push(`共同关键词：${input.sharedTerms.slice(0, 4).join('、')}`);
  const semantic = similarityWord(input.denseSimilarity);
  if (semantic) parts.push(`${semantic}（余弦相似度${input.denseSimilarity!.toFixed(2)}）`);
  parts.push(
    industryMatch ? `同属${input.resultIndustry}产业` : `产业不同（${input.queryIndustry}／${input.resultIndustry}）`,
  );
  const phrases = [...outcomePhrase(input.outcomeShift), ...driverPhrases(input.drivers ?? [], input.perspective)];
  // The second stage's own reasons come before the first stage's provenance.
  if (phrases.length > 0) parts.push(`排序依据：${phrases.join('、')}`);
  if (input.denseRank !== null && input.lexicalRank !== null) parts.push('语义与关键词检索均命中');
  else if (input.denseRank !== null) parts.push('由语义检索召回');
  else if (input.lexicalRank !== null) parts.push('由关键词检索召回');
  return { sharedTerms: input.sharedTerms, industryMatch, reason: parts.join('；') + '。' };
}
