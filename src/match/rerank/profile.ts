/**
 * A candidate record's profile for the second stage: its fields' token sets,
 * domain terms and length. Tokenising costs ~0.1 ms a record, so the engine
 * caches profiles by content hash.
 */
import type { Industry } from '../../domain/index.js';
import { domainTermsIn, fullText, searchTokens, type RecordFields } from '../../text/index.js';
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
    length: [...text].length,
    industry,
    secondIndustry,
  };
}
