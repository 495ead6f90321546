/**
 * Trains the industry classifier on every labelled dev demand plus the demo
 * achievements the lexicon tags with confidence, and writes
 * models/industry/industry-classifier.json with its training data's hash.
 * Deterministic: run it twice and the file is the same.
 *   npm run train-industry
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_MODEL_DIR,
  DEMO_ACHIEVEMENTS_FILE,
  EVAL_CACHE_DIR,
  EVAL_DEMANDS_FILE,
  INDUSTRY_MODEL_FILE,
} from '../src/config/index.js';
import { type Demand, schemaFor } from '../src/domain/index.js';
import { Embedder } from '../src/embed/index.js';
import { demandQueryText } from '../src/engine/index.js';
import { parseJsonl } from '../src/ingest/index.js';
import { DEFAULT_TRAINING, trainIndustryClassifier } from '../src/match/industry-classifier.js';
import { toModelFile, trainingDataHash } from '../src/match/industry-model-file.js';
import { industryTrainingExamples } from '../src/match/industry-training.js';
import { truncateForModel } from '../src/text/index.js';
import { lexiconTaggedAchievements } from '../src/eval/pseudo-labels.js';

const embedder = await Embedder.load({
  modelDir: DEFAULT_MODEL_DIR,
  cacheDir: EVAL_CACHE_DIR,
  useQueryInstruction: true,
});
const pseudoLabelled = await lexiconTaggedAchievements(embedder);
const demands = parseJsonl(fs.readFileSync(EVAL_DEMANDS_FILE, 'utf8'), schemaFor.demand)
  .records.map((r) => r.record as Demand)
  .filter((d) => d.industry !== undefined);
const labelled = [];
for (const d of demands)
  labelled.push({
    vector: await embedder.embedOne(truncateForModel(demandQueryText(d)).text, 'query'),
    industry: d.industry!,
  });
const examples = industryTrainingExamples(pseudoLabelled, labelled);
const model = trainIndustryClassifier(examples, DEFAULT_TRAINING);
const file = toModelFile(model, trainingDataHash(examples), {
  ...DEFAULT_TRAINING,
  pseudoLabelled: examples.length - labelled.length,
  labelledDemands: labelled.length,
  achievements: path.relative(process.cwd(), DEMO_ACHIEVEMENTS_FILE),
  demands: path.relative(process.cwd(), EVAL_DEMANDS_FILE),
});
fs.mkdirSync(path.dirname(INDUSTRY_MODEL_FILE), { recursive: true });
fs.writeFileSync(INDUSTRY_MODEL_FILE, `${JSON.stringify(file)}\n`);
console.log(
  `trained on ${examples.length - labelled.length} pseudo-labelled achievements and ${labelled.length} demands, data ${file.trainingDataHash.slice(0, 12)} → ${INDUSTRY_MODEL_FILE}`,
);
