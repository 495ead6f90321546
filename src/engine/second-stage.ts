/**
 * The second stage's model in force, and its nightly retraining with brokers'
 * outcomes. The shipped model (models/reranker/) stands until a rebuild has
 * outcomes to learn from; then it is retrained on the judged examples shipped
 * beside it plus the outcome pairs (weighted below the judgments), and the
 * result is written into the data directory, which this process takes at once
 * and a service takes on its next reload. The write is atomic (temp file,
 * fsync, rename): a retrain that fails or is killed leaves the file, and the
 * model in force, as they were.
 */
import { RERANKER_EXAMPLES_FILE, type DataPaths } from '../config/paths.js';
import type { PairOutcome } from '../domain/index.js';
import { writeFileAtomic } from '../fs/index.js';
import {
  DEFAULT_TRAIN,
  OUTCOME_EXAMPLE_WEIGHT,
  SECOND_STAGE_TRAINING_DEPTH,
  loadJudgedExamples,
  loadRerankModel,
  outcomeExamples,
  trainReranker,
  type FeatureVector,
  type RerankModel,
  type TrainParams,
  type TrainingExample,
} from '../match/rerank/index.js';
import { match } from './match.js';
import type { EngineState } from './state.js';
import type { EngineConfig, RetrainReport } from './types.js';

/**
 * The model a configuration with the second stage on uses: the data directory's retrained one when
 * it was retrained from today's shipped model, else the shipped one. A retrained file that no longer
 * parses (the features changed with an upgrade) or stems from an older shipped model is ignored: the
 * next rebuild with outcomes replaces it.
 */
export function modelInForce(config: EngineConfig, paths: DataPaths): RerankModel | null {
  const shipped = config.ranking.secondStage?.model ?? null;
  if (!shipped) return null;
  try {
    const retrained = loadRerankModel(paths.rerankerModelFile);
    return retrained?.training.judgedDataHash === shipped.trainingDataHash ? retrained : shipped;
  } catch {
    return shipped;
  }
}

export interface RetrainOptions {
  /** The judged examples to train on beside the outcomes; default: the file shipped with the model. */
  judged?: readonly TrainingExample[];
  params?: TrainParams;
}

export async function retrainWithOutcomes(state: EngineState, options: RetrainOptions = {}): Promise<RetrainReport> {
  const shipped = state.config.ranking.secondStage?.model;
  const skip = (reason: string): RetrainReport => ({ retrained: false, reason });
  if (!shipped) return skip('the second stage is off');
  if (!state.outcomes) return skip('no outcome source');
  const outcomes = (await state.outcomes.all()).filter((o) => state.store.has('demand', o.demandId));
  if (outcomes.length === 0) return skip('no outcomes');
  const judged = options.judged ?? loadJudgedExamples(RERANKER_EXAMPLES_FILE);
  if (!judged) return skip(`no judged examples (${RERANKER_EXAMPLES_FILE}); run npm run train-reranker`);

  const features = await outcomeFeatures(state, outcomes);
  const pairs = outcomeExamples(
    outcomes,
    (demandId, achievementId) => features.get(demandId)?.get(achievementId),
    OUTCOME_EXAMPLE_WEIGHT,
  );
  if (pairs.length === 0) return skip("no outcome pair is among its demand's candidates");
  const trained = trainReranker([...judged, ...pairs], options.params ?? DEFAULT_TRAIN);
  // The shipped model it grew from: a retrained file outlives an upgrade that ships a new model.
  const model: RerankModel = {
    ...trained,
    training: { ...trained.training, judgedDataHash: shipped.trainingDataHash, outcomePairs: pairs.length },
  };
  await writeFileAtomic(state.paths.rerankerModelFile, JSON.stringify(model) + '\n');
  state.secondStageModel = model;
  return {
    retrained: true,
    outcomes: outcomes.length,
    outcomePairs: pairs.length,
    examples: judged.length + pairs.length,
    trainingDataHash: model.trainingDataHash,
  };
}

/**
 * The second-stage features of each decided pair, as the judged examples were collected: the demand's
 * stored text against the plain first stage's top 100 (the engine re-ranks the top 50 of them). A pair
 * whose achievement is not among them has none and teaches nothing.
 */
async function outcomeFeatures(
  state: EngineState,
  outcomes: readonly PairOutcome[],
): Promise<Map<string, Map<string, FeatureVector>>> {
  const depth = SECOND_STAGE_TRAINING_DEPTH;
  const byDemand = new Map<string, Map<string, FeatureVector>>();
  for (const demandId of new Set(outcomes.map((o) => o.demandId))) {
    const response = await match(
      state,
      'demand',
      { id: demandId },
      { k: depth, ranking: { secondStage: { model: null, depth, keepFeatures: true } } },
    );
    byDemand.set(demandId, new Map(response.results.flatMap((r) => (r.features ? [[r.id, r.features]] : []))));
  }
  return byDemand;
}
