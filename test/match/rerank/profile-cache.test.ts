import { describe, expect, it } from 'vitest';
import { ProfileCache, type CandidateProfile } from '../../../src/match/rerank/index.js';

const profile = (length: number): CandidateProfile => ({
  titleTokens: new Set(),
  keywordTokens: new Set(),
  bodyTokens: new Set(),
  domainTerms: [],
  length,
  industry: '汽车制造',
});

describe('the second stage profile cache', () => {
  it('builds a profile once per content hash, and again when the record changed', () => {
    const cache = new ProfileCache(10);
    let builds = 0;
    const build = (length: number) => () => {
      builds += 1;
      return profile(length);
    };
    expect(cache.get('achievement', 'A1', 'h1', build(1)).length).toBe(1);
    expect(cache.get('achievement', 'A1', 'h1', build(2)).length).toBe(1);
    expect(cache.get('achievement', 'A1', 'h2', build(3)).length).toBe(3);
    expect(builds).toBe(2);
  });

  it('holds at most its capacity, dropping the least recently used', () => {
    const cache = new ProfileCache(2);
    let builds = 0;
    const build = () => {
      builds += 1;
      return profile(0);
    };
    cache.get('achievement', 'A1', 'h', build);
    cache.get('achievement', 'A2', 'h', build);
    cache.get('achievement', 'A1', 'h', build); // A1 used last: A2 goes first
    cache.get('achievement', 'A3', 'h', build);
    expect(cache.size).toBe(2);
    expect(builds).toBe(3);
    cache.get('achievement', 'A1', 'h', build);
    expect(builds).toBe(3);
    cache.get('achievement', 'A2', 'h', build);
    expect(builds).toBe(4);
  });
});
