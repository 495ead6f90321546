/**
 * Brokers' outcomes in the engine, with the second stage on: recorded through
 * the introductions workflow (real store, real model), they re-score the
 * demand's own list at once, and the nightly rebuild retrains the second stage
 * with them into the data directory.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_ACHIEVEMENTS_FILE, dataPaths, loadConfig, RERANKER_EXAMPLES_FILE } from '../../src/config/index.js';
import { DEFAULT_DECLINE_REASONS } from '../../src/domain/index.js';
import { MatchEngine, engineConfigFrom, importJsonlText } from '../../src/engine/index.js';
import {
  type Actor,
  type IntroductionSettings,
  createIntroduction,
  pairOutcomeSource,
  transitionIntroduction,
} from '../../src/introductions/index.js';
import { dot } from '../../src/index/index.js';
import {
  DEFAULT_TRAIN,
  FEATURE_NAMES,
  loadJudgedExamples,
  loadRerankModel,
  parseRerankModel,
  trainingDataHash,
} from '../../src/match/rerank/index.js';
import { achievementSlice, demoDemandsText, tempDir } from '../helpers.js';

const SETTINGS: IntroductionSettings = { expiryDays: 30, reasons: DEFAULT_DECLINE_REASONS.map((r) => ({ ...r })) };
const ADMIN: Actor = { keyId: 'key_admin', role: 'admin' };
const NOW = new Date('2026-11-30T08:00:00Z');
/** A small, fast retrain: the shipped judged examples of ten queries, 20 trees. */
const SMALL_RETRAIN = {
  judged: (() => {
    const all = loadJudgedExamples(RERANKER_EXAMPLES_FILE)!;
    const groups = [...new Set(all.map((e) => e.group))].slice(0, 10);
    return all.filter((e) => groups.includes(e.group));
  })(),
  params: { ...DEFAULT_TRAIN, trees: 20 },
};
const SHIPPED = loadRerankModel()!;

let dir: string;
let engine: MatchEngine;
const DEMAND = 'A-01';

async function openEngine(): Promise<MatchEngine> {
  const config = engineConfigFrom({ ...loadConfig({}), DATA_DIR: dir, SECOND_STAGE: true });
  return MatchEngine.open(config, { outcomes: (store) => pairOutcomeSource(store, SETTINGS, () => NOW) });
}

async function ranked(k = 30) {
  return (await engine.matchDemand({ id: DEMAND }, { k })).results;
}

/** Records one introduction of the pair and walks it to `to` (declined: as irrelevant). */
async function recordOutcome(achievementId: string, to: 'accepted' | 'declined'): Promise<void> {
  const created = await createIntroduction(
    engine.store,
    ADMIN,
    { demandId: DEMAND, achievementId, match: null },
    SETTINGS,
    NOW,
  );
  await transitionIntroduction(engine.store, ADMIN, created.id, { to: 'sent' }, SETTINGS, NOW);
  await transitionIntroduction(
    engine.store,
    ADMIN,
    created.id,
    to === 'accepted' ? { to } : { to, reason: { code: 'irrelevant' }, declinedBy: 'enterprise' },
    SETTINGS,
    NOW,
  );
}

beforeAll(async () => {
  dir = tempDir('kjcg-outcomes-');
  engine = await openEngine();
  await importJsonlText(engine, 'achievement', achievementSlice(150));
  await importJsonlText(engine, 'demand', demoDemandsText());
  expect(engine.store.has('demand', DEMAND)).toBe(true);
}, 120_000);

afterAll(async () => {
  await engine?.close();
});

describe('brokers’ outcomes with the second stage on', () => {
  it('ships the judged examples the shipped model was trained on (the retrain starts from them)', () => {
    expect(trainingDataHash(loadJudgedExamples(RERANKER_EXAMPLES_FILE)!)).toBe(SHIPPED.trainingDataHash);
  });

  it('keeps the shipped model when the rebuild has no outcomes', async () => {
    const report = await engine.rebuild({ retrain: SMALL_RETRAIN });
    expect(report.secondStage).toEqual({ retrained: false, reason: 'no outcomes' });
    expect(fs.existsSync(dataPaths(dir).rerankerModelFile)).toBe(false);
    expect(engine.secondStageModel?.trainingDataHash).toBe(SHIPPED.trainingDataHash);
  });

  it('re-scores a demand’s list at once: an accepted pair and its look-alikes rise, a declined one sinks', async () => {
    const before = await ranked();
    const revision = engine.outcomesRevision();
    const accepted = before[7]!;
    const declined = before[1]!;
    await recordOutcome(accepted.id, 'accepted');
    await recordOutcome(declined.id, 'declined');
    expect(engine.outcomesRevision()).not.toBe(revision);

    const after = await ranked();
    const rankOf = (list: typeof after, id: string) => list.findIndex((r) => r.id === id);
    // An accepted pair rises by the full weight (less its likeness to the declined one), a declined one
    // sinks by it; how many places that is depends on the model's score gaps (lambdamart-2: from 8th to
    // 2nd, and from 2nd out of the top 10; lambdamart-3: from 2nd to 10th).
    const acceptedAfter = after.find((r) => r.id === accepted.id)!;
    expect(rankOf(after, accepted.id)).toBeLessThan(rankOf(before, accepted.id));
    expect(rankOf(after, accepted.id)).toBeLessThan(3);
    expect(acceptedAfter.reason).toContain('与已对接成功的成果相近');
    expect(rankOf(after, declined.id)).toBeGreaterThan(rankOf(before, declined.id) + 6);
    // The model's own score stands beside the adjusted one.
    expect(acceptedAfter.score).toBeGreaterThan(acceptedAfter.components.secondStage!);
    // Look-alikes of the accepted result: the results whose score the outcomes raised most rose in rank.
    const lifted = after
      .filter((r) => r.id !== accepted.id && r.id !== declined.id && r.components.secondStage !== null)
      .sort((a, b) => b.score - b.components.secondStage! - (a.score - a.components.secondStage!))
      .slice(0, 3);
    const meanRank = (list: typeof after) =>
      lifted.reduce((sum, r) => sum + (rankOf(list, r.id) === -1 ? list.length : rankOf(list, r.id)), 0) /
      lifted.length;
    expect(meanRank(after)).toBeLessThan(meanRank(before));
  });

  it('retrains the second stage at the rebuild with the outcome pairs, writes it to the data directory, and uses it', async () => {
    const scoresBefore = (await ranked(10)).map((r) => r.components.secondStage);
    const report = await engine.rebuild({ retrain: SMALL_RETRAIN });
    expect(report.secondStage).toMatchObject({ retrained: true, outcomes: 2, outcomePairs: 2 });
    const file = dataPaths(dir).rerankerModelFile;
    const written = parseRerankModel(JSON.parse(fs.readFileSync(file, 'utf8')));
    expect(written.trainingDataHash).not.toBe(SHIPPED.trainingDataHash);
    expect(written.training.judgedDataHash).toBe(SHIPPED.trainingDataHash);
    expect(engine.secondStageModel?.trainingDataHash).toBe(written.trainingDataHash);
    expect((await ranked(10)).map((r) => r.components.secondStage)).not.toEqual(scoresBefore);

    // A restarted service (or one that reloads the index) takes it too.
    await engine.close();
    engine = await openEngine();
    expect(engine.secondStageModel?.trainingDataHash).toBe(written.trainingDataHash);
  }, 60_000);

  it('leaves the file and the model in force as they were when retraining fails', async () => {
    const file = dataPaths(dir).rerankerModelFile;
    const bytes = fs.readFileSync(file);
    const inForce = engine.secondStageModel?.trainingDataHash;
    const broken = { ...SMALL_RETRAIN.judged[0]!, features: null as unknown as number[] };
    const report = await engine.rebuild({ retrain: { ...SMALL_RETRAIN, judged: [broken] } });
    expect(report.secondStage.retrained).toBe(false);
    expect(report.secondStage).toMatchObject({ reason: expect.stringContaining('retraining failed') });
    expect(fs.readFileSync(file)).toEqual(bytes);
    expect(engine.secondStageModel?.trainingDataHash).toBe(inForce);
  });

  it('ignores a retrained model that grew from another shipped model (an upgrade shipped a new one)', async () => {
    const file = dataPaths(dir).rerankerModelFile;
    const retrained = JSON.parse(fs.readFileSync(file, 'utf8'));
    await engine.reloadIndex();
    expect(engine.secondStageModel?.trainingDataHash).toBe(retrained.trainingDataHash);
    fs.writeFileSync(
      file,
      JSON.stringify({ ...retrained, training: { ...retrained.training, judgedDataHash: 'old' } }),
    );
    await engine.reloadIndex();
    expect(engine.secondStageModel?.trainingDataHash).toBe(SHIPPED.trainingDataHash);
  });
});

describe('the title-only cosine (titleDense)', () => {
  it('is the cosine with the title alone for a record with an abstract, and the record cosine for a title-only one', async () => {
    // The slice's records all have an abstract: add title-only ones (the side's title vectors are rebuilt).
    const titleOnlyLines = fs
      .readFileSync(DEMO_ACHIEVEMENTS_FILE, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !JSON.parse(line).abstract)
      .slice(0, 40);
    await importJsonlText(engine, 'achievement', titleOnlyLines.join('\n') + '\n');
    const text = '飞行器姿态控制与机动';
    const { results } = await engine.matchDemand(
      { text },
      { k: 40, ranking: { secondStage: { model: null, depth: 40, keepFeatures: true } } },
    );
    const at = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);
    const query = await engine.embedder.embedOne(text, 'query');
    const withAbstract = results.filter((r) => 'abstract' in r.record && (r.record.abstract ?? '').trim() !== '');
    const titleOnly = results.filter((r) => !withAbstract.includes(r));
    expect(withAbstract.length).toBeGreaterThan(0);
    expect(titleOnly.length).toBeGreaterThan(0);
    for (const r of titleOnly) expect(r.features![at('titleDense')]).toBe(r.features![at('dense')]);
    const titles = await engine.embedder.embed(
      withAbstract.map((r) => r.record.title),
      'passage',
    );
    withAbstract.forEach((r, i) => {
      expect(r.features![at('titleDense')]).toBeCloseTo(dot(query, titles[i]!), 5);
      expect(r.features![at('titleDense')]).not.toBeCloseTo(r.features![at('dense')]!, 3);
    });
    const best = Math.max(...results.map((r) => r.features![at('titleDense')]!));
    for (const r of results)
      expect(r.features![at('titleDenseGap')]).toBeCloseTo(r.features![at('titleDense')]! - best, 6);

    // An edited title is read again at the next match.
    const edited = { ...withAbstract[0]!.record, title: '飞行器姿态机动控制方法' };
    await importJsonlText(engine, 'achievement', JSON.stringify(edited) + '\n');
    const again = await engine.matchDemand(
      { text },
      { k: 40, ranking: { secondStage: { model: null, depth: 40, keepFeatures: true } } },
    );
    const [editedTitle] = await engine.embedder.embed([edited.title], 'passage');
    const editedResult = again.results.find((r) => r.id === edited.id)!;
    expect(editedResult.features![at('titleDense')]).toBeCloseTo(dot(query, editedTitle!), 5);
  });

  it('is built before the first match when the engine is prepared (the service does it at start)', async () => {
    const record = JSON.parse(achievementSlice(1).split('\n')[0]!);
    // Texts no embedding cache holds (a test cache may outlive the run).
    const unique = `${process.pid}-${Date.now()}`;
    const modelCalls = vi.spyOn(engine.embedder as unknown as { embedBatch: () => unknown }, 'embedBatch');
    try {
      await importJsonlText(
        engine,
        'achievement',
        JSON.stringify({ ...record, title: `车身铝合金激光焊接工艺${unique}` }) + '\n',
      );
      await engine.prepare();
      modelCalls.mockClear();
      // A free text's only model call is its own vector: the edited title was embedded by prepare().
      await engine.matchDemand({ text: `铝合金车身焊接变形控制${unique}` }, { k: 5 });
      expect(modelCalls).toHaveBeenCalledTimes(1);
    } finally {
      modelCalls.mockRestore();
    }
  });
});

describe('sentence vectors of the records (first-stage variant recordSentenceList)', () => {
  it('follow an edited abstract, through the same mechanism as the title vectors', async () => {
    const ranking = { firstStage: { recordSentenceList: 1 }, secondStage: undefined };
    const record = JSON.parse(achievementSlice(2).split('\n')[1]!);
    const sentence = '采用低温等离子体对秸秆纤维进行表面改性以提高其与树脂的界面结合强度';
    await engine.matchDemand({ text: sentence }, { k: 5, ranking });
    await importJsonlText(
      engine,
      'achievement',
      JSON.stringify({ ...record, abstract: `${record.abstract}。${sentence}。` }) + '\n',
    );
    const { results } = await engine.matchDemand({ text: sentence }, { k: 3, ranking });
    expect(results.map((r) => r.id)).toContain(record.id);
  });
});

describe("the second stage's reasons, worded from the query's side", () => {
  it('names demands as the results of an achievement, which has no sentences to compare', async () => {
    const ids = engine.store
      .all('achievement')
      .slice(0, 5)
      .map((stored) => stored.record.id);
    const reasons = (await Promise.all(ids.map((id) => engine.matchAchievement({ id }, { k: 10 })))).flatMap((m) =>
      m.results.map((r) => r.reason),
    );
    expect(reasons.some((r) => /几项需求同属一类|需求标题与成果|成果要点出现在需求/.test(r))).toBe(true);
    for (const reason of reasons)
      expect(reason).not.toMatch(/几项成果同属一类|成果标题与需求|需求要点出现在成果|某一具体问题/);
  });

  it('names no specific problem of a demand for a free text, which is one query', async () => {
    const { results } = await engine.matchDemand({ text: '动力电池模组温差大，需要均温散热方案' }, { k: 20 });
    expect(results.some((r) => r.reason.includes('排序依据'))).toBe(true);
    for (const r of results) expect(r.reason).not.toContain('某一具体问题');
  });
});
