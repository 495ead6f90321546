/**
 * The title vectors of one side's records that have more than a title, for the
 * second stage's `titleDense` feature (a long abstract's record vector dilutes
 * what the record is; docs/quality.md), and, the same way, the vectors of their
 * keywords joined (`keywordsDense`) and of their abstract's first sentence
 * (`abstractLeadDense`). Built when the service starts
 * (engine.prepare), else on the stage's first use on a side (2,000 titles: 5.5 s
 * through the model, read back from the embedding cache after a restart), then
 * brought up to date after each change of the index: the next match walks the
 * index's ids and embeds again only the records whose content hash moved. Held
 * in memory (2 KiB a record with an abstract). Embedding titles at write time
 * and saving them with the index would spare that walk; not done yet.
 */
import type { RecordKind } from '../domain/index.js';
import type { SideIndex } from '../index/index.js';
import type { RecordPartVectors } from '../match/rank.js';
import { recordFields } from '../text/index.js';
import type { EngineState } from './state.js';

type Part = keyof RecordPartVectors;

/**
 * An abstract's first sentence. CSL abstracts mostly end sentences with a half-width '.' (1,809 of the
 * 2,000 have no '。'), so a '.' not followed by a digit (1.2 mm, P＜0.05) ends one too.
 */
function leadSentence(body: string): string | undefined {
  return body
    .split(/[。！？；!?;\n]+|\.(?!\d)/u)
    .map((s) => s.trim())
    .find((s) => [...s].length >= 8);
}

interface TitleVectors {
  /** The index's change count they were built at. */
  changes: number;
  /** Part vectors by label; a title-only record has none. */
  vectors: Promise<ReadonlyMap<number, RecordPartVectors>>;
  /** Content hash each label was read at (with or without a title vector). */
  hashes: Promise<ReadonlyMap<number, string | undefined>>;
}

const built = new WeakMap<SideIndex, TitleVectors>();

export function titleVectorsOf(
  state: EngineState,
  kind: RecordKind,
  index: SideIndex,
): Promise<ReadonlyMap<number, RecordPartVectors>> {
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
    : [new Map<number, RecordPartVectors>(), new Map<number, string | undefined>()];
  const vectors = new Map<number, RecordPartVectors>();
  const hashes = new Map<number, string | undefined>();
  // One batch through the model for every part of every record to embed.
  const wanted: { label: number; part: Part }[] = [];
  const texts: string[] = [];
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
    const parts: [Part, string | undefined][] = [
      ['title', fields.title],
      ['keywords', fields.keywords.trim() || undefined],
      ['lead', leadSentence(fields.body)],
    ];
    for (const [part, text] of parts) {
      if (text === undefined) continue;
      wanted.push({ label, part });
      texts.push(text);
    }
  }
  const embedded = texts.length > 0 ? await state.embedder.embed(texts, 'passage') : [];
  wanted.forEach(({ label, part }, i) => {
    const entry = vectors.get(label) ?? {};
    entry[part] = embedded[i]!;
    vectors.set(label, entry);
  });
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
