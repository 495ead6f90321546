/**
 * Candidate profiles kept while a record's content hash holds (one per record and side),
 * least recently used out first: a long-running service with the second stage on meets
 * every record sooner or later, and 200k profiles' token sets would be hundreds of MiB.
 */
import type { CandidateProfile } from './features.js';

/** Profiles kept per engine: 400 requests' worth of distinct candidates at depth 50. */
export const DEFAULT_PROFILE_CACHE_SIZE = 20_000;

export class ProfileCache {
  private readonly entries = new Map<string, { hash: string | undefined; profile: CandidateProfile }>();

  constructor(private readonly capacity = DEFAULT_PROFILE_CACHE_SIZE) {}

  get size(): number {
    return this.entries.size;
  }

  get(kind: string, id: string, hash: string | undefined, build: () => CandidateProfile): CandidateProfile {
    const key = `${kind}\u0000${id}`;
    const cached = this.entries.get(key);
    // Map order is the eviction order: a hit (or a rebuilt profile) moves to the back.
    this.entries.delete(key);
    const entry = cached && cached.hash === hash ? cached : { hash, profile: build() };
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry.profile;
  }
}
