/**
 * Applying the second stage to the fused list: the first `depth` candidates
 * get features and a model score and are re-ordered by it; the rest keep
 * their fused order below them. Pure apart from the callbacks it is given.
 */
import type { FeatureName, FeatureVector } from './features.js';
import {
  candidateFeatures,
  type CandidateEvidence,
  type CandidateProfile,
  type PoolStats,
  type QueryProfile,
} from './features.js';
import { featureContributions, scoreCandidate, type RerankModel } from './model.js';

export interface SecondStageParams {
  /** null: the first stage's order stands. */
  model: RerankModel | null;
  /** How many fused candidates are re-ranked. */
  depth: number;
  /** Attach each candidate's feature vector (training, diagnostics). */
  keepFeatures?: boolean;
  /** Positions (0-based, after re-ranking) whose drivers are wanted: the page. Default: all. */
  explainFrom?: number;
  explainTo?: number;
}

export interface StagedCandidate<T> {
  item: T;
  id: string;
  evidence: CandidateEvidence;
}

export interface Restaged<T> {
  item: T;
  /** The second stage's score, or null beyond its depth / without a model. */
  score: number | null;
  features?: FeatureVector;
  /** Features that moved the score most, strongest first (positive contributions only). */
  drivers: FeatureName[];
}

export function poolStats(evidence: readonly CandidateEvidence[]): PoolStats {
  const max = (pick: (e: CandidateEvidence) => number) => {
    let best = Number.NEGATIVE_INFINITY;
    for (const e of evidence) best = Math.max(best, pick(e));
    return Number.isFinite(best) ? best : 0;
  };
  return {
    maxDense: max((e) => e.dense),
    maxLexical: Math.max(
      0,
      max((e) => e.lexical),
    ),
    maxPrfDense: max((e) => e.prfDense),
    maxSentence: max((e) => e.sentenceMax),
    maxTitleDense: max((e) => e.titleDense),
    maxNeedDense: max((e) => e.needDense),
  };
}

/** The strongest positive contributions; small ones say nothing a broker should read. */
export function strongestDrivers(contributions: Record<FeatureName, number>, limit = 3, floor = 0.02): FeatureName[] {
  return (Object.entries(contributions) as [FeatureName, number][])
    .filter(([, c]) => c > floor)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name]) => name);
}

export function applySecondStage<T>(
  candidates: readonly StagedCandidate<T>[],
  query: QueryProfile,
  profileOf: (id: string) => CandidateProfile,
  params: SecondStageParams,
): Restaged<T>[] {
  if (!params.model && !params.keepFeatures) return candidates.map((c) => ({ item: c.item, score: null, drivers: [] }));
  const head = candidates.slice(0, params.depth);
  const stats = poolStats(head.map((c) => c.evidence));
  const model = params.model;
  const scored = head.map((c, position) => {
    const features = candidateFeatures(query, profileOf(c.id), c.evidence, stats);
    const score = model ? scoreCandidate(model, features) : null;
    return { c, position, features, score };
  });
  if (model) scored.sort((a, b) => b.score! - a.score! || a.position - b.position);
  const restaged: Restaged<T>[] = scored.map(({ c, features, score }, i) => ({
    item: c.item,
    score,
    features: params.keepFeatures ? features : undefined,
    // Attribution walks every tree: only the page shown needs it.
    drivers:
      model && i >= (params.explainFrom ?? 0) && i < (params.explainTo ?? Number.POSITIVE_INFINITY)
        ? strongestDrivers(featureContributions(model, features))
        : [],
  }));
  for (const c of candidates.slice(params.depth)) restaged.push({ item: c.item, score: null, drivers: [] });
  return restaged;
}
