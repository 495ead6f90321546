/**
 * The industry classifier the engine uses: the file committed under
 * models/industry/ (trained by `npm run train-industry`), with the hash of the
 * data it was trained on. Missing file: tagging stays with the lexicon alone,
 * so a checkout without it still works.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { INDUSTRY_MODEL_FILE } from '../config/paths.js';
import { INDUSTRIES } from '../domain/index.js';
import type { ClassifierExample, IndustryClassifier } from './industry-classifier.js';

export const IndustryModelFileSchema = z.object({
  format: z.literal('kjcg-industry/1'),
  trainingDataHash: z.string(),
  training: z.record(z.string(), z.unknown()),
  industries: z.array(z.enum(INDUSTRIES)),
  inputScale: z.number(),
  weights: z.array(z.array(z.number())),
  bias: z.array(z.number()),
});
export type IndustryModelFile = z.infer<typeof IndustryModelFileSchema>;

/** Hash of the examples (label, weight, vector bytes) in order: a retrain on the same data gives the same hash. */
export function trainingDataHash(examples: readonly ClassifierExample[]): string {
  const hash = crypto.createHash('sha256');
  for (const e of examples) {
    hash.update(`${e.industry}\u0001${e.weight}\u0001`);
    hash.update(Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength));
  }
  return hash.digest('hex');
}

/** Six significant digits keep the committed file small (~70 kB). */
export function toModelFile(
  model: IndustryClassifier,
  trainingHash: string,
  training: Record<string, unknown>,
): IndustryModelFile {
  const round = (x: number) => Number(x.toPrecision(6));
  return {
    format: 'kjcg-industry/1',
    trainingDataHash: trainingHash,
    training,
    industries: model.industries,
    inputScale: model.inputScale,
    weights: model.weights.map((row) => row.map(round)),
    bias: model.bias.map(round),
  };
}

export function loadIndustryModel(file = INDUSTRY_MODEL_FILE): IndustryClassifier | null {
  if (!fs.existsSync(file)) return null;
  const parsed = IndustryModelFileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return { industries: parsed.industries, inputScale: parsed.inputScale, weights: parsed.weights, bias: parsed.bias };
}
