// The deployment form's model. Plain data (JSON-safe) so it can cross the webview message boundary as is;
// this file and its siblings must stay free of Node built-ins and 'vscode' because the webview bundles them.
import type {
  ApiProtocol,
  InferenceLoggingMode,
  ModelServer,
  ScalingConfig,
  ServingTool,
} from '../hopsworks/types';

export interface ResourceAmounts {
  /** CPU cores (fractions allowed); -1 = unlimited, limits only */
  cores: number;
  /** MB, whole number; -1 = unlimited, limits only */
  memory: number;
  /** whole number; the request must equal the limit */
  gpus: number;
}

export interface ComponentResourcesSpec {
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}

/** Where inference logs go: a topic the server creates, a topic of this project, or nowhere. */
export type LoggerTopicChoice =
  | { kind: 'CREATE'; partitions: number; replicas: number }
  | { kind: 'EXISTING'; name: string }
  | { kind: 'NONE' };

export interface LoggerSpec {
  topic: LoggerTopicChoice;
  /** Ignored when topic.kind is NONE. Deployments without KServe accept only ALL. */
  mode: InferenceLoggingMode;
}

export interface BatchingSpec {
  enabled: boolean;
  /** KServe only, like the two below; sent only when batching is enabled */
  maxBatchSize?: number;
  /** milliseconds */
  maxLatency?: number;
  /** seconds */
  timeout?: number;
}

/**
 * 4.6+: how a component scales (`predictorScalingConfig` / `transformerScalingConfig`, PY-4.6 scaling_config.py).
 * Only the minimum is required; an absent value is left to the server's default. The Knative values (metric to
 * panic threshold, retention) apply to KServe only.
 */
export interface ScalingSpec extends ScalingConfig {
  minInstances: number;
}

/** The Knative values: only KServe deployments scale on a metric. */
export const KNATIVE_SCALING_KEYS = [
  'scaleMetric',
  'target',
  'panicWindowPercentage',
  'panicThresholdPercentage',
  'stableWindowSeconds',
  'scaleToZeroRetentionSeconds',
] as const satisfies readonly (keyof ScalingSpec)[];

/** The optional members of ScalingSpec, in the form's order. */
export const SCALING_KEYS = [
  'maxInstances',
  ...KNATIVE_SCALING_KEYS,
] as const satisfies readonly (keyof ScalingSpec)[];

export interface TransformerSpec {
  /** Transformer script path (.py or .ipynb). Empty or absent = no transformer. KServe only. */
  script?: string;
  /** Before 4.6 (and where the server has no scaling configs): the transformer's instance count. */
  instances: number;
  resources: ComponentResourcesSpec;
  /** 4.6+: present exactly when the predictor's `scaling` is. */
  scaling?: ScalingSpec;
  /** 4.8+: `KEY=value` entries; present exactly when the predictor's `envVars` is. */
  envVars?: string[];
}

/** 4.8+, vLLM deployments: the image variant and tag. Blank = the cluster's default. */
export interface VllmSpec {
  variant?: string;
  imageTag?: string;
}

export interface ModelRef {
  name: string;
  version: number;
  /** A `ModelFramework` value; kept as string because the server may send frameworks newer than this code. */
  framework: string;
  /** `/Projects/{project}/Models/{modelName}`, without the version */
  path: string;
}

/**
 * Which parts are present follows the Hopsworks version (serverFeatures.ts): `scaling` on 4.6+ (then it sizes
 * the deployment and `requestedInstances` is not shown), `envVars` and `vllm` on 4.8+.
 */
export interface DeploymentSpec {
  name: string;
  description?: string;
  /** Absent: a 4.6+ deployment without a model, which runs its predictor script only. */
  model?: ModelRef;
  servingTool: ServingTool;
  modelServer: ModelServer;
  /** Predictor script path (.py). Empty or absent = none. */
  predictor?: string;
  /** Model server configuration file (vLLM). Empty or absent = none. */
  configFile?: string;
  /** Before 4.6 (and where the server has no scaling configs): the predictor's instance count. */
  requestedInstances: number;
  resources: ComponentResourcesSpec;
  logger: LoggerSpec;
  batching: BatchingSpec;
  transformer: TransformerSpec;
  apiProtocol: ApiProtocol;
  /** Python environment name (`environmentDTO.name`). Empty or absent = server default. */
  environment?: string;
  /** 4.6+ */
  scaling?: ScalingSpec;
  /** 4.8+: the predictor's `KEY=value` environment variables. */
  envVars?: string[];
  /** 4.8+; used only with the vLLM model server. */
  vllm?: VllmSpec;
}

/** Stable ids of the form's fields; validation errors and server errors are keyed by these. */
export const FIELD_IDS = [
  'name',
  'description',
  'model',
  'servingTool',
  'modelServer',
  'predictor',
  'configFile',
  'requestedInstances',
  'resources.requests.cores',
  'resources.requests.memory',
  'resources.requests.gpus',
  'resources.limits.cores',
  'resources.limits.memory',
  'resources.limits.gpus',
  'logger.topic',
  'logger.partitions',
  'logger.replicas',
  'logger.mode',
  'batching',
  'batching.maxBatchSize',
  'batching.maxLatency',
  'batching.timeout',
  'transformer.script',
  'transformer.instances',
  'transformer.resources.requests.cores',
  'transformer.resources.requests.memory',
  'transformer.resources.requests.gpus',
  'transformer.resources.limits.cores',
  'transformer.resources.limits.memory',
  'transformer.resources.limits.gpus',
  'apiProtocol',
  'environment',
  'scaling.minInstances',
  'scaling.maxInstances',
  'scaling.scaleMetric',
  'scaling.target',
  'scaling.panicWindowPercentage',
  'scaling.panicThresholdPercentage',
  'scaling.stableWindowSeconds',
  'scaling.scaleToZeroRetentionSeconds',
  'transformer.scaling.minInstances',
  'transformer.scaling.maxInstances',
  'transformer.scaling.scaleMetric',
  'transformer.scaling.target',
  'transformer.scaling.panicWindowPercentage',
  'transformer.scaling.panicThresholdPercentage',
  'transformer.scaling.stableWindowSeconds',
  'transformer.scaling.scaleToZeroRetentionSeconds',
  'envVars',
  'transformer.envVars',
  'vllm.variant',
  'vllm.imageTag',
] as const;
export type FieldId = (typeof FIELD_IDS)[number];

/** At most one message per field: the first rule the value breaks. Empty object = valid. */
export type FieldErrors = Partial<Record<FieldId, string>>;

/** True when a path-like optional text field holds something (blank counts as absent). */
export function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
