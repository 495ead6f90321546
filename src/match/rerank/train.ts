/**
 * Training the second stage: LambdaMART (gradient-boosted regression trees
 * on LambdaRank gradients, Burges 2010), small enough to read in one sitting.
 * Deterministic: the same examples give the same model, bit for bit, so the
 * stored model can be checked against its training data's hash.
 */
import crypto from 'node:crypto';
import { FEATURE_NAMES, NEED_FEATURES, type FeatureVector } from './features.js';
import type { RerankModel, TreeNode } from './model.js';

/** One candidate of one query, with its graded judgment (unjudged = 0). */
export interface TrainingExample {
  /** The query group: pairs are only formed within a group. */
  group: string;
  /** The demand behind the group (a demand has a full and a title-only group); CV folds split on it. */
  demandId: string;
  candidateId: string;
  features: FeatureVector;
  grade: number;
  /** False when nobody judged the pair (its grade 0 is a guess). */
  judged?: boolean;
  /** How much the pairs of this example's group count (brokers' outcomes count less than judgments); default 1. */
  weight?: number;
}

export interface TrainParams {
  trees: number;
  learningRate: number;
  maxLeaves: number;
  minLeafExamples: number;
  /** L2 on leaf values (Newton step denominator). */
  lambda: number;
  /** Candidate thresholds per feature (quantiles of the training values). */
  bins: number;
  /** Leave unjudged candidates out of training instead of reading them as grade 0. */
  skipUnjudged?: boolean;
}

/** Chosen by 5-fold CV on the 80 dev demands (docs/quality.md). */
export const DEFAULT_TRAIN: TrainParams = {
  trees: 150,
  learningRate: 0.08,
  maxLeaves: 8,
  minLeafExamples: 30,
  lambda: 1,
  bins: 32,
};

export const MODEL_VERSION = 'lambdamart-3';

const gain = (grade: number) => 2 ** grade - 1;
const discount = (position: number) => 1 / Math.log2(position + 2);

export function trainingDataHash(examples: readonly TrainingExample[]): string {
  const hash = crypto.createHash('sha256');
  for (const e of examples) {
    // The weight joins the line only when set, so models trained before weights keep their hash.
    const weight = e.weight === undefined || e.weight === 1 ? '' : `\tw${e.weight}`;
    hash.update(
      `${e.group}\t${e.candidateId}\t${e.grade}${weight}\t${e.features.map((v) => v.toPrecision(8)).join(',')}\n`,
    );
  }
  return hash.digest('hex');
}

function groupsOf(examples: readonly TrainingExample[]): number[][] {
  const byGroup = new Map<string, number[]>();
  examples.forEach((e, i) => {
    if (!byGroup.has(e.group)) byGroup.set(e.group, []);
    byGroup.get(e.group)!.push(i);
  });
  // Groups with nothing to order teach nothing.
  return [...byGroup.values()].filter((g) => new Set(g.map((i) => examples[i]!.grade)).size > 1);
}

/** LambdaRank gradients (toward higher score) and their second derivatives, per example. */
function lambdas(
  examples: readonly TrainingExample[],
  groups: number[][],
  scores: Float64Array,
): { g: Float64Array; h: Float64Array } {
  const g = new Float64Array(examples.length);
  const h = new Float64Array(examples.length);
  for (const group of groups) {
    const order = [...group].sort((a, b) => scores[b]! - scores[a]! || a - b);
    const position = new Map(order.map((i, p) => [i, p]));
    const ideal = group
      .map((i) => examples[i]!.grade)
      .sort((a, b) => b - a)
      .reduce((s, grade, p) => s + gain(grade) * discount(p), 0);
    if (ideal <= 0) continue;
    const positives = group.filter((i) => examples[i]!.grade > 0);
    for (const i of positives) {
      for (const j of group) {
        const gi = examples[i]!.grade;
        const gj = examples[j]!.grade;
        if (gi <= gj) continue;
        const pi = position.get(i)!;
        const pj = position.get(j)!;
        const weight = examples[i]!.weight ?? 1;
        const delta = (weight * Math.abs((gain(gi) - gain(gj)) * (discount(pi) - discount(pj)))) / ideal;
        const rho = 1 / (1 + Math.exp(scores[i]! - scores[j]!));
        g[i]! += delta * rho;
        g[j]! -= delta * rho;
        const w = delta * rho * (1 - rho);
        h[i]! += w;
        h[j]! += w;
      }
    }
  }
  return { g, h };
}

function thresholds(examples: readonly TrainingExample[], feature: number, bins: number): number[] {
  const values = examples.map((e) => e.features[feature]!).sort((a, b) => a - b);
  const cuts = new Set<number>();
  for (let b = 1; b < bins; b += 1) cuts.add(values[Math.floor((b * values.length) / bins)]!);
  cuts.delete(values[values.length - 1]!);
  return [...cuts].sort((a, b) => a - b);
}

interface Split {
  feature: number;
  threshold: number;
  gain: number;
  left: number[];
  right: number[];
}

/** Each example's bucket per feature: bucket b holds values in (cuts[b-1], cuts[b]]. */
function binExamples(examples: readonly TrainingExample[], cuts: number[][]): Uint8Array[] {
  return cuts.map((thresholdsOfF, f) =>
    Uint8Array.from(examples, (e) => {
      const v = e.features[f]!;
      let lo = 0;
      let hi = thresholdsOfF.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= thresholdsOfF[mid]!) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    }),
  );
}

function bestSplit(
  rows: number[],
  examples: readonly TrainingExample[],
  cuts: number[][],
  binned: Uint8Array[],
  g: Float64Array,
  h: Float64Array,
  params: TrainParams,
): Split | null {
  let G = 0;
  let H = 0;
  for (const r of rows) {
    G += g[r]!;
    H += h[r]!;
  }
  const parent = (G * G) / (H + params.lambda);
  let best: Split | null = null;
  for (let f = 0; f < cuts.length; f += 1) {
    const thresholdsOfF = cuts[f]!;
    if (thresholdsOfF.length === 0) continue;
    const bins = binned[f]!;
    const bucketG = new Float64Array(thresholdsOfF.length + 1);
    const bucketH = new Float64Array(thresholdsOfF.length + 1);
    const bucketN = new Int32Array(thresholdsOfF.length + 1);
    for (const r of rows) {
      const b = bins[r]!;
      bucketG[b]! += g[r]!;
      bucketH[b]! += h[r]!;
      bucketN[b]! += 1;
    }
    let GL = 0;
    let HL = 0;
    let NL = 0;
    for (let t = 0; t < thresholdsOfF.length; t += 1) {
      GL += bucketG[t]!;
      HL += bucketH[t]!;
      NL += bucketN[t]!;
      const NR = rows.length - NL;
      if (NL < params.minLeafExamples || NR < params.minLeafExamples) continue;
      const GR = G - GL;
      const HR = H - HL;
      const gainHere = (GL * GL) / (HL + params.lambda) + (GR * GR) / (HR + params.lambda) - parent;
      if (gainHere > 1e-12 && (!best || gainHere > best.gain))
        best = { feature: f, threshold: thresholdsOfF[t]!, gain: gainHere, left: [], right: [] };
    }
  }
  if (!best) return null;
  for (const r of rows) (examples[r]!.features[best.feature]! <= best.threshold ? best.left : best.right).push(r);
  return best;
}

/** Grows one tree best-first up to maxLeaves; node values are Newton steps. */
function growTree(
  examples: readonly TrainingExample[],
  rows: number[],
  cuts: number[][],
  binned: Uint8Array[],
  g: Float64Array,
  h: Float64Array,
  params: TrainParams,
): TreeNode[] {
  const value = (rs: number[]) => {
    let G = 0;
    let H = 0;
    for (const r of rs) {
      G += g[r]!;
      H += h[r]!;
    }
    return G / (H + params.lambda);
  };
  const nodes: TreeNode[] = [{ feature: -1, threshold: 0, left: -1, right: -1, value: value(rows) }];
  const open: { node: number; rows: number[]; split: Split | null }[] = [
    { node: 0, rows, split: bestSplit(rows, examples, cuts, binned, g, h, params) },
  ];
  let leaves = 1;
  while (leaves < params.maxLeaves) {
    open.sort((a, b) => (b.split?.gain ?? -1) - (a.split?.gain ?? -1));
    const next = open[0];
    if (!next?.split) break;
    open.shift();
    const { split } = next;
    const left = nodes.length;
    nodes.push({ feature: -1, threshold: 0, left: -1, right: -1, value: value(split.left) });
    nodes.push({ feature: -1, threshold: 0, left: -1, right: -1, value: value(split.right) });
    Object.assign(nodes[next.node]!, { feature: split.feature, threshold: split.threshold, left, right: left + 1 });
    open.push({ node: left, rows: split.left, split: bestSplit(split.left, examples, cuts, binned, g, h, params) });
    open.push({
      node: left + 1,
      rows: split.right,
      split: bestSplit(split.right, examples, cuts, binned, g, h, params),
    });
    leaves += 1;
  }
  return nodes;
}

function treeOutput(tree: readonly TreeNode[], x: FeatureVector): number {
  let node = tree[0]!;
  while (node.feature >= 0) node = tree[x[node.feature]! <= node.threshold ? node.left : node.right]!;
  return node.value;
}

/** The boosted trees for one set of examples, grouped by query (`groupsOf`). */
function boostedTrees(examples: readonly TrainingExample[], groups: number[][], params: TrainParams): TreeNode[][] {
  const rows = groups.flat().sort((a, b) => a - b);
  const cuts = FEATURE_NAMES.map((_, f) => thresholds(examples, f, params.bins));
  const binned = binExamples(examples, cuts);
  const scores = new Float64Array(examples.length);
  const trees: TreeNode[][] = [];
  for (let t = 0; t < params.trees; t += 1) {
    const { g, h } = lambdas(examples, groups, scores);
    const tree = growTree(examples, rows, cuts, binned, g, h, params);
    if (tree.length === 1) break;
    trees.push(tree);
    for (const r of rows) scores[r]! += params.learningRate * treeOutput(tree, examples[r]!.features);
  }
  return trees;
}

const NEED_COLUMNS = NEED_FEATURES.map((name) => FEATURE_NAMES.indexOf(name));

/** The examples as a query without need sentences would see them: the need columns zeroed, so no tree splits on them. */
function withoutNeeds(examples: readonly TrainingExample[]): TrainingExample[] {
  return examples.map((e) => ({ ...e, features: e.features.map((v, f) => (NEED_COLUMNS.includes(f) ? 0 : v)) }));
}

/**
 * Two sets of trees on the same examples: `trees` with every feature, `plainTrees` with the need features
 * zeroed, for queries without need sentences (model.ts picks by `needsStated`).
 */
export function trainReranker(
  allExamples: readonly TrainingExample[],
  params: TrainParams = DEFAULT_TRAIN,
): RerankModel {
  const examples = params.skipUnjudged ? allExamples.filter((e) => e.judged !== false) : allExamples;
  // Zeroing columns keeps every example in its place, so both sets of trees share the groups.
  const groups = groupsOf(examples);
  return {
    format: 'kjcg-reranker/1',
    version: MODEL_VERSION,
    features: [...FEATURE_NAMES],
    learningRate: params.learningRate,
    trees: boostedTrees(examples, groups, params),
    plainTrees: boostedTrees(withoutNeeds(examples), groups, params),
    trainingDataHash: trainingDataHash(examples),
    training: { ...params, examples: examples.length, groups: groups.length },
  };
}
