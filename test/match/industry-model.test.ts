/**
 * The committed industry classifier (models/industry/) with the real model, on
 * demands written for this test in plant-floor language: none of them is in the
 * dev set it was trained on, so this is a small held-out check of the file, the
 * vectors it reads and the two ways the engine pairs it with the lexicon.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_DIR } from '../../src/config/paths.js';
import { KEY_INDUSTRIES, type Industry } from '../../src/domain/index.js';
import { Embedder } from '../../src/embed/index.js';
import { type IndustryClassifier, secondFromClassifier, tagWithLexicon } from '../../src/match/industry-classifier.js';
import { loadIndustryModel } from '../../src/match/industry-model-file.js';
import { inferIndustry, SECOND_INDUSTRY_BELOW } from '../../src/text/index.js';
import { tempDir } from '../helpers.js';

const UNSEEN: [string, Industry][] = [
  ['整车厂总装线车门关闭力偏大，用户反映关门异响', '汽车制造'],
  ['大棚草莓灰霉病年年高发，想找生物防治办法少打药', '现代农业'],
  ['滑雪场夏季客流少，想策划山地避暑度假产品', '旅游'],
  ['中药注射剂澄明度不合格，批间差异大', '医药健康'],
  ['厂区5G专网时延抖动，AGV小车频繁掉线', '新一代信息网络'],
  ['常减压装置塔顶腐蚀严重，换热器频繁泄漏', '石油化工'],
];

let embedder: Embedder;
let model: IndustryClassifier | null;
beforeAll(async () => {
  embedder = await Embedder.load({ modelDir: DEFAULT_MODEL_DIR, cacheDir: tempDir(), useQueryInstruction: true });
  model = loadIndustryModel();
});

describe('the committed industry classifier', () => {
  it('is a model of the 14 key industries over the bge vector', () => {
    expect(model).not.toBeNull();
    expect(model!.industries).toEqual([...KEY_INDUSTRIES]);
    expect(model!.weights.map((row) => row.length)).toEqual(KEY_INDUSTRIES.map(() => embedder.dims));
  });

  // The classifier alone names only 3 of these 6 one-liners (short texts are the lexicon's ground, docs/quality.md);
  // what the engine stores and filters on is the pair, first or second.
  it('names the label first or second for demands it has never seen, as records and as free texts', async () => {
    const vectors = await embedder.embed(
      UNSEEN.map(([text]) => text),
      'query',
    );
    const missed = (tag: (text: string, vector: Float32Array) => { industry: Industry; secondIndustry?: Industry }) =>
      UNSEEN.filter(([text, label], i) => {
        const got = tag(text, vectors[i]!);
        return got.industry !== label && got.secondIndustry !== label;
      }).map(([text]) => text);
    const lexicon = (text: string) => inferIndustry({ title: text, text: '' });
    const asRecord = missed((text, v) => tagWithLexicon(model!, v, lexicon(text).industry, SECOND_INDUSTRY_BELOW));
    const asFreeText = missed((text, v) => secondFromClassifier(model!, v, lexicon(text)));
    expect(asRecord.length, asRecord.join(' ')).toBeLessThanOrEqual(1);
    expect(asFreeText.length, asFreeText.join(' ')).toBeLessThanOrEqual(1);
  });
});
