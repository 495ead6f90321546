/**
 * The title vectors of one side's records that have more than a title, for the
 * second stage's `titleDense` feature (a long abstract's record vector dilutes
 * what the record is; docs/quality.md). Built on first use from the records in
 * the index and rebuilt when the index's record count changes, like
 * passages.ts: not kept in step with an edited title until then. Each title goes
 * through the embedding cache, so a restart reads them back instead of embedding.
 */
import type { RecordKind } from '../domain/index.js';
import type { SideIndex } from '../index/index.js';
import { recordFields } from '../text/index.js';
import type { EngineState } from './state.js';

const built = new WeakMap<SideIndex, { size: number; vectors: Promise<Map<number, Float32Array>> }>();

/** Title vectors by index label; a title-only record has none (its record vector is its title's). */
export function titleVectorsOf(
  state: EngineState,
  kind: RecordKind,
  index: SideIndex,
): Promise<Map<number, Float32Array>> {
  const known = built.get(index);
  if (known && known.size === index.size) return known.vectors;
  const vectors = buildTitleVectors(state, kind, index);
  built.set(index, { size: index.size, vectors });
  return vectors;
}

async function buildTitleVectors(
  state: EngineState,
  kind: RecordKind,
  index: SideIndex,
): Promise<Map<number, Float32Array>> {
  const labels: number[] = [];
  const titles: string[] = [];
  for (const id of index.indexedIds()) {
    const stored = state.store.get(kind, id);
    const label = index.label(id);
    if (!stored || label === undefined) continue;
    const fields = recordFields(kind, stored.record);
    if (fields.body.trim() === '' || fields.title.trim() === '') continue;
    labels.push(label);
    titles.push(fields.title);
  }
  const vectors = titles.length > 0 ? await state.embedder.embed(titles, 'passage') : [];
  return new Map(labels.map((label, i) => [label, vectors[i]!]));
}
