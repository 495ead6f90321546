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

function leaf(tree: readonly TreeNode[], x: FeatureVector): TreeNode {
  let node = tree[0]!;
  while (node.feature >= 0) node = tree[x[node.feature]! <= node.threshold ? node.left : node.right]!;
  return node;
}

export function scoreCandidate(model: RerankModel, x: FeatureVector): number {
  let score = 0;
  for (const tree of model.trees) score += model.learningRate * leaf(tree, x).value;
  return score;
}

/** Per feature, how much it moved this candidate's score away from the model's average. */
export function featureContributions(model: RerankModel, x: FeatureVector): Record<FeatureName, number> {
  // Summed by index (no closure, no lookup by name per split): this runs for every result on the page.
  const sums = new Float64Array(FEATURE_NAMES.length);
  for (const tree of model.trees) {
    let node = tree[0]!;
    while (node.feature >= 0) {
      const next = tree[x[node.feature]! <= node.threshold ? node.left : node.right]!;
      sums[node.feature]! += model.learningRate * (next.value - node.value);
      node = next;
    }
  }
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, sums[i]!])) as Record<FeatureName, number>;
}
