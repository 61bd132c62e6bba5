// The deployment form's model. Plain data (JSON-safe) so it can cross the webview message boundary as is;
// this file and its siblings must stay free of Node built-ins and 'vscode' because the webview bundles them.
import type { ApiProtocol, InferenceLoggingMode, ModelServer, ServingTool } from '../hopsworks/types';

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

export interface TransformerSpec {
  /** Transformer script path (.py or .ipynb). Empty or absent = no transformer. KServe only. */
  script?: string;
  instances: number;
  resources: ComponentResourcesSpec;
}

export interface ModelRef {
  name: string;
  version: number;
  /** A `ModelFramework` value; kept as string because the server may send frameworks newer than this code. */
  framework: string;
  /** `/Projects/{project}/Models/{modelName}`, without the version */
  path: string;
}

export interface DeploymentSpec {
  name: string;
  description?: string;
  model: ModelRef;
  servingTool: ServingTool;
  modelServer: ModelServer;
  /** Predictor script path (.py). Empty or absent = none. */
  predictor?: string;
  /** Model server configuration file (vLLM). Empty or absent = none. */
  configFile?: string;
  requestedInstances: number;
  resources: ComponentResourcesSpec;
  logger: LoggerSpec;
  batching: BatchingSpec;
  transformer: TransformerSpec;
  apiProtocol: ApiProtocol;
  /** Python environment name (`environmentDTO.name`). Empty or absent = server default. */
  environment?: string;
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
] as const;
export type FieldId = (typeof FIELD_IDS)[number];

/** At most one message per field: the first rule the value breaks. Empty object = valid. */
export type FieldErrors = Partial<Record<FieldId, string>>;

/** True when a path-like optional text field holds something (blank counts as absent). */
export function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
