import { describe, expect, it } from 'vitest';
import type { Industry } from '../../../src/domain/index.js';
import { explainMatch, type ReasonPerspective } from '../../../src/match/explain.js';
import {
  FEATURE_NAMES,
  type FeatureName,
  NEED_FEATURES,
  adjustForOutcomes,
  applySecondStage,
  candidateFeatures,
  featureContributions,
  outcomeExamples,
  parseRerankModel,
  rescoreForOutcomes,
  scoreCandidate,
  trainReranker,
  trainingDataHash,
  type CandidateProfile,
  type QueryProfile,
  type TrainingExample,
  type TreeNode,
} from '../../../src/match/rerank/index.js';

const at = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);

/** Candidates whose relevance follows one feature (title coverage); the first stage's order is reversed. */
function examples(groups: number): TrainingExample[] {
  return Array.from({ length: groups }, (_, g) =>
    Array.from({ length: 20 }, (_, c) => {
      const features = FEATURE_NAMES.map(() => 0);
      const cover = ((c * 7 + g) % 20) / 20;
      features[at('coverTitle')] = cover;
      features[at('fusedRank')] = 1 - cover;
      return {
        group: `full:Q${g}`,
        demandId: `Q${g}`,
        candidateId: `C${c}`,
        features,
        grade: cover > 0.8 ? 3 : cover > 0.6 ? 1 : 0,
      };
    }),
  ).flat();
}

const params = { trees: 20, learningRate: 0.2, maxLeaves: 4, minLeafExamples: 5, lambda: 1, bins: 16 };

describe('second-stage training (LambdaMART)', () => {
  it('learns to put the graded candidates first, against the first stage', () => {
    const model = trainReranker(examples(12), params);
    const high = FEATURE_NAMES.map(() => 0);
    high[at('coverTitle')] = 0.95;
    const low = FEATURE_NAMES.map(() => 0);
    low[at('coverTitle')] = 0.1;
    low[at('fusedRank')] = 0.9;
    expect(scoreCandidate(model, high)).toBeGreaterThan(scoreCandidate(model, low));
    expect(featureContributions(model, high).coverTitle).toBeGreaterThan(0);
  });

  it('is deterministic and records its training data hash', () => {
    const data = examples(6);
    const a = trainReranker(data, params);
    expect(JSON.stringify(trainReranker(data, params))).toBe(JSON.stringify(a));
    expect(a.trainingDataHash).toBe(trainingDataHash(data));
    expect(parseRerankModel(JSON.parse(JSON.stringify(a))).trees.length).toBe(a.trees.length);
  });

  it('scores by walking each tree to its leaf, and the contributions add up to the score less the base', () => {
    // Two hand-written trees: coverTitle ≤ 0.5 → 1 else 3 (mean 2); dense ≤ 0.2 → −1 else 1 (mean 0).
    const split = (feature: number, low: number, high: number) => [
      { feature, threshold: feature === at('coverTitle') ? 0.5 : 0.2, left: 1, right: 2, value: (low + high) / 2 },
      { feature: -1, threshold: 0, left: -1, right: -1, value: low },
      { feature: -1, threshold: 0, left: -1, right: -1, value: high },
    ];
    const model = {
      ...trainReranker(examples(2), { ...params, trees: 1 }),
      learningRate: 0.5,
      trees: [split(at('coverTitle'), 1, 3), split(at('dense'), -1, 1)],
      plainTrees: undefined,
    };
    const x = FEATURE_NAMES.map(() => 0);
    x[at('coverTitle')] = 0.9;
    x[at('dense')] = 0.1;
    expect(scoreCandidate(model, x)).toBeCloseTo(0.5 * 3 + 0.5 * -1, 12);
    const contributions = featureContributions(model, x);
    expect(contributions.coverTitle).toBeCloseTo(0.5 * (3 - 2), 12);
    expect(contributions.dense).toBeCloseTo(0.5 * (-1 - 0), 12);
    const base = 0.5 * 2 + 0.5 * 0;
    const sum = Object.values(contributions).reduce((s, c) => s + c, 0);
    expect(sum).toBeCloseTo(scoreCandidate(model, x) - base, 12);
  });

  it('ranks a query that states needs with its trees, any other with its plain trees', () => {
    const leaf = (value: number) => [{ feature: -1, threshold: 0, left: -1, right: -1, value }];
    const model = { ...trainReranker(examples(2), params), learningRate: 1, trees: [leaf(5)], plainTrees: [leaf(-5)] };
    const x = FEATURE_NAMES.map(() => 0);
    expect(scoreCandidate(model, x)).toBe(-5);
    x[at('needsStated')] = 1;
    expect(scoreCandidate(model, x)).toBe(5);
  });

  it('trains the plain trees without the need features', () => {
    // needCover alone tells the grades apart here, so the full trees split on it and the plain ones cannot.
    const data = examples(8).map((e) => {
      const features = [...e.features];
      features[at('needCover')] = e.grade;
      return { ...e, features };
    });
    const model = trainReranker(data, params);
    const splitsOn = (trees: TreeNode[][]) => new Set(trees.flat().map((n) => n.feature));
    expect(splitsOn(model.trees).has(at('needCover'))).toBe(true);
    for (const name of NEED_FEATURES) expect(splitsOn(model.plainTrees!).has(at(name))).toBe(false);
  });

  it('refuses a model trained on other features', () => {
    const model = trainReranker(examples(4), params);
    expect(() => parseRerankModel({ ...model, features: ['dense'] })).toThrow(/retrain/);
  });
});

const profile = (title: string[], industry: Industry = '汽车制造'): CandidateProfile => ({
  titleTokens: new Set(title),
  keywordTokens: new Set(),
  bodyTokens: new Set(['x']),
  domainTerms: [],
  length: 100,
  industry,
});
const query: QueryProfile = {
  terms: [
    { term: '电池', idf: 3 },
    { term: '散热', idf: 4 },
  ],
  needTerms: [
    { term: '电池', idf: 3 },
    { term: '散热', idf: 4 },
  ],
  needsStated: false,
  domainTerms: [],
  industry: '汽车制造',
  industryConfidence: 1,
  length: 80,
};
const evidence = (rank: number) => ({
  dense: 0.6,
  lexical: 5,
  denseRank: rank,
  lexicalRank: rank,
  fusedRank: rank,
  prfDense: 0.7,
  sentenceMax: 0.6,
  titleDense: 0.6,
  needDense: 0.6,
});

describe('the need features', () => {
  const stated: QueryProfile = {
    ...query,
    needTerms: [
      { term: '散热', idf: 4 },
      { term: '均温', idf: 2 },
    ],
    needsStated: true,
  };
  const x = (q: QueryProfile) =>
    candidateFeatures(
      q,
      profile(['电池', '散热']),
      { ...evidence(1), needDense: 0.8 },
      {
        maxDense: 0.6,
        maxLexical: 5,
        maxPrfDense: 0.7,
        maxSentence: 0.6,
        maxTitleDense: 0.6,
        maxNeedDense: 0.9,
      },
    );

  it("cover the need sentences' terms by idf, and say whether the query states needs", () => {
    const features = x(stated);
    expect(features[at('needCover')]).toBeCloseTo(4 / 6, 12);
    expect(features[at('needDenseGap')]).toBeCloseTo(0.8 - 0.9, 12);
    expect(features[at('needsStated')]).toBe(1);
    expect(x(query)[at('needsStated')]).toBe(0);
  });
});

describe('applying the second stage', () => {
  const model = trainReranker(examples(12), params);
  const candidates = [
    { item: 'a', id: 'a', evidence: evidence(1) },
    { item: 'b', id: 'b', evidence: evidence(2) },
    { item: 'c', id: 'c', evidence: evidence(3) },
  ];
  const profiles: Record<string, CandidateProfile> = {
    a: profile(['齿轮']),
    b: profile(['电池', '散热']),
    c: profile(['轴承']),
  };

  it('re-orders the head by the model and names the features behind the new order', () => {
    const out = applySecondStage(candidates, query, (id) => profiles[id]!, { model, depth: 2 });
    expect(out.map((r) => r.item)).toEqual(['b', 'a', 'c']);
    expect(out[0]!.drivers).toContain('coverTitle');
    expect(out[2]!.score).toBeNull();
  });

  it('keeps the fused order without a model, and hands out features when asked', () => {
    const out = applySecondStage(candidates, query, (id) => profiles[id]!, {
      model: null,
      depth: 3,
      keepFeatures: true,
    });
    expect(out.map((r) => r.item)).toEqual(['a', 'b', 'c']);
    expect(out[1]!.features![at('coverTitle')]).toBe(1);
  });

  it('puts the second stage reasons in the explanation', () => {
    const reason = explainMatch({
      sharedTerms: ['散热'],
      queryIndustry: '汽车制造',
      resultIndustry: '汽车制造',
      denseSimilarity: 0.7,
      denseRank: 1,
      lexicalRank: 2,
      drivers: ['coverTitle', 'sentenceMax'],
      perspective: { queryKind: 'demand', sentences: true },
    }).reason;
    expect(reason).toContain('排序依据：需求要点出现在成果标题中、与需求中的某一具体问题语义高度相近');
  });

  /** The reason of a result the second stage ranked by these drivers, for a query seen from `perspective`. */
  const reasonFor = (drivers: FeatureName[], perspective: ReasonPerspective) =>
    explainMatch({
      sharedTerms: [],
      queryIndustry: '汽车制造',
      resultIndustry: '汽车制造',
      denseSimilarity: 0.7,
      denseRank: 1,
      lexicalRank: 2,
      drivers,
      perspective,
    }).reason;

  it("words the drivers from the query's side: an achievement's demands the other way round", () => {
    const reason = (perspective: ReasonPerspective) =>
      reasonFor(['coverTitle', 'coverBody', 'titleDense'], perspective);
    expect(reason({ queryKind: 'demand', sentences: false })).toContain(
      '排序依据：需求要点出现在成果标题中、需求要点出现在成果摘要中、成果标题与需求语义相近',
    );
    expect(reason({ queryKind: 'achievement', sentences: false })).toContain(
      '排序依据：成果要点出现在需求标题中、成果要点出现在需求描述中、需求标题与成果语义相近',
    );
  });

  it('does not name a specific problem of the demand when the query had no sentences to compare', () => {
    const reason = (sentences: boolean) => reasonFor(['sentenceMax'], { queryKind: 'demand', sentences });
    expect(reason(true)).toContain('排序依据：与需求中的某一具体问题语义高度相近');
    expect(reason(false)).toContain('排序依据：语义相近');
    expect(reason(false)).not.toContain('某一具体问题');
  });
});

describe('brokers outcomes', () => {
  const v = (x: number, y: number) => Float32Array.from([x, y]);
  const vectors: Record<string, Float32Array> = { acc: v(1, 0), dec: v(0, 1), near: v(0.9, 0.1), far: v(0.1, 0.9) };
  const outcomes = [
    { demandId: 'D', achievementId: 'acc', label: 1 as const, source: 'signed', at: '2026-11-01' },
    { demandId: 'D', achievementId: 'dec', label: -1 as const, source: 'declined', at: '2026-11-02' },
  ];

  it('pulls up look-alikes of accepted results and drops what the broker already decided', () => {
    const ranked = adjustForOutcomes(
      [
        { id: 'acc', score: 3 },
        { id: 'far', score: 2 },
        { id: 'dec', score: 1.5 },
        { id: 'near', score: 1 },
      ],
      outcomes,
      (id) => vectors[id],
      { weight: 3 },
    );
    expect(ranked.map((r) => r.id)).toEqual(['near', 'far']);
  });

  it('keeps the decided pairs when re-scoring a match list: the accepted one first, the declined one last', () => {
    const ranked = rescoreForOutcomes(
      [
        { id: 'dec', score: 3 },
        { id: 'far', score: 2.8 },
        { id: 'acc', score: 1.5 },
        { id: 'near', score: 1 },
      ],
      outcomes,
      (id) => vectors[id],
      { weight: 3 },
    );
    expect(ranked.map((r) => r.id)).toEqual(['acc', 'near', 'far', 'dec']);
    expect(ranked[0]!.score).toBeCloseTo(1.5 + 3 * (1 - 0));
  });

  it('weighs outcome pairs below judgments in training and in the data hash', () => {
    const [weighted] = outcomeExamples(outcomes, () => [0], 0.5);
    expect(weighted!.weight).toBe(0.5);
    expect(outcomeExamples(outcomes, () => [0])[0]!.weight).toBeUndefined();
    expect(trainingDataHash([weighted!])).not.toBe(trainingDataHash([{ ...weighted!, weight: undefined }]));
    expect(trainingDataHash([{ ...weighted!, weight: 1 }])).toBe(
      trainingDataHash([{ ...weighted!, weight: undefined }]),
    );
  });

  it('explains a result the outcomes moved', () => {
    const base = {
      sharedTerms: [],
      queryIndustry: '汽车制造' as const,
      resultIndustry: '汽车制造' as const,
      denseSimilarity: 0.7,
      denseRank: 1,
      lexicalRank: null,
      perspective: { queryKind: 'demand', sentences: true } as const,
    };
    expect(explainMatch({ ...base, outcomeShift: 2.1 }).reason).toContain('排序依据：与已对接成功的成果相近');
    expect(explainMatch({ ...base, outcomeShift: -1 }).reason).toContain('与已判为无关的成果相近');
    expect(explainMatch({ ...base, outcomeShift: 0.1 }).reason).not.toContain('排序依据');
  });

  it('turns outcomes into training pairs of the demand, latest outcome winning', () => {
    const flipped = [...outcomes, { ...outcomes[1]!, label: 1 as const, at: '2026-11-03' }];
    const ex = outcomeExamples(flipped, () => [0]);
    expect(ex.map((e) => [e.candidateId, e.grade])).toEqual([
      ['acc', 2],
      ['dec', 2],
    ]);
    expect(outcomeExamples(outcomes, () => undefined)).toEqual([]);
  });
});
