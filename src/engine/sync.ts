/** Brings an index set in line with the store: embeds what changed, drops what is gone. */
import type { IndexSet } from '../index/index.js';
import { recordFields } from '../text/index.js';
import { contentHash, indexInput } from './derive.js';
import { type EngineState, KINDS } from './state.js';
import type { Progress, SyncReport } from './types.js';

export function emptySync(): SyncReport {
  return { embedded: 0, reused: 0, added: 0, updated: 0, removed: 0 };
}

export function addReports(a: SyncReport, b: SyncReport): SyncReport {
  return {
    embedded: a.embedded + b.embedded,
    reused: a.reused + b.reused,
    added: a.added + b.added,
    updated: a.updated + b.updated,
    removed: a.removed + b.removed,
  };
}

export async function syncIndexes(state: EngineState, indexes: IndexSet, onProgress?: Progress): Promise<SyncReport> {
  const { store, embedder } = state;
  const report = emptySync();
  for (const kind of KINDS) {
    const side = indexes[kind];
    const records = store.all(kind);
    const live = new Set(records.map((s) => s.record.id));
    for (const id of side.indexedIds()) {
      if (!live.has(id)) {
        side.remove(id);
        report.removed += 1;
      }
    }
    // Hash first (cheap); tokenise and embed only what changed.
    const stale = records
      .filter((stored) => side.contentHash(stored.record.id) !== contentHash(recordFields(kind, stored.record)))
      .map((stored) => ({ stored, input: indexInput(kind, stored.record) }));
    if (stale.length === 0) continue;
    const before = { ...embedder.stats };
    const vectors = await embedder.embed(
      stale.map((s) => s.input.embedText),
      'passage',
      { onProgress: (done, total) => onProgress?.(`embedding ${kind}s`, done, total) },
    );
    report.embedded += embedder.stats.embedded - before.embedded;
    report.reused += embedder.stats.reused - before.reused;
    stale.forEach(({ stored, input }, i) => {
      if (side.label(stored.record.id) === undefined) report.added += 1;
      else report.updated += 1;
      side.put({ id: stored.record.id, contentHash: input.contentHash, vector: vectors[i]!, fields: input.fields });
    });
  }
  if (report.added + report.updated + report.removed > 0) state.dirty = true;
  return report;
}
