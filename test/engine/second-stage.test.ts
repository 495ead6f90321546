/**
 * Brokers' outcomes in the engine, with the second stage on: recorded through
 * the introductions workflow (real store, real model), they re-score the
 * demand's own list at once, and the nightly rebuild retrains the second stage
 * with them into the data directory.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPaths, loadConfig, RERANKER_EXAMPLES_FILE } from '../../src/config/index.js';
import { DEFAULT_DECLINE_REASONS } from '../../src/domain/index.js';
import { MatchEngine, engineConfigFrom, importJsonlText } from '../../src/engine/index.js';
import {
  type Actor,
  type IntroductionSettings,
  createIntroduction,
  pairOutcomeSource,
  transitionIntroduction,
} from '../../src/introductions/index.js';
import {
  DEFAULT_TRAIN,
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
    // An accepted pair rises by the full weight (less its likeness to the declined one); whether that
    // takes it to the very top depends on the model's score gap (lambdamart-2: from 8th to 2nd here).
    const acceptedAfter = after.find((r) => r.id === accepted.id)!;
    expect(rankOf(after, accepted.id)).toBeLessThan(rankOf(before, accepted.id));
    expect(rankOf(after, accepted.id)).toBeLessThan(3);
    expect(acceptedAfter.reason).toContain('与已对接成功的成果相近');
    expect(rankOf(after, declined.id)).toBeGreaterThan(9);
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
