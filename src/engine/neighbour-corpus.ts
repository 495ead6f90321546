/**
 * The records of one side that have an abstract, as the second stage's
 * neighbour corpus (src/match/rerank/neighbours.ts): their vectors decoded
 * into one matrix and their title, keyword and abstract tokens. Built on first
 * use on a side (2,000 records: a fraction of a second) and again after the
 * index changed (measurement code: a service would keep a neighbour list with
 * the index instead, docs/quality.md).
 */
import type { RecordKind } from '../domain/index.js';
import type { SideIndex } from '../index/index.js';
import type { NeighbourCorpus } from '../match/rerank/neighbours.js';
import { recordFields, searchTokens } from '../text/index.js';
import type { EngineState } from './state.js';

const built = new WeakMap<SideIndex, { changes: number; corpus: NeighbourCorpus }>();

export function neighbourCorpusOf(state: EngineState, kind: RecordKind, index: SideIndex): NeighbourCorpus {
  const known = built.get(index);
  if (known && known.changes === index.changes) return known.corpus;
  const labels: number[] = [];
  const rows: Float32Array[] = [];
  const titleKeywordTokens: ReadonlySet<string>[] = [];
  const abstractTokens: ReadonlySet<string>[] = [];
  for (const id of index.indexedIds()) {
    const label = index.label(id);
    const stored = state.store.get(kind, id);
    if (label === undefined || !stored) continue;
    const fields = recordFields(kind, stored.record);
    if (fields.body.trim() === '') continue;
    const vector = index.vectors.vector(label);
    if (!vector) continue;
    labels.push(label);
    rows.push(vector);
    titleKeywordTokens.push(new Set([...searchTokens(fields.title), ...searchTokens(fields.keywords)]));
    abstractTokens.push(new Set(searchTokens(fields.body)));
  }
  const dims = index.vectors.dims;
  const vectors = new Float32Array(rows.length * dims);
  rows.forEach((row, i) => vectors.set(row, i * dims));
  const corpus = { labels, vectors, dims, titleKeywordTokens, abstractTokens };
  built.set(index, { changes: index.changes, corpus });
  return corpus;
}
