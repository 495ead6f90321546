/** Engine settings from the app config: the tuned ranking defaults plus where things live. */
import type { AppConfig } from '../config/index.js';
import { DEFAULT_HNSW } from '../index/index.js';
import { loadIndustryModel } from '../match/industry-model-file.js';
import { defaultSecondStage, SECOND_STAGE_FIRST_STAGE } from '../match/rerank/index.js';
import { DEFAULT_RANKING, type EngineConfig } from './types.js';

export function engineConfigFrom(
  config: Pick<AppConfig, 'DATA_DIR' | 'MODEL_DIR' | 'QUERY_INSTRUCTION'> & {
    SECOND_STAGE?: boolean;
    MATCH_CACHE_LISTS?: number;
  },
): EngineConfig {
  return {
    dataDir: config.DATA_DIR,
    modelDir: config.MODEL_DIR,
    useQueryInstruction: config.QUERY_INSTRUCTION,
    // The trained model is loaded only with the second stage on (the default; config.ts says why).
    ranking: config.SECOND_STAGE
      ? { ...DEFAULT_RANKING, firstStage: SECOND_STAGE_FIRST_STAGE, secondStage: defaultSecondStage() }
      : DEFAULT_RANKING,
    hnsw: DEFAULT_HNSW,
    // The committed classifier (models/industry/): 0.85 first-choice under CV against the lexicon's 0.81.
    industryModel: loadIndustryModel(),
    matchCacheLists: config.MATCH_CACHE_LISTS,
  };
}
