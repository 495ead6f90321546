/**
 * Cross-validated industry accuracy on the dev demands (their `industry` is the
 * label, hidden from the tagger): the lexicon alone, and blended with the
 * embedding's industry prototypes (centroids of the achievements' vectors),
 * and the industry classifier (src/match/industry-classifier.ts) trained per fold
 * on pseudo-labelled achievements plus the training part's labelled demands;
 * also with each demand read through its need sentences (src/text `needSentences`:
 * the title and the sentences with 希望/需要/寻求…), alone or averaged with the whole text.
 *   npx tsx scripts/industry-cv.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODEL_DIR, EVAL_DEMANDS_FILE, REPO_ROOT } from '../src/config/index.js';
import { schemaFor, type Demand } from '../src/domain/index.js';
import { Embedder } from '../src/embed/index.js';
import { demandQueryText } from '../src/engine/index.js';
import {
  industryCrossValidation,
  type LabelledQuery,
  taggerCrossValidation,
  type TaggerCvResult,
} from '../src/eval/industry-cv.js';
import { assignFolds, CV_SEED } from '../src/eval/folds.js';
import { parseJsonl } from '../src/ingest/index.js';
import {
  type IndustryClassifier,
  tagIndustry,
  tagWithLexicon,
  trainIndustryClassifier,
} from '../src/match/industry-classifier.js';
import { buildPrototypes } from '../src/match/industry-tagger.js';
import { industryTrainingExamples } from '../src/match/industry-training.js';
import {
  inferIndustry,
  needSentences,
  recordFields,
  SECOND_INDUSTRY_BELOW,
  truncateForModel,
} from '../src/text/index.js';
import { lexiconTaggedAchievements } from '../src/eval/pseudo-labels.js';

const embedder = await Embedder.load({
  modelDir: DEFAULT_MODEL_DIR,
  cacheDir: path.join(REPO_ROOT, 'var', 'eval-cache'),
  useQueryInstruction: true,
});
const tagged = await lexiconTaggedAchievements(embedder);
const achievementPrototypes = buildPrototypes(tagged);
const demands = parseJsonl(fs.readFileSync(EVAL_DEMANDS_FILE, 'utf8'), schemaFor.demand).records.map(
  (r) => r.record as Demand,
);
/** The sum's direction: the mean of two unit vectors, back to unit length. */
const unitMean = (a: Float32Array, b: Float32Array) => {
  const sum = a.map((x, i) => x + b[i]!);
  const norm = Math.hypot(...sum) || 1;
  return sum.map((x) => x / norm);
};
const queries: (LabelledQuery & {
  passage: Float32Array;
  /** The need sentences' vector (the whole text's when it has none), and its unit mean with the whole text's. */
  need: Float32Array;
  mixed: Float32Array;
  lexicon: ReturnType<typeof inferIndustry>;
})[] = [];
let withNeeds = 0;
for (const d of demands) {
  if (!d.industry) continue;
  const fields = recordFields('demand', d);
  const text = truncateForModel(demandQueryText(d)).text;
  const lexicon = inferIndustry({ title: fields.title, text: fields.body });
  const vector = await embedder.embedOne(text, 'query');
  // As the engine reads them: from the text it embeds (src/engine/match.ts).
  const needs = needSentences(text);
  if (needs.length > 0) withNeeds += 1;
  const need = needs.length > 0 ? await embedder.embedOne(needs.join('。'), 'query') : vector;
  queries.push({
    id: d.id,
    label: d.industry,
    lexiconScores: lexicon.scores,
    lexicon,
    // As a free-text query is embedded (with bge's query instruction), and as a stored record is (passage).
    vector,
    passage: await embedder.embedOne(text, 'passage'),
    need,
    mixed: unitMean(vector, need),
  });
}
const folds = assignFolds(
  queries.map((q) => q.id),
  5,
  CV_SEED,
);
const fromAchievements = () => achievementPrototypes;
// Labelled demands of the training part, plus the achievements' centroid as a weak prior for each industry.
const fromDemands = (train: readonly LabelledQuery[]) =>
  buildPrototypes([
    ...train.map((q) => ({ vector: q.vector, industry: q.label })),
    ...[...achievementPrototypes].map(([industry, vector]) => ({ vector, industry })),
  ]);
const lexiconOnly = industryCrossValidation(queries, fromAchievements, folds, [
  { lexiconWeight: 1, temperature: 0.02, secondBelow: 0.6 },
]);
const vectorOnly = industryCrossValidation(queries, fromAchievements, folds, [
  { lexiconWeight: 0, temperature: 0.02, secondBelow: 0.6 },
]);
const blendedAchievements = industryCrossValidation(queries, fromAchievements, folds);
const demandsOnly = industryCrossValidation(queries, fromDemands, folds, [
  { lexiconWeight: 0, temperature: 0.02, secondBelow: 0.6 },
]);
const blended = industryCrossValidation(queries, fromDemands, folds);
type Query = (typeof queries)[number];
const lexiconTagger = taggerCrossValidation(queries, folds, () => (q) => {
  const ranked = Object.entries(q.lexiconScores).sort((a, b) => b[1] - a[1]);
  return { ...q.lexicon, runnerUp: ranked[1]?.[0] as Query['label'] | undefined };
});
// One model per fold, demand weight and demand view, shared by the rows that differ only in how they read it.
const models = new Map<string, IndustryClassifier>();
const started = Date.now();
type DemandView = 'vector' | 'passage' | 'need' | 'mixed';
// `trainView`: which of the labelled demands' vectors the model learns from (achievements' are unchanged).
const modelFor = (train: readonly Query[], demandWeight: number, trainView: DemandView = 'vector') => {
  const key = `${demandWeight}:${trainView}:${train.map((q) => q.id).join(',')}`;
  let model = models.get(key);
  if (!model) {
    model = trainIndustryClassifier(
      industryTrainingExamples(
        tagged,
        train.map((q) => ({ vector: q[trainView], industry: q.label })),
        demandWeight,
      ),
    );
    models.set(key, model);
    console.error(`fitted ${models.size} models in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return model;
};
const classifierFit =
  (demandWeight: number, view: DemandView = 'vector', trainView: DemandView = 'vector') =>
  (train: readonly Query[]) => {
    const model = modelFor(train, demandWeight, trainView);
    return (q: Query) => tagIndustry(model, q[view], SECOND_INDUSTRY_BELOW);
  };
const classifierOnly = taggerCrossValidation(queries, folds, classifierFit(0));
const classifier = taggerCrossValidation(queries, folds, classifierFit(20));
const trainingSeconds = (Date.now() - started) / 1000 / models.size;
const classifierPassage = taggerCrossValidation(queries, folds, classifierFit(20, 'passage'));
const withLexiconSecond = taggerCrossValidation(queries, folds, (train) => {
  const model = modelFor(train, 20);
  return (q: Query) => tagWithLexicon(model, q.vector, q.lexicon.industry, SECOND_INDUSTRY_BELOW);
});
// Pre-registered (docs/quality.md, "Need sentences"): demands read through their need sentences, in training and at test.
const classifierNeed = taggerCrossValidation(queries, folds, classifierFit(20, 'need', 'need'));
const classifierMixed = taggerCrossValidation(queries, folds, classifierFit(20, 'mixed', 'mixed'));
// The first 40 dev demands (A-01 … D-28, every third number) are those the lexicon was written with in view.
const newer = (r: TaggerCvResult) => 1 - r.misses.filter((id) => Number(id.slice(2)) > 30).length / 40;
const row = (name: string, r: TaggerCvResult) =>
  console.log(
    `${name}: ${r.accuracy.toFixed(4)} (newer 40: ${newer(r).toFixed(3)}; top two ${r.topTwoAccuracy.toFixed(4)}; ` +
      `second assigned ${r.secondAssigned.toFixed(4)}, label first or second ${r.firstOrSecond.toFixed(4)}) misses ${r.misses.join(' ')}`,
  );
row('lexicon (tagger view)', lexiconTagger);
row('classifier, pseudo-labelled achievements only', classifierOnly);
row('classifier + training demands x20 (query vector)', classifier);
row('classifier + training demands x20 (passage vector)', classifierPassage);
row('classifier x20, second = lexicon when they disagree (engine)', withLexiconSecond);
row('V1: classifier x20, demands as their need sentences', classifierNeed);
row('V2: classifier x20, demands as unit mean of whole text and need sentences', classifierMixed);
console.log(`demands with need sentences: ${withNeeds} of ${queries.length}`);
// Against the reference (query vector, x20): which held-out demands change side.
for (const [name, r] of [
  ['V1', classifierNeed],
  ['V2', classifierMixed],
] as const) {
  const gained = classifier.misses.filter((id) => !r.misses.includes(id));
  const lost = r.misses.filter((id) => !classifier.misses.includes(id));
  console.log(
    `${name} against the reference: newly right ${gained.join(' ') || '-'}; newly wrong ${lost.join(' ') || '-'}`,
  );
}
console.log(`classifier training: ${trainingSeconds.toFixed(1)} s per fit`);
for (const [label, tags] of Object.entries(classifier.confusion))
  console.log(
    `  ${label} → ${Object.entries(tags)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  );
console.log(`blended with achievement prototypes: ${blendedAchievements.accuracy.toFixed(4)}`);
console.log(`labelled-demand prototypes only: ${demandsOnly.accuracy.toFixed(4)}`);
console.log(`lexicon only: ${lexiconOnly.accuracy.toFixed(4)} (top two ${lexiconOnly.topTwoAccuracy.toFixed(4)})`);
console.log(`prototypes only: ${vectorOnly.accuracy.toFixed(4)} (top two ${vectorOnly.topTwoAccuracy.toFixed(4)})`);
console.log(`blended, CV: ${blended.accuracy.toFixed(4)} (top two ${blended.topTwoAccuracy.toFixed(4)})`);
for (const f of blended.perFold)
  console.log(`  fold ${f.fold}: ${f.accuracy.toFixed(3)} with ${JSON.stringify(f.params)}`);
console.log(
  JSON.stringify({
    lexiconOnly,
    vectorOnly,
    blendedAchievements,
    demandsOnly,
    blended,
    classifierOnly,
    classifier,
    withLexiconSecond,
    classifierNeed,
    classifierMixed,
  }),
);
