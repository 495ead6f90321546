export { Embedder, DEFAULT_BATCH_SIZE } from './embedder.js';
export type { EmbeddingRole, EmbedOptions, EmbedStats, ModelState, TextEmbedder } from './types.js';
export { EmbeddingCache, embeddingKey } from './cache.js';
export { EMBEDDING_DIMS, BGE_QUERY_INSTRUCTION, loadFeatureExtractor } from './model.js';
export { verifyModelDir, MODEL_CHECKSUMS } from './model-files.js';
