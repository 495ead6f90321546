/**
 * A deterministic stand-in for the model, for tests of ranking and index
 * lifecycle that must run in milliseconds: each text becomes a unit vector of
 * hashed character bigrams, so texts that share wording are near each other.
 * The real model is exercised by the integration tests (engine.test.ts, serve/).
 */
import type { EmbeddingRole, EmbedStats, ModelState, TextEmbedder } from '../../src/embed/index.js';

export class FakeEmbedder implements TextEmbedder {
  readonly modelId = 'test/char-bigrams';
  readonly stats: EmbedStats = { embedded: 0, reused: 0 };
  /** Set to make every model call fail, as a broken model would. */
  failWith: string | null = null;
  private lastError: string | null = null;

  constructor(readonly dims = 64) {}

  async embed(texts: string[], _role: EmbeddingRole): Promise<Float32Array[]> {
    if (this.failWith) {
      this.lastError = this.failWith;
      throw new Error(this.failWith);
    }
    this.lastError = null;
    this.stats.embedded += texts.length;
    return texts.map((text) => this.vector(text));
  }

  async embedOne(text: string, role: EmbeddingRole): Promise<Float32Array> {
    return (await this.embed([text], role))[0]!;
  }

  modelState(): ModelState {
    return { loaded: this.lastError === null, lastError: this.lastError };
  }

  private vector(text: string): Float32Array {
    const vector = new Float32Array(this.dims);
    for (let i = 0; i + 1 < text.length; i += 1) {
      let hash = 2166136261;
      for (const code of [text.charCodeAt(i), text.charCodeAt(i + 1)]) hash = Math.imul(hash ^ code, 16777619);
      vector[(hash >>> 0) % this.dims]! += 1;
    }
    vector[0]! += 1e-3; // no zero vector for a one-character text
    const norm = Math.hypot(...vector);
    return vector.map((v) => v / norm);
  }
}
