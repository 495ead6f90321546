/**
 * A candidate record's profile for the second stage: its fields' token sets,
 * domain terms and length. Tokenising costs ~0.1 ms a record, so the engine
 * caches profiles by content hash.
 */
import type { Industry } from '../../domain/index.js';
import {
  domainTermsIn,
  fullText,
  hanBigrams,
  normalizeText,
  searchTokens,
  type RecordFields,
} from '../../text/index.js';
import type { CandidateProfile } from './features.js';

export function candidateProfile(
  fields: RecordFields,
  industry: Industry,
  secondIndustry?: Industry,
  domainTerms?: readonly string[],
): CandidateProfile {
  const text = fullText(fields);
  return {
    titleTokens: new Set(searchTokens(fields.title)),
    keywordTokens: new Set(searchTokens(fields.keywords)),
    bodyTokens: new Set(searchTokens(fields.body)),
    domainTerms: domainTerms ?? domainTermsIn(text),
    titleBigrams: hanBigrams(fields.title),
    bigrams: hanBigrams(text),
    titleText: compactText(fields.title),
    length: [...text].length,
    industry,
    secondIndustry,
  };
}

/** Normalised text without white space: the form in which a title and a query are compared character by character. */
export function compactText(text: string): string {
  return normalizeText(text).replace(/\s+/g, '');
}
