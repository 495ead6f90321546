/**
 * Why a result was matched, in terms a broker can check: the key terms the
 * two texts share, whether their industries agree, and one line in Chinese.
 */
import type { Industry } from '../domain/index.js';

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
  if (input.denseRank !== null && input.lexicalRank !== null) parts.push('语义与关键词检索均命中');
  else if (input.denseRank !== null) parts.push('由语义检索召回');
  else if (input.lexicalRank !== null) parts.push('由关键词检索召回');
  return { sharedTerms: input.sharedTerms, industryMatch, reason: parts.join('；') + '。' };
}
