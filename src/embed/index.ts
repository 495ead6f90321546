export { Embedder, DEFAULT_BATCH_SIZE, type EmbeddingRole, type EmbedOptions, type EmbedStats } from './embedder.js';
export { EmbeddingCache, embeddingKey } from './cache.js';
export { EMBEDDING_DIMS, BGE_QUERY_INSTRUCTION, loadFeatureExtractor } from './model.js';
export { verifyModelDir, MODEL_CHECKSUMS } from './model-files.js';
