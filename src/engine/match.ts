/**
 * Matching, both ways: a stored record or free text becomes a query (text,
 * vector, tokens, industry), the other side's index is ranked under the
 * filters, and each result is given its record.
 */
import {
  type AnyRecord,
  type Demand,
  type Industry,
  NotFoundError,
  type RecordKind,
  type Stored,
  ValidationError,
} from '../domain/index.js';
import { type IndustryClassifier, secondFromClassifier } from '../match/industry-classifier.js';
import { type RankingParams, rankSide } from '../match/rank.js';
import { candidateProfile } from '../match/rerank/index.js';
import {
  domainTermsIn,
  fullText,
  inferIndustry,
  needSentences,
  querySentences,
  recordFields,
  searchTokens,
  truncateForModel,
} from '../text/index.js';
import { acceptedIds } from './candidates.js';
import { demandQueryText } from './derive.js';
import { passagesOf, titleVectorsOf } from './text-vectors.js';
import type { EngineState } from './state.js';
import { MAX_K, type MatchOptions, type MatchQuery, type MatchResponse } from './types.js';

const OTHER_SIDE: Record<RecordKind, RecordKind> = { achievement: 'demand', demand: 'achievement' };

export function getRecord(state: EngineState, kind: RecordKind, id: string): Stored<AnyRecord> {
  const stored = state.store.get(kind, id);
  if (!stored) throw new NotFoundError(`no ${kind} with id ${id}`);
  return stored;
}

function checkPaging(k: number, offset: number): void {
  if (!Number.isInteger(k) || k < 1 || k > MAX_K)
    throw new ValidationError(`k must be an integer from 1 to ${MAX_K}`, [
      { field: 'k', message: `must be 1..${MAX_K}` },
    ]);
  if (!Number.isInteger(offset) || offset < 0)
    throw new ValidationError('offset must be a non-negative integer', [{ field: 'offset', message: 'must be >= 0' }]);
}

/** Ranked records of the other side for a query of `queryKind` (a demand finds achievements, and back). */
export async function match(
  state: EngineState,
  queryKind: RecordKind,
  query: MatchQuery,
  options: MatchOptions,
): Promise<MatchResponse<AnyRecord>> {
  checkPaging(options.k ?? 10, options.offset ?? 0);
  const key = matchCacheKey(state, queryKind, query, options);
  const kept = key === undefined ? undefined : state.matches.get(key);
  if (kept) return kept;
  const response = await computeMatch(state, queryKind, query, options);
  if (key !== undefined) state.matches.set(key, response);
  return response;
}

/**
 * The key of a match whose result may be kept, or undefined when it may not.
 * Taken before the match runs: a change that lands meanwhile makes the stored
 * entry unreachable rather than stale.
 */
function matchCacheKey(
  state: EngineState,
  queryKind: RecordKind,
  query: MatchQuery,
  options: MatchOptions,
): string | undefined {
  if (state.matches.capacity === 0 || !('id' in query)) return undefined;
  if (options.ranking !== undefined || options.within !== undefined) return undefined;
  if (options.visible !== undefined && options.visibleKey === undefined) return undefined;
  const { indexes, store } = state;
  // With the second stage on, the model in force (the nightly retrain swaps it) and a demand's
  // outcomes (they re-score its list at once) are inputs too.
  const model = rankingInForce(state, options).secondStage?.model ?? null;
  return [
    queryKind,
    query.id,
    options.k ?? '',
    options.offset ?? '',
    JSON.stringify(options.filters ?? {}),
    options.visibleKey ?? '',
    store.revision('achievement'),
    store.revision('demand'),
    state.matches.objectId(indexes),
    indexes.achievement.changes,
    indexes.demand.changes,
    model ? state.matches.objectId(model) : '',
    model ? (state.outcomes?.revision() ?? '') : '',
  ].join('\u0000');
}

async function computeMatch(
  state: EngineState,
  queryKind: RecordKind,
  query: MatchQuery,
  options: MatchOptions,
): Promise<MatchResponse<AnyRecord>> {
  const k = options.k ?? 10;
  const offset = options.offset ?? 0;
  const targetKind = OTHER_SIDE[queryKind];
  // The index set in force when the request came: a reload during the embedding does not split it.
  const indexes = state.indexes;

  const lexiconTagged = resolveQuery(state, queryKind, query);
  const { text, truncated } = truncateForModel(lexiconTagged.text);
  // A demand is a short query for long passages: bge's instruction applies. An achievement
  // queries demands of similar length and style, so both sides are passages.
  const role = queryKind === 'demand' ? 'query' : 'passage';
  const storedVector = 'id' in query && role === 'passage' ? indexes[queryKind].vectorOf(query.id) : undefined;
  const vector = storedVector ?? (await state.embedder.embedOne(text, role));
  // A free text's second industry from the vector just computed (no extra model call); a stored record keeps its own.
  const resolved = 'id' in query ? lexiconTagged : taggedByVector(lexiconTagged, vector, state.config.industryModel);
  // Sentence sub-queries (second-stage evidence, or first-stage lists) for stored demands only: their
  // vectors are cached after the first match, while a free text would pay one model call per sentence
  // (p50 362 against 45 ms, docs/quality.md).
  const params = rankingInForce(state, options);
  const stage = params.secondStage;
  const subQueries =
    role === 'query' && 'id' in query && (stage?.model || stage?.keepFeatures || params.firstStage?.sentenceLists)
      ? await sentenceSubQueries(state, text)
      : undefined;
  const sentenceVectors = subQueries?.sentenceVectors;
  const needVectors = subQueries?.needVectors;
  const needTokens = subQueries?.needTokens;

  const accepted = acceptedIds(state, targetKind, options.filters ?? {}, options);
  // A stored demand's own decided pairs re-score its list at once (rerank/outcomes.ts), without
  // waiting for the nightly retrain. They come through a per-demand cache kept until an
  // introduction changes; a cache of match results keys on `state.outcomes.revision()`.
  const outcomes =
    queryKind === 'demand' && 'id' in query && stage?.model && state.outcomes
      ? await state.outcomes.ofDemand(query.id)
      : undefined;

  // The second stage's title vectors of the searched side (built at the service's start, engine.prepare).
  const titleVectors =
    stage?.model || stage?.keepFeatures ? await titleVectorsOf(state, targetKind, indexes[targetKind]) : undefined;
  const passages = params.firstStage?.recordSentenceList
    ? await passagesOf(state, targetKind, indexes[targetKind])
    : undefined;
  const ranked = rankSide({
    index: indexes[targetKind],
    query: {
      kind: queryKind,
      vector,
      ...queryTermsOf(state, resolved.text),
      industry: resolved.industry,
      industryConfidence: resolved.industryConfidence,
      secondIndustry: resolved.secondIndustry,
      textLength: resolved.text.length,
      sentenceVectors,
      needVectors,
      needTokens,
    },
    titleVectorOf: titleVectors ? (label) => titleVectors.get(label)?.[0] : undefined,
    k,
    offset,
    params,
    accepted,
    industryOf: (id) => state.store.get(targetKind, id)?.meta.industry ?? '其他',
    passages,
    outcomes: outcomes?.length ? { decided: outcomes } : undefined,
    titleOnlyOf: params.firstStage?.titleOnlyRecordWeight
      ? (id) => {
          const fields = recordFields(targetKind, getRecord(state, targetKind, id).record);
          return fields.body.trim() === '' && !namesTitle(resolved.text, fields.title);
        }
      : undefined,
    domainTermsOf: (id) => domainTermsOf(state, targetKind, id),
    profileOf: (id) =>
      state.profiles.get(targetKind, id, indexes[targetKind].contentHash(id), () => {
        const { record, meta } = getRecord(state, targetKind, id);
        return candidateProfile(
          recordFields(targetKind, record),
          meta.industry,
          meta.secondIndustry,
          domainTermsOf(state, targetKind, id),
        );
      }),
  });
  return {
    query: { id: 'id' in query ? query.id : undefined, text: resolved.text, industry: resolved.industry, truncated },
    total: ranked.total,
    results: ranked.matches.map((m, i) => ({
      ...m,
      rank: offset + i + 1,
      record: getRecord(state, targetKind, m.id).record,
    })),
  };
}

/**
 * A stored demand's sentences as sub-queries, and among them (with its title) those that say what it
 * asks for: one model call for both sets, cached by text after the first match.
 */
async function sentenceSubQueries(
  state: EngineState,
  text: string,
): Promise<{ sentenceVectors: Float32Array[]; needVectors?: Float32Array[]; needTokens?: string[] }> {
  const sentences = querySentences(text);
  const needs = needSentences(text);
  const distinct = [...new Set([...sentences, ...needs])];
  const vectors = new Map(zip(distinct, await state.embedder.embed(distinct, 'query')));
  return {
    sentenceVectors: sentences.map((s) => vectors.get(s)!),
    ...(needs.length > 0 && {
      needVectors: needs.map((s) => vectors.get(s)!),
      needTokens: queryTermsOf(state, needs.join('。')).tokens,
    }),
  };
}

const zip = <A, B>(as: readonly A[], bs: readonly B[]): [A, B][] => as.map((a, i) => [a, bs[i]!]);

/** The configured ranking with the caller's overrides; the configured second stage uses the model in force. */
function rankingInForce(state: EngineState, options: MatchOptions): RankingParams {
  const configured = state.config.ranking.secondStage;
  const ranking = { ...state.config.ranking, ...options.ranking };
  // A caller naming a second stage (or none: `secondStage: undefined`) gets what it named.
  if (!configured || (options.ranking && 'secondStage' in options.ranking)) return ranking;
  return { ...ranking, secondStage: { ...configured, model: state.secondStageModel } };
}

/**
 * Domain terms of a record's text, computed on first use and kept while its
 * content hash holds: scanning ten results' texts per match cost about a
 * fifth of the HTTP throughput.
 */
function domainTermsOf(state: EngineState, kind: RecordKind, id: string): readonly string[] {
  const hash = state.indexes[kind].contentHash(id);
  const key = `${kind}\u0000${id}`;
  const cached = state.domainTerms.get(key);
  if (cached && cached.hash === hash) return cached.terms;
  const terms = domainTermsIn(fullText(recordFields(kind, getRecord(state, kind, id).record)));
  state.domainTerms.set(key, { hash, terms });
  return terms;
}

/** The shortest query that names a title by being part of it. */
const NAMING_QUERY_CHARS = 6;

/**
 * Whether a query names a record by its title (the whole title in the query, or a query of
 * some length within the title): a broker looking a record up. The title-only weight, which
 * helps short problem statements under CV, must not push the record looked up off the top.
 */
export function namesTitle(query: string, title: string): boolean {
  const q = query.replace(/\s+/g, '');
  const t = title.replace(/\s+/g, '');
  if (t.length === 0) return false;
  return q.includes(t) || (q.length >= NAMING_QUERY_CHARS && t.includes(q));
}

/** How many query texts keep their tokens: a broker's working set of demands, many times over. */
const QUERY_TERMS_KEPT = 4096;

/**
 * A query text's search tokens and domain terms. Segmenting a stored demand's text
 * on every match of it cost about a sixteenth of the HTTP request; the same text
 * gives the same tokens, so they are kept for the most recently matched texts.
 */
function queryTermsOf(state: EngineState, text: string): { tokens: string[]; domainTerms: string[] } {
  const kept = state.queryTerms.get(text);
  if (kept) {
    // Map order is the eviction order: a hit moves to the back.
    state.queryTerms.delete(text);
    state.queryTerms.set(text, kept);
    return kept;
  }
  const terms = { tokens: searchTokens(text), domainTerms: domainTermsIn(text) };
  state.queryTerms.set(text, terms);
  if (state.queryTerms.size > QUERY_TERMS_KEPT) state.queryTerms.delete(state.queryTerms.keys().next().value!);
  return terms;
}

interface ResolvedQuery {
  text: string;
  industry: Industry;
  industryConfidence: number;
  secondIndustry?: Industry;
}

/**
 * A free text keeps the lexicon's industry; the classifier, reading the vector
 * already computed, names a second one when it disagrees (docs/quality.md).
 */
function taggedByVector(
  resolved: ResolvedQuery,
  vector: Float32Array,
  model: IndustryClassifier | null | undefined,
): ResolvedQuery {
  if (!model) return resolved;
  const { industry, secondIndustry } = secondFromClassifier(model, vector, resolved);
  return { text: resolved.text, industry, industryConfidence: resolved.industryConfidence, secondIndustry };
}

function resolveQuery(state: EngineState, kind: RecordKind, query: MatchQuery): ResolvedQuery {
  if ('id' in query) {
    const stored = getRecord(state, kind, query.id);
    const text =
      kind === 'demand' ? demandQueryText(stored.record as Demand) : fullText(recordFields(kind, stored.record));
    const { industry, industryConfidence, secondIndustry } = stored.meta;
    return { text, industry, industryConfidence, secondIndustry };
  }
  const text = query.text?.trim() ?? '';
  if (text.length === 0)
    throw new ValidationError('text must not be empty', [{ field: 'text', message: 'must not be empty' }]);
  const guess = inferIndustry({ title: text, text: '' });
  return { text, industry: guess.industry, industryConfidence: guess.confidence, secondIndustry: guess.secondIndustry };
}
