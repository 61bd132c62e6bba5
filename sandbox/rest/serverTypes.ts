// The serving enums, nested objects and request bodies as the server declares them (HW-BM ServingView,
// ModelServer, ServingTool, InferenceLogging, TopicDTO, …; hopsworks-rest.md §4.3, §5). The sandbox stands
// for the server, so it keeps its own copy rather than importing the extension's DTOs: a wrong assumption in
// src/ then shows up as a failing test instead of being mirrored by the sandbox (eslint.config.mjs forbids
// sandbox → src imports).

export type ModelFramework = 'TENSORFLOW' | 'TORCH' | 'PYTHON' | 'SKLEARN' | 'LLM';
export type ModelServer = 'PYTHON' | 'TENSORFLOW_SERVING' | 'VLLM';
export type ServingTool = 'DEFAULT' | 'KSERVE';
export type InferenceLoggingMode = 'ALL' | 'PREDICTIONS' | 'MODEL_INPUTS';
export type ApiProtocol = 'REST' | 'GRPC';

export interface ResourceQuantities {
  cores?: number;
  /** MB */
  memory?: number;
  gpus?: number;
}
export interface ComponentResources {
  requests?: ResourceQuantities;
  limits?: ResourceQuantities;
}

export interface BatchingConfiguration {
  batchingEnabled: boolean;
  maxBatchSize?: number;
  maxLatency?: number;
  timeout?: number;
}

export interface ScalingConfig {
  minInstances?: number;
  maxInstances?: number;
  scaleMetric?: 'CONCURRENCY' | 'RPS';
  target?: number;
  panicWindowPercentage?: number;
  panicThresholdPercentage?: number;
  stableWindowSeconds?: number;
  scaleToZeroRetentionSeconds?: number;
}

/** The `condition` of a serving: `status` null = in progress, false = failed, true = done. */
export interface DeploymentCondition {
  type?: 'STOPPED' | 'SCHEDULED' | 'INITIALIZED' | 'STARTED' | 'READY';
  status?: boolean | null;
  reason?: string;
}

/** Body of `POST /project/{pid}/kafka/topics` (HW `TopicDTO`). */
export interface CreateTopicRequest {
  name: string;
  schemaName: string;
  schemaVersion: number;
  numOfReplicas: number;
  numOfPartitions: number;
}
