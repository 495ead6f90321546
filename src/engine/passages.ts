/**
 * The sentence vectors of one side's records, for the first-stage variant
 * `recordSentenceList` (docs/quality.md). Experimental and off by default:
 * built on first use from the records in the index (each sentence through the
 * embedding cache) and rebuilt when the index's record count changes, not
 * kept in step with edits or saved with the index. Turning it on for good
 * would mean building it at index time beside the HNSW graph.
 */
import type { RecordKind } from '../domain/index.js';
import type { SideIndex } from '../index/index.js';
import { PassageVectors } from '../match/passages.js';
import { recordFields, recordSentences } from '../text/index.js';
import type { EngineState } from './state.js';

const built = new WeakMap<SideIndex, { size: number; passages: Promise<PassageVectors> }>();

export function passagesOf(state: EngineState, kind: RecordKind, index: SideIndex): Promise<PassageVectors> {
  const known = built.get(index);
  if (known && known.size === index.size) return known.passages;
  const passages = buildPassages(state, kind, index);
  built.set(index, { size: index.size, passages });
  return passages;
}

async function buildPassages(state: EngineState, kind: RecordKind, index: SideIndex): Promise<PassageVectors> {
  const records: { label: number; sentences: Float32Array[] }[] = [];
  for (const id of index.indexedIds()) {
    const stored = state.store.get(kind, id);
    const label = index.label(id);
    if (!stored || label === undefined) continue;
    const sentences = recordSentences(recordFields(kind, stored.record).body);
    if (sentences.length > 0) records.push({ label, sentences: await state.embedder.embed(sentences, 'passage') });
  }
  return PassageVectors.from(records);
}
