/** Engine settings from the app config: the tuned ranking defaults plus where things live. */
import type { AppConfig } from '../config/index.js';
import { DEFAULT_HNSW } from '../index/index.js';
import { DEFAULT_RANKING, type EngineConfig } from './types.js';

export function engineConfigFrom(
  config: Pick<AppConfig, 'DATA_DIR' | 'MODEL_DIR' | 'QUERY_INSTRUCTION'>,
): EngineConfig {
  return {
    dataDir: config.DATA_DIR,
    modelDir: config.MODEL_DIR,
    useQueryInstruction: config.QUERY_INSTRUCTION,
    ranking: DEFAULT_RANKING,
    hnsw: DEFAULT_HNSW,
  };
}
