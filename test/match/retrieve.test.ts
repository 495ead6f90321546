import { describe, expect, it } from 'vitest';
import { SideIndex } from '../../src/index/index.js';
import { DEFAULT_FUSION } from '../../src/match/fuse.js';
import { PassageVectors } from '../../src/match/passages.js';
import {
  DEFAULT_FIRST_STAGE,
  dictionaryExpanded,
  type FirstStageVariants,
  type RetrievalInput,
  retrieveCandidates,
  SHORT_QUERY_CHARS,
} from '../../src/match/retrieve.js';

const unit = (...xs: number[]) => {
  const norm = Math.hypot(...xs);
  return Float32Array.from(xs, (x) => x / norm);
};

/**
 * Record 0 has only a title and is the closer vector; record 1 has an abstract and the better
 * BM25 match. Each is first in one list and second in the other: an RRF tie that goes to record 0
 * (better dense rank). Record 2 is far in both.
 */
function side(): SideIndex {
  const index = SideIndex.empty(4, 16);
  index.put({
    id: 'title-only',
    contentHash: 'h0',
    vector: unit(1, 0.1, 0, 0),
    fields: [{ tokens: ['电池'], weight: 2 }],
  });
  index.put({
    id: 'with-abstract',
    contentHash: 'h1',
    vector: unit(1, 0.4, 0, 0),
    fields: [
      { tokens: ['电池'], weight: 2 },
      { tokens: ['液冷', '电池', '模组', '温差'], weight: 1 },
    ],
  });
  index.put({ id: 'far', contentHash: 'h2', vector: unit(0, 0, 1, 0), fields: [{ tokens: ['玉米'], weight: 2 }] });
  return index;
}

function input(index: SideIndex, variants: FirstStageVariants, queryLength: number): RetrievalInput {
  return {
    index,
    vector: unit(1, 0, 0, 0),
    tokens: ['电池', '液冷'],
    domainTerms: [],
    pool: 10,
    retrievers: 'hybrid',
    fusion: DEFAULT_FUSION,
    variants,
    titleOnly: (label) => index.idOf(label) === 'title-only',
    queryLength,
  };
}

const order = (index: SideIndex, fused: { label: number }[]) => fused.map((h) => index.idOf(h.label));

describe('first-stage variants', () => {
  it('without variants, the RRF tie goes to the better dense rank', () => {
    const index = side();
    expect(order(index, retrieveCandidates(input(index, {}, 10)).fused).slice(0, 2)).toEqual([
      'title-only',
      'with-abstract',
    ]);
  });

  it('by default ranks a title-only record lower for a short query (a demand title) and not for a long one', () => {
    const index = side();
    const short = retrieveCandidates(input(index, DEFAULT_FIRST_STAGE, SHORT_QUERY_CHARS - 1));
    expect(order(index, short.fused).slice(0, 2)).toEqual(['with-abstract', 'title-only']);
    const long = retrieveCandidates(input(index, DEFAULT_FIRST_STAGE, SHORT_QUERY_CHARS));
    expect(order(index, long.fused).slice(0, 2)).toEqual(['title-only', 'with-abstract']);
    const titleOnly = short.fused.find((h) => index.idOf(h.label) === 'title-only')!;
    const plain = retrieveCandidates(input(index, {}, 10)).fused.find((h) => index.idOf(h.label) === 'title-only')!;
    expect(titleOnly.score).toBeCloseTo(plain.score * 0.75, 12);
  });

  it("fuses the query sentences' dense lists in at their weight", () => {
    const index = side();
    const withSentences = {
      ...input(index, { sentenceLists: 0.5 }, 100),
      sentenceVectors: [unit(0, 0, 1, 0)],
    };
    const fused = retrieveCandidates(withSentences).fused;
    const plain = retrieveCandidates({ ...withSentences, variants: {} }).fused;
    const far = (hits: typeof fused) => hits.find((h) => index.idOf(h.label) === 'far')!.score;
    // 'far' is the sentence's nearest record: rank 1 in its list adds 2 × 0.5 / (k + 1).
    expect(far(fused) - far(plain)).toBeCloseTo(1 / (DEFAULT_FUSION.rrfK + 1), 12);
  });

  it("fuses in the records ranked by their best sentence's cosine", () => {
    const index = side();
    const passages = PassageVectors.from([
      { label: index.label('far')!, sentences: [unit(0, 1, 0, 0), unit(1, 0, 0, 0)] },
      { label: index.label('with-abstract')!, sentences: [unit(0, 0, 0, 1)] },
    ]);
    expect(passages.search(unit(1, 0, 0, 0), 2).map((h) => index.idOf(h.label))).toEqual(['far', 'with-abstract']);
    const fused = retrieveCandidates({ ...input(index, { recordSentenceList: 0.5 }, 100), passages }).fused;
    const plain = retrieveCandidates({ ...input(index, {}, 100), passages }).fused;
    const scoreOf = (hits: typeof fused, id: string) => hits.find((h) => index.idOf(h.label) === id)!.score;
    // Rank 1 and 2 in the sentence list, at weight 0.5: 1 / (k + 1) and 1 / (k + 2) more.
    expect(scoreOf(fused, 'far') - scoreOf(plain, 'far')).toBeCloseTo(1 / (DEFAULT_FUSION.rrfK + 1), 12);
    expect(scoreOf(fused, 'with-abstract') - scoreOf(plain, 'with-abstract')).toBeCloseTo(
      1 / (DEFAULT_FUSION.rrfK + 2),
      12,
    );
  });

  it('RM3 searches the lexical side again with the expanded query', () => {
    const index = side();
    const { lexicalQuery, lexical } = retrieveCandidates(
      input(index, { rm3: { feedbackDocs: 1, feedbackTerms: 5, originalWeight: 0.5, source: 'lexical' } }, 100),
    );
    expect(lexicalQuery).toBeInstanceOf(Map);
    expect((lexicalQuery as Map<string, number>).get('模组')).toBeGreaterThan(0);
    expect(lexical.map((h) => index.idOf(h.label))).toEqual(['with-abstract', 'title-only']);
  });

  it("expands a query with its domain terms' broader and narrower dictionary terms, at a lower weight", () => {
    // data/dict/userdict.utf8 has 高级辅助驾驶 beside 辅助驾驶.
    const query = dictionaryExpanded(['辅助', '驾驶'], ['辅助驾驶'], 0.3);
    expect(query.get('辅助')).toBe(1);
    expect(query.get('高级')).toBe(0.3);
    expect(dictionaryExpanded(['辅助', '驾驶'], [], 0.3)).toEqual(
      new Map([
        ['辅助', 1],
        ['驾驶', 1],
      ]),
    );
  });
});
