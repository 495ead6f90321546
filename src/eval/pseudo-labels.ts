/**
 * The demo achievements as industry training material: their vectors, as the
 * engine indexes them (through the embedding cache), with the lexicon's
 * industry and confidence. Pseudo-labels: the lexicon was written with the
 * first 40 dev demands in view (docs/quality.md says what that means for the
 * figures).
 */
import fs from 'node:fs';
import { DEMO_ACHIEVEMENTS_FILE } from '../config/paths.js';
import { type Achievement, type Industry, schemaFor } from '../domain/index.js';
import type { TextEmbedder } from '../embed/index.js';
import { deriveMeta, indexInput } from '../engine/derive.js';
import { parseJsonl } from '../ingest/index.js';

export interface PseudoLabelled {
  vector: Float32Array;
  industry: Industry;
  confidence: number;
}

export async function lexiconTaggedAchievements(
  embedder: TextEmbedder,
  file = DEMO_ACHIEVEMENTS_FILE,
): Promise<PseudoLabelled[]> {
  const achievements = parseJsonl(fs.readFileSync(file, 'utf8'), schemaFor.achievement).records.map(
    (r) => r.record as Achievement,
  );
  const vectors = await embedder.embed(
    achievements.map((a) => indexInput('achievement', a).embedText),
    'passage',
  );
  return achievements.map((a, i) => {
    const meta = deriveMeta('achievement', a);
    return { vector: vectors[i]!, industry: meta.industry, confidence: meta.industryConfidence };
  });
}
