/**
 * Which records of one side a match may return: the filters, the caller's
 * visibility rule and an optional set the caller restricts it to. The
 * attribute index narrows a filtered match to the records that can pass, so
 * it does not test every record of the store; it is refreshed from the store
 * only when the store's records changed since it was last read.
 */
import type { AnyRecord, RecordKind, Stored } from '../domain/index.js';
import type { AttributeIndex } from '../match/attribute-index.js';
import { hasFilters, type MatchFilters, passesFilters } from '../match/filters.js';
import type { EngineState } from './state.js';
import type { MatchOptions } from './types.js';

/** The attribute index of one side, brought in line with the store if a record changed since. */
export function attributesOf(state: EngineState, kind: RecordKind): AttributeIndex {
  const held = state.attributes[kind];
  const revision = state.store.revision(kind);
  if (held.revision === revision) return held.index;
  // Records are replaced, never mutated in place: an unchanged object needs no work.
  const live = new Set<string>();
  for (const stored of state.store.all(kind)) {
    live.add(stored.record.id);
    held.index.put(stored);
  }
  if (held.index.size > live.size)
    for (const id of [...held.index.indexedIds()]) if (!live.has(id)) held.index.remove(id);
  held.revision = revision;
  return held.index;
}

/**
 * The ids a match of `kind` records may return, or undefined when every record
 * may (nothing filters). Exact: every id passes the filters, the visibility
 * rule and `within`.
 */
export function acceptedIds(
  state: EngineState,
  kind: RecordKind,
  filters: MatchFilters,
  options: Pick<MatchOptions, 'visible' | 'within'>,
): Set<string> | undefined {
  const filtered = hasFilters(filters);
  if (!filtered && !options.visible && !options.within) return undefined;
  const narrowed = filtered ? attributesOf(state, kind).narrow(filters) : undefined;
  let ids: Iterable<string>;
  if (narrowed && options.within) ids = smallerFirst(narrowed, options.within);
  else ids = narrowed ?? options.within ?? state.store.all(kind).map((s) => s.record.id);
  const accepted = new Set<string>();
  for (const id of ids) {
    const stored = state.store.get(kind, id) as Stored<AnyRecord> | undefined;
    if (!stored) continue;
    if (filtered && !passesFilters(stored, filters)) continue;
    if (options.visible && !options.visible(stored)) continue;
    accepted.add(id);
  }
  return accepted;
}

function smallerFirst(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  return [...small].filter((id) => large.has(id));
}
