/**
 * The title vectors of one side's records that have more than a title, for the
 * second stage's `titleDense` feature (a long abstract's record vector dilutes
 * what the record is; docs/quality.md). Built when the service starts
 * (engine.prepare), else on the stage's first use on a side (2,000 titles: 5.5 s
 * through the model, read back from the embedding cache after a restart), then
 * brought up to date after each change of the index: the next match walks the
 * index's ids and embeds again only the records whose content hash moved. Held
 * in memory (2 KiB a record with an abstract). Embedding titles at write time
 * and saving them with the index would spare that walk; not done yet.
 */
import type { RecordKind } from '../domain/index.js';
import type { SideIndex } from '../index/index.js';
import { recordFields } from '../text/index.js';
import type { EngineState } from './state.js';

interface TitleVectors {
  /** The index's change count they were built at. */
  changes: number;
  /** Title vector by label; a title-only record has none (its record vector is its title's). */
  vectors: Promise<ReadonlyMap<number, Float32Array>>;
  /** Content hash each label was read at (with or without a title vector). */
  hashes: Promise<ReadonlyMap<number, string | undefined>>;
}

const built = new WeakMap<SideIndex, TitleVectors>();

export function titleVectorsOf(
  state: EngineState,
  kind: RecordKind,
  index: SideIndex,
): Promise<ReadonlyMap<number, Float32Array>> {
  const known = built.get(index);
  if (known && known.changes === index.changes) return known.vectors;
  const update = updated(state, kind, index, known);
  const entry: TitleVectors = {
    changes: index.changes,
    vectors: update.then((u) => u.vectors),
    hashes: update.then((u) => u.hashes),
  };
  built.set(index, entry);
  // A failed build is not kept: the next match tries again.
  update.catch(() => {
    if (built.get(index) === entry) built.delete(index);
  });
  return entry.vectors;
}

async function updated(state: EngineState, kind: RecordKind, index: SideIndex, previous: TitleVectors | undefined) {
  const [before, beforeHashes] = previous
    ? await Promise.all([previous.vectors, previous.hashes]).catch(() => [new Map(), new Map()] as const)
    : [new Map<number, Float32Array>(), new Map<number, string | undefined>()];
  const vectors = new Map<number, Float32Array>();
  const hashes = new Map<number, string | undefined>();
  const labels: number[] = [];
  const titles: string[] = [];
  for (const id of index.indexedIds()) {
    const label = index.label(id);
    if (label === undefined) continue;
    const hash = index.contentHash(id);
    if (hash !== undefined && beforeHashes.has(label) && beforeHashes.get(label) === hash) {
      const vector = before.get(label);
      if (vector) vectors.set(label, vector);
      hashes.set(label, hash);
      continue;
    }
    const stored = state.store.get(kind, id);
    if (!stored) continue;
    hashes.set(label, hash);
    const fields = recordFields(kind, stored.record);
    if (fields.body.trim() === '' || fields.title.trim() === '') continue;
    labels.push(label);
    titles.push(fields.title);
  }
  const embedded = titles.length > 0 ? await state.embedder.embed(titles, 'passage') : [];
  labels.forEach((label, i) => vectors.set(label, embedded[i]!));
  return { vectors, hashes };
}

/**
 * Builds both sides' title vectors when the second stage is on, so that the service's first match
 * does not wait for them (2,000 titles: 5.5 s through the model with a cold embedding cache).
 */
export async function prepareTitleVectors(state: EngineState): Promise<void> {
  const stage = state.config.ranking.secondStage;
  if (!stage?.model) return;
  const indexes = state.indexes;
  await titleVectorsOf(state, 'achievement', indexes.achievement);
  await titleVectorsOf(state, 'demand', indexes.demand);
}
