import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_DIR } from '../../src/config/paths.js';
import { ModelMissingError } from '../../src/domain/index.js';
import { EmbeddingCache, embeddingKey, loadFeatureExtractor } from '../../src/embed/index.js';
import { tempDir } from '../helpers.js';

describe('model loading', () => {
  it('fails with one message naming the fix when the model directory is missing', async () => {
    const missing = path.join(tempDir(), 'no-model');
    const error = await loadFeatureExtractor(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelMissingError);
    expect((error as Error).message).toContain('npm run fetch-model');
    expect((error as Error).message).toContain('MODEL_DIR');
  });

  it('refuses a model whose weights do not match the checksum', async () => {
    const broken = path.join(tempDir(), 'bge-small-zh-v1.5');
    fs.cpSync(DEFAULT_MODEL_DIR, broken, { recursive: true });
    fs.truncateSync(path.join(broken, 'onnx', 'model_quantized.onnx'), 1000);
    const error = await loadFeatureExtractor(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelMissingError);
    expect((error as Error).message).toContain('checksum mismatch');
  });
});

describe('embedding cache', () => {
  const vector = (seed: number) => Float32Array.from({ length: 4 }, (_, i) => seed + i / 10);

  it('returns what was stored after a reopen', () => {
    const dir = tempDir();
    const cache = EmbeddingCache.forModel(dir, 'test/model', 4);
    cache.putMany([{ key: embeddingKey('passage', '甲'), vector: vector(1) }]);
    const reopened = EmbeddingCache.forModel(dir, 'test/model', 4);
    expect(Array.from(reopened.get(embeddingKey('passage', '甲'))!)).toEqual(Array.from(vector(1)));
    expect(reopened.get(embeddingKey('query', '甲'))).toBeUndefined();
  });

  it('drops a torn final record left by a killed append', () => {
    const dir = tempDir();
    const cache = EmbeddingCache.forModel(dir, 'test/model', 4);
    cache.putMany([
      { key: embeddingKey('passage', '甲'), vector: vector(1) },
      { key: embeddingKey('passage', '乙'), vector: vector(2) },
    ]);
    fs.truncateSync(cache.file, fs.statSync(cache.file).size - 5);
    const reopened = EmbeddingCache.forModel(dir, 'test/model', 4);
    expect(reopened.size).toBe(1);
    expect(reopened.get(embeddingKey('passage', '乙'))).toBeUndefined();
  });
});
