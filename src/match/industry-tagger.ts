/**
 * Industry tagging that generalises: the term lexicon (src/text/industry.ts)
 * read together with the embedding. Each industry has a prototype, the
 * centroid of the achievement vectors tagged with it; a text's vector is
 * compared with every prototype, and the two kinds of evidence are blended
 * as probabilities. When the winner is not confident, the runner-up is kept
 * as a second industry (智慧城市 vs 新一代信息网络 is a genuine overlap).
 * Pure: the prototypes and the lexicon's scores are passed in.
 */
import { KEY_INDUSTRIES, OTHER_INDUSTRY, type Industry } from '../domain/index.js';
import { dot } from '../index/index.js';

export type IndustryPrototypes = Map<Industry, Float32Array>;

export interface BlendParams {
  /** Weight of the lexicon's distribution; the vector's gets 1 − this. */
  lexiconWeight: number;
  /** Softmax temperature over prototype cosines (cosines of bge vectors sit close together). */
  temperature: number;
  /** Below this probability the runner-up becomes a second industry. */
  secondBelow: number;
}

/** Chosen by 5-fold CV on the 80 dev demands (docs/quality.md, scripts/industry-cv.ts). */
export const DEFAULT_BLEND: BlendParams = { lexiconWeight: 0.5, temperature: 0.02, secondBelow: 0.6 };

export interface BlendedIndustry {
  industry: Industry;
  confidence: number;
  secondIndustry?: Industry;
}

/** Centroids of the vectors of each key industry (其他 has no prototype). */
export function buildPrototypes(entries: Iterable<{ vector: Float32Array; industry: Industry }>): IndustryPrototypes {
  const sums = new Map<Industry, Float32Array>();
  for (const { vector, industry } of entries) {
    if (industry === OTHER_INDUSTRY) continue;
    const sum = sums.get(industry) ?? new Float32Array(vector.length);
    sums.set(industry, sum);
    for (let d = 0; d < vector.length; d += 1) sum[d]! += vector[d]!;
  }
  for (const sum of sums.values()) {
    const norm = Math.hypot(...sum) || 1;
    for (let d = 0; d < sum.length; d += 1) sum[d]! /= norm;
  }
  return sums;
}

function softmax(values: number[], temperature: number): number[] {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp((v - max) / temperature));
  const total = exps.reduce((s, v) => s + v, 0);
  return exps.map((v) => v / total);
}

export function blendIndustry(
  lexiconScores: Partial<Record<Industry, number>>,
  vector: Float32Array | undefined,
  prototypes: IndustryPrototypes,
  params: BlendParams = DEFAULT_BLEND,
): BlendedIndustry {
  const industries = KEY_INDUSTRIES as readonly Industry[];
  const lexTotal = industries.reduce((s, i) => s + (lexiconScores[i] ?? 0), 0);
  const lexicon = industries.map((i) => (lexTotal > 0 ? (lexiconScores[i] ?? 0) / lexTotal : 0));
  const usable = vector !== undefined && prototypes.size > 0;
  const cosines = industries.map((i) => {
    const prototype = prototypes.get(i);
    return usable && prototype ? dot(vector, prototype) : -1;
  });
  const semantic = usable ? softmax(cosines, params.temperature) : industries.map(() => 0);
  const lexiconWeight = !usable ? 1 : lexTotal > 0 ? params.lexiconWeight : 0;
  const blended = industries.map((_, k) => lexiconWeight * lexicon[k]! + (1 - lexiconWeight) * semantic[k]!);
  const order = industries.map((_, k) => k).sort((a, b) => blended[b]! - blended[a]! || a - b);
  const best = order[0]!;
  if (blended[best]! <= 0) return { industry: OTHER_INDUSTRY, confidence: 0 };
  const confidence = Math.round(blended[best]! * 1000) / 1000;
  const runnerUp = order[1];
  const second =
    confidence < params.secondBelow && runnerUp !== undefined && blended[runnerUp]! > 0
      ? industries[runnerUp]
      : undefined;
  return { industry: industries[best]!, confidence, ...(second ? { secondIndustry: second } : {}) };
}
