// The server-side types of the sandbox: what a Hopsworks server stores and writes, declared here and never
// imported from the extension (src/), so a wrong client type cannot make both sides agree by construction.

export const MODEL_FRAMEWORKS = ['TENSORFLOW', 'TORCH', 'PYTHON', 'SKLEARN', 'LLM'] as const;
export type ModelFramework = (typeof MODEL_FRAMEWORKS)[number];

export const MODEL_SERVERS = ['PYTHON', 'TENSORFLOW_SERVING', 'VLLM'] as const;
export type ModelServer = (typeof MODEL_SERVERS)[number];

export const SERVING_TOOLS = ['DEFAULT', 'KSERVE'] as const;
export type ServingTool = (typeof SERVING_TOOLS)[number];

/** `InferenceLogging` enum of the server: "NONE" is not a value (it parses to null). */
export const INFERENCE_LOGGING_MODES = ['ALL', 'PREDICTIONS', 'MODEL_INPUTS'] as const;
export type InferenceLogging = (typeof INFERENCE_LOGGING_MODES)[number];

export const API_PROTOCOLS = ['REST', 'GRPC'] as const;
export type ApiProtocol = (typeof API_PROTOCOLS)[number];

export const SCALE_METRICS = ['CONCURRENCY', 'RPS'] as const;
export type ScaleMetric = (typeof SCALE_METRICS)[number];

/** `DockerResourcesConfiguration`: cores (float), memory (MB), gpus. */
export interface Quantities {
  cores: number;
  memory: number;
  gpus: number;
}

/** `DeployableComponentResources` */
export interface Resources {
  requests: Quantities;
  limits: Quantities;
}

export interface Batching {
  batchingEnabled: boolean;
  maxBatchSize?: number;
  maxLatency?: number;
  timeout?: number;
}

/** 4.6+ `predictorScalingConfig` / `transformerScalingConfig` (field names as the Python client sends them). */
export interface ScalingConfig {
  minInstances: number;
  maxInstances?: number;
  scaleMetric?: ScaleMetric;
  target?: number;
  panicWindowPercentage?: number;
  panicThresholdPercentage?: number;
  stableWindowSeconds?: number;
  scaleToZeroRetentionSeconds?: number;
}

/** `ServingStatusConditionEnum` */
export type ConditionType = 'STOPPED' | 'SCHEDULED' | 'INITIALIZED' | 'STARTED' | 'READY';

/** `ServingStatusCondition`: status null = in progress, false = failed, true = done. */
export interface Condition {
  type: ConditionType;
  status: boolean | null;
  reason: string;
}

/** `ServingStatusEnum`, readable form. */
export type ServingStatus =
  'Creating' | 'Created' | 'Starting' | 'Failed' | 'Running' | 'Idle' | 'Updating' | 'Stopping' | 'Stopped';

/** Project roles (`AllowedProjectRoles`), as `teamRole` strings. */
export type ProjectRole = 'Data owner' | 'Data scientist';
