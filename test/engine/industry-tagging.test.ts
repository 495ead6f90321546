/**
 * The engine's industry tagging with a classifier loaded: demands without a
 * given industry are tagged from their vector; a free-text query keeps the
 * lexicon's tag first; a given industry is left as it was, and so is an achievement's tag unless it rests on no
 * text (a bare title the lexicon finds no term in, tagged by its category's prior alone). The classifier here
 * is hand-set (it says 旅游 for every vector), so the test shows the wiring,
 * not the model; the model's accuracy is in docs/quality.md.
 */
import { describe, expect, it } from 'vitest';
import { KEY_INDUSTRIES } from '../../src/domain/index.js';
import { MatchEngine } from '../../src/engine/index.js';
import type { IndustryClassifier } from '../../src/match/industry-classifier.js';
import { tempDir, testEngineConfig } from '../helpers.js';
import { FakeEmbedder } from './fake-embedder.js';

const DIMS = 64;
/** Zero weights, a bias for 旅游: whatever the vector, 旅游 is the confident first industry. */
const alwaysTourism: IndustryClassifier = {
  industries: [...KEY_INDUSTRIES],
  inputScale: 10,
  weights: KEY_INDUSTRIES.map(() => new Array<number>(DIMS).fill(0)),
  bias: KEY_INDUSTRIES.map((i) => (i === '旅游' ? 10 : 0)),
};

async function engineWith(model: IndustryClassifier | null): Promise<MatchEngine> {
  const config = { ...testEngineConfig(tempDir()), industryModel: model };
  return MatchEngine.open(config, { embedder: new FakeEmbedder(DIMS) });
}

const battery = { title: '动力电池热失控预警', description: '新能源汽车动力电池包热管理，整车电池安全。' };

describe('industry tagging with the classifier', () => {
  it('tags a demand without an industry by the classifier, keeping the lexicon’s tag as second', async () => {
    const engine = await engineWith(alwaysTourism);
    const [stored] = (await engine.putRecords('demand', [{ id: 'd-1', ...battery }])).stored;
    expect(stored!.meta.industry).toBe('旅游');
    expect(stored!.meta.industrySource).toBe('inferred');
    expect(stored!.meta.secondIndustry).toBe('汽车制造');
    await engine.close();
  });

  it('leaves a given industry and an achievement’s tag from its text alone', async () => {
    const engine = await engineWith(alwaysTourism);
    const [given] = (await engine.putRecords('demand', [{ id: 'd-2', ...battery, industry: '现代能源' }])).stored;
    expect(given!.meta.industry).toBe('现代能源');
    const [achievement] = (
      await engine.putRecords('achievement', [{ id: 'a-1', title: battery.title, abstract: battery.description }])
    ).stored;
    expect(achievement!.meta.industry).toBe('汽车制造');
    await engine.close();
  });

  it('tags an achievement by the classifier when only its category’s prior named an industry', async () => {
    // The lexicon finds no term in this title: without a classifier the category 工学 alone says 装备制造.
    const bare = { title: '动物可食组织中霉菌毒素的残留及检测方法研究进展', category: '工学' };
    const withoutModel = await engineWith(null);
    const [byPrior] = (await withoutModel.putRecords('achievement', [{ id: 'a-2', ...bare }])).stored;
    expect(byPrior!.meta.industry).toBe('装备制造');
    await withoutModel.close();
    const engine = await engineWith(alwaysTourism);
    const [classified] = (await engine.putRecords('achievement', [{ id: 'a-2', ...bare }])).stored;
    expect(classified!.meta.industry).toBe('旅游');
    expect(classified!.meta.industrySource).toBe('inferred');
    // A category whose prior names no industry (理学) leaves 其他 as it is: the classifier knows only the 14.
    const [unnamed] = (await engine.putRecords('achievement', [{ id: 'a-4', ...bare, category: '理学' }])).stored;
    expect(unnamed!.meta.industry).toBe('其他');
    // A CSL discipline that names an industry is text enough: its prior stands.
    const [byDiscipline] = (
      await engine.putRecords('achievement', [{ id: 'a-3', ...bare, discipline: '食品科学与工程' }])
    ).stored;
    expect(byDiscipline!.meta.industry).toBe('农产品精深加工');
    await engine.close();
  });

  it('keeps the lexicon’s industry first for a free-text query (the classifier only adds a second)', async () => {
    const engine = await engineWith(alwaysTourism);
    await engine.putRecords('achievement', [{ id: 'a-1', title: battery.title, abstract: battery.description }]);
    const response = await engine.matchDemand({ text: '动力电池热失控预警' }, { k: 1 });
    expect(response.query.industry).toBe('汽车制造');
    await engine.close();
  });

  it('keeps the lexicon’s tag when no classifier is loaded', async () => {
    const engine = await engineWith(null);
    const [stored] = (await engine.putRecords('demand', [{ id: 'd-1', ...battery }])).stored;
    expect(stored!.meta.industry).toBe('汽车制造');
    const response = await engine.matchDemand({ text: '动力电池热失控预警' }, { k: 1 });
    expect(response.query.industry).toBe('汽车制造');
    await engine.close();
  });
});
