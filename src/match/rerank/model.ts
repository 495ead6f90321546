/**
 * A trained second-stage model as it is stored (models/reranker/*.json) and
 * applied: a small ensemble of regression trees (LambdaMART, see train.ts).
 * Scoring also says how much each feature moved a candidate's score (the
 * path attribution of Saabas: each split credits its feature with the change
 * in the node's mean), which is what explanations name.
 */
import { z } from 'zod';
import { FEATURE_NAMES, type FeatureName, type FeatureVector } from './features.js';

/** A node: a split (feature, threshold, left, right) or a leaf; `value` is the node's mean output. */
export const TreeNodeSchema = z.object({
  feature: z.number().int().min(-1),
  threshold: z.number(),
  left: z.number().int(),
  right: z.number().int(),
  value: z.number(),
});
export type TreeNode = z.infer<typeof TreeNodeSchema>;

export const RerankModelSchema = z.object({
  format: z.literal('kjcg-reranker/1'),
  /** Bumped whenever the features or training change. */
  version: z.string(),
  features: z.array(z.string()),
  learningRate: z.number(),
  trees: z.array(z.array(TreeNodeSchema)),
  /**
   * Trees for queries without need sentences (`needsStated` 0: titles, free texts, achievements),
   * trained on the same examples with the need features zeroed (NEED_FEATURES in features.ts).
   * Absent: `trees` rank every query.
   */
  plainTrees: z.array(z.array(TreeNodeSchema)).optional(),
  /** sha256 of the training examples (features, labels, demand ids), so a model is traceable to its data. */
  trainingDataHash: z.string(),
  training: z.record(z.string(), z.unknown()),
});
export type RerankModel = z.infer<typeof RerankModelSchema>;

/** Parses a stored model and checks it was trained on today's features, in today's order. */
export function parseRerankModel(json: unknown): RerankModel {
  const model = RerankModelSchema.parse(json);
  const expected = FEATURE_NAMES.join(',');
  if (model.features.join(',') !== expected)
    throw new Error(
      `reranker model ${model.version} was trained on features [${model.features.join(',')}], this code computes [${expected}]; retrain with npm run train-reranker`,
    );
  return model;
}

/**
 * The trees laid out in flat typed arrays, built once per model: scoring walks
 * numbers instead of node objects. It runs for every re-ranked candidate of
 * every request (50 × 150 trees), and the object walk was the second stage's
 * largest cost in the bench process (docs/benchmarks.md, "Latency").
 * Child indices are absolute; a leaf has feature −1.
 */
interface Forest {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  roots: Int32Array;
}

function layOut(trees: readonly (readonly TreeNode[])[]): Forest {
  const size = trees.reduce((n, tree) => n + tree.length, 0);
  const forest: Forest = {
    feature: new Int32Array(size),
    threshold: new Float64Array(size),
    left: new Int32Array(size),
    right: new Int32Array(size),
    value: new Float64Array(size),
    roots: new Int32Array(trees.length),
  };
  let at = 0;
  trees.forEach((tree, t) => {
    forest.roots[t] = at;
    tree.forEach((node, i) => {
      forest.feature[at + i] = node.feature;
      forest.threshold[at + i] = node.threshold;
      forest.left[at + i] = at + node.left;
      forest.right[at + i] = at + node.right;
      forest.value[at + i] = node.value;
    });
    at += tree.length;
  });
  return forest;
}

const forests = new WeakMap<RerankModel, { stated: Forest; plain: Forest }>();
const NEEDS_STATED = FEATURE_NAMES.indexOf('needsStated');

/** The forest that ranks this candidate's query: the plain trees when the query states no needs. */
function forestFor(model: RerankModel, x: FeatureVector): Forest {
  let laidOut = forests.get(model);
  if (!laidOut) {
    const stated = layOut(model.trees);
    laidOut = { stated, plain: model.plainTrees ? layOut(model.plainTrees) : stated };
    forests.set(model, laidOut);
  }
  return x[NEEDS_STATED] === 1 ? laidOut.stated : laidOut.plain;
}

export function scoreCandidate(model: RerankModel, x: FeatureVector): number {
  const { feature, threshold, left, right, value, roots } = forestFor(model, x);
  let score = 0;
  for (let t = 0; t < roots.length; t += 1) {
    let node = roots[t]!;
    while (feature[node]! >= 0) node = x[feature[node]!]! <= threshold[node]! ? left[node]! : right[node]!;
    score += model.learningRate * value[node]!;
  }
  return score;
}

/** Per feature, how much it moved this candidate's score away from the model's average. */
export function featureContributions(model: RerankModel, x: FeatureVector): Record<FeatureName, number> {
  const { feature, threshold, left, right, value, roots } = forestFor(model, x);
  const sums = new Float64Array(FEATURE_NAMES.length);
  for (let t = 0; t < roots.length; t += 1) {
    let node = roots[t]!;
    while (feature[node]! >= 0) {
      const next = x[feature[node]!]! <= threshold[node]! ? left[node]! : right[node]!;
      sums[feature[node]!]! += model.learningRate * (value[next]! - value[node]!);
      node = next;
    }
  }
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, sums[i]!])) as Record<FeatureName, number>;
}
