/**
 * Match lists of stored records, kept until anything they depend on changes.
 *
 * A stored demand's list is a function of its text, the options, the records of
 * both sides and the index set: brokers page through it, reopen it after each
 * introduction, and digests and recommendations ask for it again. The key
 * (matchCacheKey in match.ts) names every input by value or by revision, so a
 * hit is the list that would be computed now: a write here or on another
 * replica bumps the store's revision (and the side index's), a rebuild swaps
 * the index set (and the second stage's model), an introduction's outcome
 * bumps the outcomes' revision, and the entry is gone from view at once. Free
 * text is not kept (its query is new each time), nor a match with ranking
 * overrides (ablations) or a `visible` rule the caller has not described by a
 * key (a function cannot be compared).
 */
import type { AnyRecord } from '../domain/index.js';
import type { MatchResponse } from './types.js';

export class MatchCache {
  private readonly kept = new Map<string, MatchResponse<AnyRecord>>();
  private readonly objectIds = new WeakMap<object, number>();
  private nextObjectId = 0;
  private keptLists: number;
  hits = 0;
  misses = 0;

  /** `lists`: how many lists are kept, least recently used out first; 0 keeps none. */
  constructor(lists: number) {
    this.keptLists = lists;
  }

  /** How many lists are kept; lowering it drops the oldest (0: the cache is off). */
  get capacity(): number {
    return this.keptLists;
  }

  set capacity(lists: number) {
    this.keptLists = lists;
    while (this.kept.size > lists) this.kept.delete(this.kept.keys().next().value!);
  }

  get(key: string): MatchResponse<AnyRecord> | undefined {
    const held = this.kept.get(key);
    if (!held) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // Map order is the eviction order: a hit moves to the back.
    this.kept.delete(key);
    this.kept.set(key, held);
    return held;
  }

  set(key: string, response: MatchResponse<AnyRecord>): void {
    if (this.keptLists === 0) return;
    this.kept.set(key, response);
    if (this.kept.size > this.keptLists) this.kept.delete(this.kept.keys().next().value!);
  }

  get size(): number {
    return this.kept.size;
  }

  /** A number naming one object (an index set, a model) for as long as it lives: a rebuild's swap changes it. */
  objectId(object: object): number {
    let id = this.objectIds.get(object);
    if (id === undefined) {
      id = this.nextObjectId++;
      this.objectIds.set(object, id);
    }
    return id;
  }
}
