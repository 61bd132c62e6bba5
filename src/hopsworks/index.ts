// Public surface of the REST client.
export { HopsworksClient } from './client';
export type { HopsworksClientOptions } from './client';
export { ProjectClient } from './projectClient';
export { HopsworksError, isHopsworksError } from './errors';
export type { HopsworksErrorKind } from './errors';
export type { ApiScope, Refusal } from './errorMessages';
export { SERVING_VARIABLE_DEFAULTS } from './variables';
export * from './types';
export * from './featureStoreTypes';
export type { StatisticsOptions, FeatureViewRef } from './featureStore';
export { MODEL_FILE_MAX_BYTES, modelVersionPath } from './modelFiles';
export type { TrainedModelRef } from './trainingData';
export { followStep, splitLogLines } from './logFollow';
export type { FollowStep } from './logFollow';
