export { domainTermsIn, domainTermNeighbours } from './domain-terms.js';
export { searchTokens, normalizeText } from './tokens.js';
export { extractKeywords } from './keywords.js';
export { recordFields, fullText, truncateForModel, MAX_EMBEDDED_CHARS, type RecordFields } from './record-text.js';
export {
  disciplineIndustry,
  inferIndustry,
  SECOND_INDUSTRY_BELOW,
  type IndustryDecider,
  type IndustryGuess,
  type IndustryEvidence,
} from './industry.js';
export { needSentences, querySentences, recordSentences } from './sentences.js';
