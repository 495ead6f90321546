/**
 * What the second stage reads about a whole side besides each record's profile:
 * the idf of character bigrams over its records, and the title vectors of its
 * records that have more than a title. Both are built on first use from the
 * records in the index and rebuilt when the index's record count changes
 * (like passages.ts): not kept in step with edits, which changes them little.
 * Title vectors go through the embedding cache, so a restart reads them back.
 */
import type { RecordKind } from '../domain/index.js';
import type { SideIndex } from '../index/index.js';
import { BigramIdf, fullText, recordFields } from '../text/index.js';
import type { EngineState } from './state.js';

const idfs = new WeakMap<SideIndex, { size: number; idf: BigramIdf }>();
const titles = new WeakMap<SideIndex, { size: number; vectors: Promise<Map<number, Float32Array>> }>();

export function bigramIdfOf(state: EngineState, kind: RecordKind, index: SideIndex): BigramIdf {
  const known = idfs.get(index);
  if (known && known.size === index.size) return known.idf;
  const idf = BigramIdf.of(
    index.indexedIds().flatMap((id) => {
      const stored = state.store.get(kind, id);
      return stored ? [fullText(recordFields(kind, stored.record))] : [];
    }),
  );
  idfs.set(index, { size: index.size, idf });
  return idf;
}

/** Title vectors by index label, for the records with a body (a title-only record's vector is its title's). */
export function titleVectorsOf(
  state: EngineState,
  kind: RecordKind,
  index: SideIndex,
): Promise<Map<number, Float32Array>> {
  const known = titles.get(index);
  if (known && known.size === index.size) return known.vectors;
  const vectors = buildTitleVectors(state, kind, index);
  titles.set(index, { size: index.size, vectors });
  return vectors;
}

async function buildTitleVectors(
  state: EngineState,
  kind: RecordKind,
  index: SideIndex,
): Promise<Map<number, Float32Array>> {
  const labels: number[] = [];
  const texts: string[] = [];
  for (const id of index.indexedIds()) {
    const stored = state.store.get(kind, id);
    const label = index.label(id);
    if (!stored || label === undefined) continue;
    const fields = recordFields(kind, stored.record);
    if (fields.body.trim() === '' || fields.title.trim() === '') continue;
    labels.push(label);
    texts.push(fields.title);
  }
  const vectors = texts.length > 0 ? await state.embedder.embed(texts, 'passage') : [];
  return new Map(labels.map((label, i) => [label, vectors[i]!]));
}
