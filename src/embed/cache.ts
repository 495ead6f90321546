/**
 * Embeddings are never computed twice: vectors are kept in an append-only
 * file per model, keyed by a hash of (role, text). Appends are cheap; a write
 * killed mid-record leaves a short tail that the next open drops.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddingRole } from './types.js';

const KEY_BYTES = 16;

export function embeddingKey(role: EmbeddingRole, text: string): string {
  return crypto
    .createHash('sha256')
    .update(`${role}\n${text}`)
    .digest('hex')
    .slice(0, KEY_BYTES * 2);
}

export class EmbeddingCache {
  private readonly vectors = new Map<string, Float32Array>();
  private readonly recordBytes: number;

  constructor(
    readonly file: string,
    readonly dims: number,
  ) {
    this.recordBytes = KEY_BYTES + dims * 4;
    this.load();
  }

  static forModel(cacheDir: string, modelId: string, dims: number): EmbeddingCache {
    return new EmbeddingCache(path.join(cacheDir, `${modelId.replace(/[^\w.-]+/g, '_')}.f32log`), dims);
  }

  private load(): void {
    if (!fs.existsSync(this.file)) return;
    const buffer = fs.readFileSync(this.file);
    const whole = buffer.length - (buffer.length % this.recordBytes);
    for (let offset = 0; offset < whole; offset += this.recordBytes) {
      const key = buffer.subarray(offset, offset + KEY_BYTES).toString('hex');
      const bytes = buffer.subarray(offset + KEY_BYTES, offset + this.recordBytes);
      // Copy out: a view would pin the whole file buffer and be unaligned.
      this.vectors.set(key, new Float32Array(new Uint8Array(bytes).buffer));
    }
    if (whole !== buffer.length) fs.truncateSync(this.file, whole);
  }

  get size(): number {
    return this.vectors.size;
  }

  get(key: string): Float32Array | undefined {
    return this.vectors.get(key);
  }

  /** Appends new vectors and fsyncs, so a crash right after keeps them. */
  putMany(entries: { key: string; vector: Float32Array }[]): void {
    const fresh = entries.filter((e) => !this.vectors.has(e.key));
    if (fresh.length === 0) return;
    const buffer = Buffer.alloc(fresh.length * this.recordBytes);
    fresh.forEach(({ key, vector }, i) => {
      const offset = i * this.recordBytes;
      buffer.write(key, offset, KEY_BYTES, 'hex');
      Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(buffer, offset + KEY_BYTES);
      this.vectors.set(key, vector);
    });
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const fd = fs.openSync(this.file, 'a');
    try {
      fs.writeSync(fd, buffer);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}
