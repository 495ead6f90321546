/**
 * The local transformer model: bge-small-zh-v1.5, int8 ONNX, read from disk
 * only. Remote model loading is switched off, so a missing model fails at
 * start with one message that says how to fix it, never with a download.
 */
import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { ModelMissingError } from '../domain/index.js';
import { verifyModelDir } from './model-files.js';

export const EMBEDDING_DIMS = 512;

/** bge's retrieval instruction, prepended to short queries (not to documents). */
export const BGE_QUERY_INSTRUCTION = '为这个句子生成表示以用于检索相关文章：';

export async function loadFeatureExtractor(modelDir: string): Promise<FeatureExtractionPipeline> {
  const problems = verifyModelDir(modelDir);
  if (problems.length > 0) {
    throw new ModelMissingError(
      `embedding model not usable at ${modelDir}: ${problems.join('; ')}. ` +
        'Fix: run `npm install` (its postinstall fetches and verifies the model) or `npm run fetch-model`, ' +
        'or set MODEL_DIR to a directory holding bge-small-zh-v1.5 (config.json, tokenizer files, onnx/model_quantized.onnx).',
    );
  }
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = path.dirname(modelDir);
  try {
    return await pipeline('feature-extraction', path.basename(modelDir), { dtype: 'q8' });
  } catch (error) {
    throw new ModelMissingError(
      `embedding model at ${modelDir} failed to load (${(error as Error).message}). ` +
        'Fix: delete the folder and run `npm run fetch-model` to fetch and verify it again.',
    );
  }
}
