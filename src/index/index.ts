export { Bm25Index, DEFAULT_BM25, type Bm25Hit, type Bm25Params, type FieldTokens } from './bm25.js';
export { VectorIndex, DEFAULT_HNSW, EXACT_SEARCH_LIMIT, dot, type HnswParams, type VectorHit } from './vectors.js';
export { SideIndex, type IndexedDocument } from './side-index.js';
export {
  INDEX_FORMAT_VERSION,
  fileIndexStorage,
  saveIndexSet,
  loadIndexSet,
  readManifest,
  type IndexSet,
} from './persist.js';
export {
  indexManifestSchema,
  type IndexManifest,
  type IndexStorage,
  type ManifestInfo,
  type SearchableSide,
} from './types.js';
