/**
 * A small multinomial logistic regression from a text's vector to one of the
 * 14 key industries (其他 is never predicted: it is what a text without key-industry
 * evidence gets from the lexicon). Trained by full-batch gradient descent from
 * zero weights, so the same examples always give the same model. Pure: the
 * examples and the vector are passed in.
 */
import { KEY_INDUSTRIES, type Industry } from '../domain/index.js';

const INDUSTRIES = KEY_INDUSTRIES as readonly Industry[];

export interface ClassifierExample {
  vector: Float32Array;
  industry: Industry;
  /** How much the example counts relative to others (a labelled demand outweighs a pseudo-labelled achievement). */
  weight: number;
}

export interface TrainOptions {
  /** L2 penalty on the weights (not the biases). */
  l2: number;
  iterations: number;
  learningRate: number;
  /** bge vectors have unit length; scaling them lets the softmax become confident in few steps. */
  inputScale: number;
}

/** Measured in docs/quality.md (5-fold CV on the 80 dev demands). */
export const DEFAULT_TRAINING: TrainOptions = { l2: 1e-3, iterations: 300, learningRate: 1, inputScale: 10 };

export interface IndustryClassifier {
  industries: Industry[];
  inputScale: number;
  /** One row per industry: the weights over the vector's dimensions. */
  weights: number[][];
  bias: number[];
}

export interface IndustryProbabilities {
  industry: Industry;
  /** The winner's probability. */
  confidence: number;
  runnerUp: Industry;
  runnerUpProbability: number;
}

function softmaxInPlace(scores: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) max = Math.max(max, s);
  let total = 0;
  for (let k = 0; k < scores.length; k += 1) {
    scores[k] = Math.exp(scores[k]! - max);
    total += scores[k]!;
  }
  for (let k = 0; k < scores.length; k += 1) scores[k]! /= total;
}

function scoresInto(out: Float64Array, weights: Float64Array[], bias: Float64Array, x: Float32Array, scale: number) {
  for (let k = 0; k < out.length; k += 1) {
    const w = weights[k]!;
    let s = 0;
    for (let d = 0; d < x.length; d += 1) s += w[d]! * x[d]!;
    out[k] = s * scale + bias[k]!;
  }
}

export function trainIndustryClassifier(
  examples: readonly ClassifierExample[],
  options: TrainOptions = DEFAULT_TRAINING,
): IndustryClassifier {
  if (examples.length === 0) throw new Error('an industry classifier needs at least one example');
  const dims = examples[0]!.vector.length;
  const classes = INDUSTRIES.length;
  const classOf = new Map(INDUSTRIES.map((industry, k) => [industry, k]));
  const labelled = examples.flatMap((e) => {
    const k = classOf.get(e.industry);
    return k === undefined || e.weight <= 0 ? [] : [{ x: e.vector, k, w: e.weight }];
  });
  const totalWeight = labelled.reduce((s, e) => s + e.w, 0) || 1;
  const weights = Array.from({ length: classes }, () => new Float64Array(dims));
  const bias = new Float64Array(classes);
  const gradW = Array.from({ length: classes }, () => new Float64Array(dims));
  const gradB = new Float64Array(classes);
  const p = new Float64Array(classes);
  const scale = options.inputScale;
  for (let step = 0; step < options.iterations; step += 1) {
    for (const g of gradW) g.fill(0);
    gradB.fill(0);
    for (const { x, k: label, w } of labelled) {
      scoresInto(p, weights, bias, x, scale);
      softmaxInPlace(p);
      for (let k = 0; k < classes; k += 1) {
        // Cross-entropy gradient: (p − y), weighted by the example's share of the total weight.
        const residual = ((p[k]! - (k === label ? 1 : 0)) * w) / totalWeight;
        if (residual === 0) continue;
        gradB[k]! += residual;
        const g = gradW[k]!;
        const r = residual * scale;
        for (let d = 0; d < dims; d += 1) g[d]! += r * x[d]!;
      }
    }
    for (let k = 0; k < classes; k += 1) {
      const wk = weights[k]!;
      const g = gradW[k]!;
      for (let d = 0; d < dims; d += 1) wk[d]! -= options.learningRate * (g[d]! + options.l2 * wk[d]!);
      bias[k]! -= options.learningRate * gradB[k]!;
    }
  }
  return { industries: [...INDUSTRIES], inputScale: scale, weights: weights.map((w) => [...w]), bias: [...bias] };
}

/** The classifier's first and second industry for a vector, with their probabilities. */
export function classifyIndustry(model: IndustryClassifier, vector: Float32Array): IndustryProbabilities {
  const classes = model.industries.length;
  const p = new Float64Array(classes);
  for (let k = 0; k < classes; k += 1) {
    const w = model.weights[k]!;
    let s = 0;
    for (let d = 0; d < vector.length; d += 1) s += w[d]! * vector[d]!;
    p[k] = s * model.inputScale + model.bias[k]!;
  }
  softmaxInPlace(p);
  let first = 0;
  let second = -1;
  for (let k = 1; k < classes; k += 1) {
    if (p[k]! > p[first]!) {
      second = first;
      first = k;
    } else if (second === -1 || p[k]! > p[second]!) second = k;
  }
  if (second === -1) second = first;
  return {
    industry: model.industries[first]!,
    confidence: p[first]!,
    runnerUp: model.industries[second]!,
    runnerUpProbability: p[second]!,
  };
}

export interface ClassifiedIndustry {
  industry: Industry;
  confidence: number;
  /** Kept when the winner's probability is below `secondBelow`. */
  secondIndustry?: Industry;
  runnerUp: Industry;
}

/** The classifier's tagging: the runner-up becomes a second industry when the first is not confident. */
export function tagIndustry(model: IndustryClassifier, vector: Float32Array, secondBelow: number): ClassifiedIndustry {
  const p = classifyIndustry(model, vector);
  const second = p.confidence < secondBelow && p.runnerUp !== p.industry ? { secondIndustry: p.runnerUp } : {};
  return {
    industry: p.industry,
    confidence: Math.round(p.confidence * 1000) / 1000,
    ...second,
    runnerUp: p.runnerUp,
  };
}

/**
 * The engine's tagging when a classifier is loaded: the classifier's first
 * industry; as second, its runner-up when it is not confident, else the
 * lexicon's first when the two disagree (two taggers disagreeing is itself a
 * sign that the first is not certain).
 */
export function tagWithLexicon(
  model: IndustryClassifier,
  vector: Float32Array,
  lexiconFirst: Industry,
  secondBelow: number,
): ClassifiedIndustry {
  const classified = tagIndustry(model, vector, secondBelow);
  if (classified.secondIndustry || lexiconFirst === classified.industry || !INDUSTRIES.includes(lexiconFirst))
    return classified;
  return { ...classified, secondIndustry: lexiconFirst };
}

/**
 * A short free text's tagging: the lexicon stays first (on title-length texts it
 * beats the classifier, 0.79 against 0.76 under CV) and the classifier's first
 * industry, when it differs, becomes the second one that filters and the
 * industry feature also accept.
 */
export function secondFromClassifier(
  model: IndustryClassifier,
  vector: Float32Array,
  lexicon: { industry: Industry; secondIndustry?: Industry },
): { industry: Industry; secondIndustry?: Industry } {
  const classified = classifyIndustry(model, vector).industry;
  if (classified === lexicon.industry) return lexicon;
  return { industry: lexicon.industry, secondIndustry: classified };
}
