export {
  FEATURE_NAMES,
  NEED_FEATURES,
  candidateFeatures,
  type CandidateEvidence,
  type CandidateProfile,
  type FeatureName,
  type FeatureVector,
  type QueryProfile,
} from './features.js';
export { parseRerankModel, scoreCandidate, featureContributions, type RerankModel, type TreeNode } from './model.js';
export { applySecondStage, strongestDrivers, type Restaged, type SecondStageParams } from './stage.js';
export { trainReranker, trainingDataHash, DEFAULT_TRAIN, type TrainParams, type TrainingExample } from './train.js';
export { candidateProfile } from './profile.js';
export { ProfileCache } from './profile-cache.js';
export {
  defaultSecondStage,
  loadRerankModel,
  SECOND_STAGE_DEPTH,
  SECOND_STAGE_FIRST_STAGE,
  SECOND_STAGE_TRAINING_DEPTH,
} from './default-model.js';
export {
  outcomeExamples,
  adjustForOutcomes,
  rescoreForOutcomes,
  DEFAULT_FEEDBACK,
  OUTCOME_EXAMPLE_WEIGHT,
  type FeedbackParams,
} from './outcomes.js';
export { loadJudgedExamples, serializeJudgedExamples } from './examples-file.js';
