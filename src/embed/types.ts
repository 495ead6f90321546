/**
 * What the engine needs from a text embedder. The real one (Embedder) runs
 * the local model through its cache; tests may pass a small deterministic
 * implementation so ranking and lifecycle run without the model.
 */

/** `query` texts get the bge retrieval instruction; `passage` texts are embedded as they are. */
export type EmbeddingRole = 'query' | 'passage';

export interface EmbedOptions {
  /** Called after each batch with (done, total) uncached texts. */
  onProgress?: (done: number, total: number) => void;
}

export interface EmbedStats {
  /** Texts run through the model. */
  embedded: number;
  /** Texts answered from the cache. */
  reused: number;
}

/** Whether the model answers: read by /health. */
export interface ModelState {
  /** The model is in memory and its last call (if any) succeeded. */
  loaded: boolean;
  /** Why the last model call failed, while it stays failed. */
  lastError: string | null;
}

export interface TextEmbedder {
  readonly modelId: string;
  readonly dims: number;
  readonly stats: EmbedStats;
  /** Unit vectors, one per text, in order. */
  embed(texts: string[], role: EmbeddingRole, options?: EmbedOptions): Promise<Float32Array[]>;
  embedOne(text: string, role: EmbeddingRole): Promise<Float32Array>;
  modelState(): ModelState;
}
