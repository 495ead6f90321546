/**
 * The second stage the engine uses by default: the model file committed under
 * models/reranker/ (trained by `npm run train-reranker`). Missing file: the
 * second stage is off and the fused order stands, so a checkout without it still works.
 */
import fs from 'node:fs';
import { RERANKER_MODEL_FILE } from '../../config/paths.js';
import { parseRerankModel, type RerankModel } from './model.js';
import type { FirstStageVariants } from '../retrieve.js';
import type { SecondStageParams } from './stage.js';

/**
 * The fused candidates the model is trained on: the top 100 (for full demands almost every relevant
 * achievement is there). The nightly retrain computes outcome pairs' features the same way.
 */
export const SECOND_STAGE_TRAINING_DEPTH = 100;

/**
 * The fused candidates the engine re-ranks: the top 50. Under 5-fold CV the model trained on the top
 * 100 scored 0.7716 ± 0.0397 / 0.6553 ± 0.0961 (full / title-only nDCG@10) re-ranking the top 50
 * against 0.7706 ± 0.0408 / 0.6556 ± 0.0962 re-ranking the top 100 (scripts/rerank-depth-cv.ts, 23
 * features; with 29, 0.7889 / 0.6635 against 0.7882 / 0.6634), at
 * about half the features, tree walks and vector reads per request (docs/quality.md, "Latency").
 */
export const SECOND_STAGE_DEPTH = 50;

/**
 * The first stage the second stage re-ranks: the plain one its model was trained on (no title-only
 * weight). Under 5-fold CV the second stage over the title-weighted first stage scored 0.7734 / 0.6510
 * (full / title-only) against 0.7699 / 0.6583 over the plain one: no gain, and the model would see
 * fused ranks unlike its training data (docs/quality.md, "First-stage variants").
 */
export const SECOND_STAGE_FIRST_STAGE: FirstStageVariants = {};

export function loadRerankModel(file = RERANKER_MODEL_FILE): RerankModel | null {
  if (!fs.existsSync(file)) return null;
  return parseRerankModel(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export function defaultSecondStage(): SecondStageParams {
  return { model: loadRerankModel(), depth: SECOND_STAGE_DEPTH };
}
