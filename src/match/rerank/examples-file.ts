/**
 * The judged training examples behind the shipped model, kept beside it
 * (models/reranker/judged-examples.json.gz, written by `npm run train-reranker`):
 * the nightly rebuild retrains on them plus brokers' outcomes, and collecting
 * them again would need the dev eval corpus (9,999 achievements) and the model.
 * Features are stored as computed (JSON round-trips doubles exactly), so
 * retraining on the file alone gives the shipped model, bit for bit.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { z } from 'zod';
import { trainingDataHash, type TrainingExample } from './train.js';

const FORMAT = 'kjcg-reranker-examples/1';

const ExamplesFileSchema = z.object({
  format: z.literal(FORMAT),
  trainingDataHash: z.string(),
  examples: z.array(
    z.object({
      group: z.string(),
      demandId: z.string(),
      candidateId: z.string(),
      features: z.array(z.number()),
      grade: z.number(),
      judged: z.boolean().optional(),
    }),
  ),
});

export function serializeJudgedExamples(examples: readonly TrainingExample[]): Buffer {
  const json = JSON.stringify({ format: FORMAT, trainingDataHash: trainingDataHash(examples), examples });
  return zlib.gzipSync(json, { level: 9 });
}

/** The examples of the file, checked against the hash it carries; null when there is no file. */
export function loadJudgedExamples(file: string): TrainingExample[] | null {
  if (!fs.existsSync(file)) return null;
  const parsed = ExamplesFileSchema.parse(JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')));
  if (trainingDataHash(parsed.examples) !== parsed.trainingDataHash)
    throw new Error(
      `${file}: its examples do not hash to the trainingDataHash it carries; rerun npm run train-reranker`,
    );
  return parsed.examples;
}
