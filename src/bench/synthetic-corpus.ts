/**
 * A deterministic synthetic achievement corpus for the scale section, made by
 * recombining the real CSL records: each synthetic record has a real parent
 * whose title (sometimes spliced with another title) and keywords it takes,
 * and, for parents with an abstract, the parent's first sentence followed by
 * 1–4 sentences drawn from all real abstracts.
 *
 * Vectors are NOT embedded (200k records take hours on 2 cores): each is the
 * parent's real bge vector plus gaussian noise, renormalised, so the corpus
 * keeps the real vectors' cluster structure, with ~N/10k near-copies around
 * every real vector. They are cached in var/bench-cache/ keyed by size, seed,
 * noise and a digest of the source vectors, so a rerun reads them back.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Achievement } from '../domain/index.js';
import { createGaussian, createRandom, pick, randomInt } from '../random/prng.js';

export interface SyntheticSource {
  records: Achievement[];
  /** The real passage vector of each record, same order. */
  vectors: Float32Array[];
}

export interface SyntheticCorpus {
  records: Achievement[];
  /** n × dims, row i is records[i]'s vector. */
  vectors: Float32Array;
  dims: number;
  cacheFile: string;
  /** Whether the vectors were read from the cache file (true) or derived now. */
  fromCache: boolean;
}

export interface SyntheticOptions {
  count: number;
  seed: number;
  /** Norm of the noise added to a unit vector (0.5 gives cosine ≈ 0.89 to the parent). */
  noise: number;
  cacheDir: string;
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[。；;！？!?])|(?<=\.)(?!\d)/)
    .map((s) => s.trim())
    .filter((s) => [...s].length >= 6);
}

function spliceTitles(a: string, b: string): string {
  const left = [...a];
  const right = [...b];
  return left.slice(0, Math.ceil(left.length / 2)).join('') + right.slice(Math.floor(right.length / 2)).join('');
}

/** The parent of each synthetic record, and its text. Vectors come separately (below). */
export function synthesizeRecords(
  source: SyntheticSource,
  count: number,
  seed: number,
): { records: Achievement[]; parents: Int32Array } {
  const random = createRandom(seed);
  const pool = source.records.flatMap((r) => (r.abstract ? splitSentences(r.abstract) : []));
  const titles = source.records.map((r) => r.title);
  const parents = new Int32Array(count);
  const records: Achievement[] = [];
  for (let i = 0; i < count; i += 1) {
    const parentIndex = randomInt(random, source.records.length);
    parents[i] = parentIndex;
    const parent = source.records[parentIndex]!;
    const id = `syn-${i}`;
    if (parent.abstract && pool.length > 0) {
      const first = splitSentences(parent.abstract)[0] ?? parent.abstract;
      const extra = Array.from({ length: 1 + randomInt(random, 4) }, () => pick(random, pool));
      records.push({
        id,
        title: parent.title,
        keywords: parent.keywords ?? [],
        abstract: [first, ...extra].join(''),
        category: parent.category,
      });
    } else {
      const title = random() < 0.5 ? parent.title : spliceTitles(parent.title, pick(random, titles));
      records.push({ id, title, category: parent.category });
    }
  }
  return { records, parents };
}

function sourceDigest(source: SyntheticSource): string {
  const hash = crypto.createHash('sha256');
  for (const v of source.vectors) hash.update(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  return hash.digest('hex').slice(0, 12);
}

/** Parent vector + gaussian noise of the given norm, renormalised to unit length. */
export function perturbVectors(
  source: SyntheticSource,
  parents: Int32Array,
  noise: number,
  seed: number,
): Float32Array {
  const dims = source.vectors[0]!.length;
  const gaussian = createGaussian(createRandom(seed));
  const sigma = noise / Math.sqrt(dims);
  const out = new Float32Array(parents.length * dims);
  for (let i = 0; i < parents.length; i += 1) {
    const parent = source.vectors[parents[i]!]!;
    const offset = i * dims;
    let norm = 0;
    for (let d = 0; d < dims; d += 1) {
      const value = parent[d]! + sigma * gaussian();
      out[offset + d] = value;
      norm += value * value;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < dims; d += 1) out[offset + d]! *= scale;
  }
  return out;
}

export function syntheticCorpus(source: SyntheticSource, options: SyntheticOptions): SyntheticCorpus {
  if (source.records.length === 0) throw new Error('the synthetic corpus needs at least one real record');
  const dims = source.vectors[0]!.length;
  const { records, parents } = synthesizeRecords(source, options.count, options.seed);
  const name = `synthetic-${options.count}-seed${options.seed}-noise${options.noise}-${sourceDigest(source)}.f32`;
  const cacheFile = path.join(options.cacheDir, name);
  const bytes = options.count * dims * 4;
  if (fs.existsSync(cacheFile) && fs.statSync(cacheFile).size === bytes) {
    const buffer = fs.readFileSync(cacheFile);
    // A large file gets its own aligned ArrayBuffer; copy only if it did not (small files share a pool).
    const aligned = buffer.byteOffset % 4 === 0 ? buffer : Buffer.from(new Uint8Array(buffer));
    const vectors = new Float32Array(aligned.buffer, aligned.byteOffset, options.count * dims);
    return { records, vectors, dims, cacheFile, fromCache: true };
  }
  const vectors = perturbVectors(source, parents, options.noise, options.seed + 1);
  fs.mkdirSync(options.cacheDir, { recursive: true });
  const temp = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(temp, Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength));
  fs.renameSync(temp, cacheFile);
  return { records, vectors, dims, cacheFile, fromCache: false };
}
