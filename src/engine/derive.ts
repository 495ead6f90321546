/**
 * What the engine derives from a record before storing and indexing it:
 * its industry (given or inferred), its index fields and their content hash.
 */
import crypto from 'node:crypto';
import type { Achievement, AnyRecord, Demand, RecordKind, RecordMeta } from '../domain/index.js';
import {
  type ClassifiedIndustry,
  type IndustryClassifier,
  tagIndustry,
  tagWithLexicon,
} from '../match/industry-classifier.js';
import {
  extractKeywords,
  fullText,
  type IndustryGuess,
  inferIndustry,
  recordFields,
  SECOND_INDUSTRY_BELOW,
  searchTokens,
  truncateForModel,
  type RecordFields,
} from '../text/index.js';
import type { FieldTokens } from '../index/index.js';

/**
 * Lexical field weights. Dev eval (hybrid nDCG@10, full / title-only view):
 * 1,1,1 0.8512 / 0.6712; 2,1,1 0.8514 / 0.6744; 2,2,1 0.8502 / 0.6625; 3,2,1 0.8481 / 0.6631.
 * Differences are within noise on 40 demands; the title counting double is the common-sense pick.
 */
export const FIELD_WEIGHTS = { title: 2, keywords: 1, body: 1 };

/** Key terms kept per record (beyond those its publisher gave), for lists and exports. */
const KEYWORDS_PER_RECORD = 6;

/** Bump when tokenisation changes: every record is then re-indexed. Field weights are hashed in too. */
const INDEXING_VERSION = `jieba-search-1/${FIELD_WEIGHTS.title},${FIELD_WEIGHTS.keywords},${FIELD_WEIGHTS.body}`;

/** The industry classifier and the record's vector, once it is embedded (see `classifiedIndustry`). */
export interface IndustryVector {
  model: IndustryClassifier | null | undefined;
  vector: Float32Array;
}

export function deriveMeta(
  kind: RecordKind,
  record: AnyRecord,
  previous?: RecordMeta,
  now = new Date().toISOString(),
  classifier?: IndustryVector,
): RecordMeta {
  const fields = recordFields(kind, record);
  const derived = {
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    keywords: extractKeywords(
      `${fields.title}。${fields.body}`,
      KEYWORDS_PER_RECORD,
      kind === 'achievement' ? ((record as Achievement).keywords ?? []) : [],
    ),
  };
  if (record.industry) return { ...derived, industry: record.industry, industrySource: 'given', industryConfidence: 1 };
  const guess = inferIndustry({
    title: fields.title,
    text: `${fields.keywords} ${fields.body}`,
    discipline: kind === 'achievement' ? (record as Achievement).discipline : undefined,
    category: kind === 'achievement' ? (record as Achievement).category : undefined,
  });
  const tag = (classifier && classifiedIndustry(kind, guess, classifier)) ?? guess;
  return {
    ...derived,
    industry: tag.industry,
    industrySource: 'inferred',
    industryConfidence: tag.confidence,
    ...(tag.secondIndustry ? { secondIndustry: tag.secondIndustry } : {}),
  };
}

/**
 * An inferred industry, retagged from the record's vector (undefined: the lexicon's tag stands):
 * - a demand: the classifier's first industry (0.85 under CV on the 80 dev
 *   demands, the lexicon 0.81), and a second one when it is unsure or the
 *   lexicon disagrees;
 * - an achievement whose tag rests on its category's prior alone (no lexicon
 *   term, no CSL discipline that maps to an industry; mostly bare titles, where
 *   工学 → 装备制造 decided): the classifier's. Against the tags of the records
 *   with an abstract, re-tagged as bare titles, 0.7543 are right against 0.7274
 *   with the prior (docs/quality.md, "Achievements without a lexicon term").
 *   A record the prior leaves at 其他 stays there (the classifier knows only
 *   the key industries), and other achievements keep the lexicon's tag: the
 *   classifier learned from those tags.
 */
function classifiedIndustry(
  kind: RecordKind,
  guess: IndustryGuess,
  { model, vector }: IndustryVector,
): ClassifiedIndustry | undefined {
  if (!model) return undefined;
  if (kind === 'demand') return tagWithLexicon(model, vector, guess.industry, SECOND_INDUSTRY_BELOW);
  // Only a category's prior named an industry; 其他 (humanities, management, pure science: 'none') stays 其他.
  if (guess.decidedBy !== 'category') return undefined;
  return tagIndustry(model, vector, SECOND_INDUSTRY_BELOW);
}

export interface IndexInput {
  /** Text the model embeds (truncated to what it reads). */
  embedText: string;
  truncated: boolean;
  fields: FieldTokens;
  contentHash: string;
}

export function indexInput(kind: RecordKind, record: Achievement | Demand): IndexInput {
  const fields = recordFields(kind, record);
  const { text, truncated } = truncateForModel(fullText(fields));
  return {
    embedText: text,
    truncated,
    fields: lexicalFields(fields),
    contentHash: contentHash(fields),
  };
}

export function lexicalFields(fields: RecordFields): FieldTokens {
  return [
    { tokens: searchTokens(fields.title), weight: FIELD_WEIGHTS.title },
    { tokens: searchTokens(fields.keywords), weight: FIELD_WEIGHTS.keywords },
    { tokens: searchTokens(fields.body), weight: FIELD_WEIGHTS.body },
  ];
}

export function contentHash(fields: RecordFields): string {
  return crypto
    .createHash('sha256')
    .update([INDEXING_VERSION, fields.title, fields.keywords, fields.body].join('\u0001'))
    .digest('hex')
    .slice(0, 32);
}

/** The query text of a demand, as the eval defines it: title。description. */
export function demandQueryText(demand: Demand): string {
  return fullText(recordFields('demand', demand));
}
