/** Candidate profiles kept while a record's content hash holds (one per record and side). */
import type { CandidateProfile } from './features.js';

export class ProfileCache {
  private readonly entries = new Map<string, { hash: string | undefined; profile: CandidateProfile }>();

  get(kind: string, id: string, hash: string | undefined, build: () => CandidateProfile): CandidateProfile {
    const key = `${kind}\u0000${id}`;
    const cached = this.entries.get(key);
    if (cached && cached.hash === hash) return cached.profile;
    const profile = build();
    this.entries.set(key, { hash, profile });
    return profile;
  }
}
