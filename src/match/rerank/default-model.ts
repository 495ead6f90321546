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

/** Re-ranking the fused top 100: for full demands almost every relevant achievement is there. */
export const SECOND_STAGE_DEPTH = 100;

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
