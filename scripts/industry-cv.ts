/**
 * Cross-validated industry accuracy on the dev demands (their `industry` is the
 * label, hidden from the tagger): the lexicon alone, and blended with the
 * embedding's industry prototypes (centroids of the achievements' vectors).
 *   npx tsx scripts/industry-cv.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODEL_DIR, DEMO_ACHIEVEMENTS_FILE, EVAL_DEMANDS_FILE, REPO_ROOT } from '../src/config/index.js';
import { schemaFor, type Achievement, type Demand } from '../src/domain/index.js';
import { Embedder } from '../src/embed/index.js';
import { demandQueryText, indexInput } from '../src/engine/index.js';
import { deriveMeta } from '../src/engine/derive.js';
import { industryCrossValidation, type LabelledQuery } from '../src/eval/industry-cv.js';
import { assignFolds, CV_SEED } from '../src/eval/folds.js';
import { parseJsonl } from '../src/ingest/index.js';
import { buildPrototypes } from '../src/match/industry-tagger.js';
import { inferIndustry, recordFields, truncateForModel } from '../src/text/index.js';

const embedder = await Embedder.load({
  modelDir: DEFAULT_MODEL_DIR,
  cacheDir: path.join(REPO_ROOT, 'var', 'eval-cache'),
  useQueryInstruction: true,
});
const achievements = parseJsonl(fs.readFileSync(DEMO_ACHIEVEMENTS_FILE, 'utf8'), schemaFor.achievement).records.map(
  (r) => r.record as Achievement,
);
const vectors = await embedder.embed(
  achievements.map((a) => indexInput('achievement', a).embedText),
  'passage',
);
const achievementPrototypes = buildPrototypes(
  achievements.map((a, i) => ({ vector: vectors[i]!, industry: deriveMeta('achievement', a).industry })),
);
const demands = parseJsonl(fs.readFileSync(EVAL_DEMANDS_FILE, 'utf8'), schemaFor.demand).records.map(
  (r) => r.record as Demand,
);
const queries: LabelledQuery[] = [];
for (const d of demands) {
  if (!d.industry) continue;
  const fields = recordFields('demand', d);
  queries.push({
    id: d.id,
    label: d.industry,
    lexiconScores: inferIndustry({ title: fields.title, text: fields.body }).scores,
    vector: await embedder.embedOne(truncateForModel(demandQueryText(d)).text, 'query'),
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
console.log(`blended with achievement prototypes: ${blendedAchievements.accuracy.toFixed(4)}`);
console.log(`labelled-demand prototypes only: ${demandsOnly.accuracy.toFixed(4)}`);
console.log(`lexicon only: ${lexiconOnly.accuracy.toFixed(4)} (top two ${lexiconOnly.topTwoAccuracy.toFixed(4)})`);
console.log(`prototypes only: ${vectorOnly.accuracy.toFixed(4)} (top two ${vectorOnly.topTwoAccuracy.toFixed(4)})`);
console.log(`blended, CV: ${blended.accuracy.toFixed(4)} (top two ${blended.topTwoAccuracy.toFixed(4)})`);
for (const f of blended.perFold)
  console.log(`  fold ${f.fold}: ${f.accuracy.toFixed(3)} with ${JSON.stringify(f.params)}`);
console.log(JSON.stringify({ lexiconOnly, vectorOnly, blendedAchievements, demandsOnly, blended }));
