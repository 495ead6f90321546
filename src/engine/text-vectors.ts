/**
 * Vectors of parts of one side's records, beside the index's one vector a
 * record: a record's title alone for the second stage's `titleDense` feature
 * (a long abstract's record vector dilutes what the record is), an abstract's
 * sentences for the first-stage variant `recordSentenceList` (docs/quality.md).
 *
 * Built on first use on a side (2,000 titles: 5.5 s through the model, read
 * back from the embedding cache after a restart; the service builds the
 * titles at start, engine.prepare), then brought up to date after each change
 * of the index: the next use walks the index's ids and embeds again only the
 * records whose content hash moved. Held in memory (2 KiB a vector).
 * Embedding them at write time and saving them with the index would spare
 * that walk; not done yet.
 */
import type { RecordKind } from '../domain/index.js';
import type { SideIndex } from '../index/index.js';
import { PassageVectors } from '../match/passages.js';
import { recordFields, recordSentences } from '../text/index.js';
import type { EngineState } from './state.js';

/** Which texts of a record are embedded; none for a record that has no such part. */
type RecordTexts = (fields: { title: string; body: string }) => string[];

/** A record's title when it has more than a title (a title-only record's vector is its title's). */
const TITLES: RecordTexts = ({ title, body }) => (body.trim() === '' || title.trim() === '' ? [] : [title]);
/** The sentences of a record's body. */
const SENTENCES: RecordTexts = ({ body }) => recordSentences(body);

interface Built {
  /** Vectors by label, for the records that have such texts. */
  vectors: ReadonlyMap<number, readonly Float32Array[]>;
  /** Content hash each label was read at (with or without vectors). */
  hashes: ReadonlyMap<number, string | undefined>;
}

/** Per index and kind of text: what was built, at which of the index's change counts. */
const built = new WeakMap<SideIndex, Map<RecordTexts, { changes: number; result: Promise<Built> }>>();

function vectorsOf(
  state: EngineState,
  kind: RecordKind,
  index: SideIndex,
  texts: RecordTexts,
): Promise<ReadonlyMap<number, readonly Float32Array[]>> {
  const byTexts = built.get(index) ?? new Map<RecordTexts, { changes: number; result: Promise<Built> }>();
  built.set(index, byTexts);
  const known = byTexts.get(texts);
  if (known && known.changes === index.changes) return known.result.then((b) => b.vectors);
  const entry = { changes: index.changes, result: updated(state, kind, index, texts, known?.result) };
  byTexts.set(texts, entry);
  // A failed build is not kept: the next use tries again.
  entry.result.catch(() => {
    if (byTexts.get(texts) === entry) byTexts.delete(texts);
  });
  return entry.result.then((b) => b.vectors);
}

async function updated(
  state: EngineState,
  kind: RecordKind,
  index: SideIndex,
  textsOf: RecordTexts,
  previous: Promise<Built> | undefined,
): Promise<Built> {
  const before: Built = (await previous?.catch(() => undefined)) ?? { vectors: new Map(), hashes: new Map() };
  const vectors = new Map<number, readonly Float32Array[]>();
  const hashes = new Map<number, string | undefined>();
  const pending: { label: number; count: number }[] = [];
  const texts: string[] = [];
  for (const id of index.indexedIds()) {
    const label = index.label(id);
    if (label === undefined) continue;
    const hash = index.contentHash(id);
    if (hash !== undefined && before.hashes.has(label) && before.hashes.get(label) === hash) {
      const kept = before.vectors.get(label);
      if (kept) vectors.set(label, kept);
      hashes.set(label, hash);
      continue;
    }
    const stored = state.store.get(kind, id);
    if (!stored) continue;
    hashes.set(label, hash);
    const own = textsOf(recordFields(kind, stored.record));
    if (own.length === 0) continue;
    pending.push({ label, count: own.length });
    texts.push(...own);
  }
  const embedded = texts.length > 0 ? await state.embedder.embed(texts, 'passage') : [];
  let at = 0;
  for (const { label, count } of pending) {
    vectors.set(label, embedded.slice(at, at + count));
    at += count;
  }
  return { vectors, hashes };
}

/** Title vectors by label, for the records that have more than a title. */
export function titleVectorsOf(
  state: EngineState,
  kind: RecordKind,
  index: SideIndex,
): Promise<ReadonlyMap<number, readonly Float32Array[]>> {
  return vectorsOf(state, kind, index, TITLES);
}

const passages = new WeakMap<ReadonlyMap<number, readonly Float32Array[]>, PassageVectors>();

/** The sentence vectors of one side's records, searchable (experimental, off by default). */
export async function passagesOf(state: EngineState, kind: RecordKind, index: SideIndex): Promise<PassageVectors> {
  const vectors = await vectorsOf(state, kind, index, SENTENCES);
  let search = passages.get(vectors);
  if (!search) {
    search = PassageVectors.from([...vectors].map(([label, sentences]) => ({ label, sentences })));
    passages.set(vectors, search);
  }
  return search;
}

/**
 * Builds both sides' title vectors when the second stage is on, so that the service's first match
 * does not wait for them.
 */
export async function prepareTitleVectors(state: EngineState): Promise<void> {
  if (!state.config.ranking.secondStage?.model) return;
  const indexes = state.indexes;
  await titleVectorsOf(state, 'achievement', indexes.achievement);
  await titleVectorsOf(state, 'demand', indexes.demand);
}
