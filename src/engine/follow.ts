/**
 * Following writes made by another replica: the shared store (PostgreSQL)
 * has already put them in memory; this brings the index in line, so every
 * replica matches what every other one wrote.
 */
import type { ExternalRecordChange } from '../store/index.js';
import { indexInput } from './derive.js';
import type { EngineState } from './state.js';

/**
 * Drops deletions from the index at once, so no match names a record that is
 * gone, and embeds the rest in the background, one batch after another.
 */
export function followExternal(state: EngineState, changes: ExternalRecordChange[]): void {
  for (const { kind, id } of changes) if (!state.store.has(kind, id)) state.indexes[kind].remove(id);
  state.following = state.following
    .then(async () => {
      for (const kind of ['achievement', 'demand'] as const) {
        const side = state.indexes[kind];
        const stale = changes.flatMap((c) => {
          const stored = c.kind === kind ? state.store.get(kind, c.id) : undefined;
          const input = stored && indexInput(kind, stored.record);
          return input && side.contentHash(c.id) !== input.contentHash ? [{ id: c.id, input }] : [];
        });
        if (stale.length === 0) continue;
        const vectors = await state.embedder.embed(
          stale.map((s) => s.input.embedText),
          'passage',
        );
        stale.forEach(({ id, input }, i) => {
          if (state.store.has(kind, id))
            side.put({ id, contentHash: input.contentHash, vector: vectors[i]!, fields: input.fields });
        });
        state.dirty = true;
      }
    })
    // A failed embedding leaves the record to the next sync (reload or rebuild repairs the index).
    .catch(() => undefined);
}
