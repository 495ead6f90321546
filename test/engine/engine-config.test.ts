import { namesTitle } from '../../src/engine/match.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RANKING, engineConfigFrom } from '../../src/engine/index.js';
import { DEFAULT_FIRST_STAGE } from '../../src/match/retrieve.js';
import { loadConfig } from '../../src/config/index.js';
import { measuredEngineConfig } from '../../src/eval/run-eval.js';

const app = { DATA_DIR: '/tmp/x', MODEL_DIR: '/tmp/m', QUERY_INSTRUCTION: true };

describe('engine ranking defaults', () => {
  it('weighs title-only records down for short queries in the product first stage', () => {
    expect(engineConfigFrom(app).ranking.firstStage).toEqual(DEFAULT_FIRST_STAGE);
    expect(DEFAULT_RANKING.firstStage?.titleOnlyRecordWeight).toEqual({ shortQuery: 0.75, longQuery: 1 });
  });

  it('re-ranks the plain first stage (the one its model was trained on) when the second stage is on', () => {
    const ranking = engineConfigFrom({ ...app, SECOND_STAGE: true }).ranking;
    expect(ranking.firstStage).toEqual({});
    expect(ranking.secondStage).toBeDefined();
  });

  it('ships with the second stage on, and measures (eval, bench) without it, since its model was trained on the dev demands', () => {
    expect(engineConfigFrom(loadConfig({})).ranking.secondStage?.model).toBeTruthy();
    const measured = measuredEngineConfig(loadConfig({}));
    expect(measured.ranking.secondStage).toBeUndefined();
    expect(measured.ranking.firstStage).toEqual(DEFAULT_FIRST_STAGE);
  });

  it('treats a query that names a title as a lookup: the whole title in the query, or a query of 6+ characters in the title', () => {
    expect(namesTitle('盐碱地水稻种植', '盐碱地水稻种植技术')).toBe(true);
    expect(namesTitle('求购：盐碱地水稻种植技术 一项', '盐碱地水稻种植技术')).toBe(true);
    expect(namesTitle('水稻种植', '盐碱地水稻种植技术')).toBe(false);
    expect(namesTitle('耐盐碱水稻品种选育', '盐碱地水稻种植技术')).toBe(false);
    expect(namesTitle('任何问题', '')).toBe(false);
  });
});
