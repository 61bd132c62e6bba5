// Typed DTOs of the Hopsworks REST API, field names exactly as the server writes and reads them
// (see shared docs hopsworks-rest.md §2–§6). The server omits null fields, so almost everything is optional.

/** RestDTO collection shape; `items` is absent when `count` is 0. */
export interface RestCollection<T> {
  href?: string;
  count?: number;
  items?: T[];
}

/** `GET /project/getProjectInfo/{name}` */
export interface ProjectInfo {
  projectId: number;
  projectName: string;
  owner?: string;
  description?: string;
  created?: number;
  services?: string[];
}

export type ModelFramework = 'TENSORFLOW' | 'TORCH' | 'PYTHON' | 'SKLEARN' | 'LLM';

/** One model version (`.../models/{name}_{version}` and items of `.../models`). */
export interface ModelVersion {
  href?: string;
  /** `<name>_<version>` */
  id?: string;
  name: string;
  version: number;
  framework?: ModelFramework | (string & {});
  /** epoch milliseconds */
  created?: number;
  userFullName?: string;
  metrics?: Record<string, number>;
  description?: string;
  environment?: string;
  program?: string;
  projectName?: string;
  modelRegistryId?: number;
  modelSchema?: unknown;
  inputExample?: unknown;
  trainingDatasetVersion?: number;
}

/** Server status strings (readable form); normalised to upper case by the client. */
export const DEPLOYMENT_STATUSES = [
  'CREATING',
  'CREATED',
  'STARTING',
  'FAILED',
  'RUNNING',
  'IDLE',
  'UPDATING',
  'STOPPING',
  'STOPPED',
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number] | 'UNKNOWN';

/** Transitional states: a deployment in one of these is polled until it settles. */
export const TRANSITIONAL_STATUSES: ReadonlySet<DeploymentStatus> = new Set([
  'CREATING',
  'STARTING',
  'UPDATING',
  'STOPPING',
]);

export interface DeploymentCondition {
  type?: 'STOPPED' | 'SCHEDULED' | 'INITIALIZED' | 'STARTED' | 'READY' | (string & {});
  /** null = in progress, false = failed, true = done */
  status?: boolean | null;
  reason?: string;
}

// Each enum is one const array: the type, the form's valibot picklists and the rule checks all derive from
// it, so a value the server adds is added here once and the compiler points at every place that must follow.
export const MODEL_SERVERS = ['PYTHON', 'TENSORFLOW_SERVING', 'VLLM'] as const;
export type ModelServer = (typeof MODEL_SERVERS)[number];
export const SERVING_TOOLS = ['DEFAULT', 'KSERVE'] as const;
export type ServingTool = (typeof SERVING_TOOLS)[number];
/** The logger's modes; "no logging" is not one of them (the client sends `NONE`, the server stores null). */
export const INFERENCE_LOGGING_MODES = ['ALL', 'PREDICTIONS', 'MODEL_INPUTS'] as const;
export type InferenceLoggingMode = (typeof INFERENCE_LOGGING_MODES)[number];
export const API_PROTOCOLS = ['REST', 'GRPC'] as const;
export type ApiProtocol = (typeof API_PROTOCOLS)[number];

/** Narrows a string from the wire (or a webview) to one of an enum's values. */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}

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

/** `kafkaTopicDTO` inside a serving object. Request: name CREATE|NONE|<topic> (+ counts); response: real topic + schema. */
export interface ServingKafkaTopic {
  name: string;
  numOfPartitions?: number | null;
  numOfReplicas?: number | null;
  schemaName?: string;
  schemaVersion?: number;
  schemaContent?: string;
}

/** What a 4.6+ scaling config scales on (PY-4.6 `hsml/scaling_config.py` ScaleMetric). */
export const SCALE_METRICS = ['CONCURRENCY', 'RPS'] as const;
export type ScaleMetric = (typeof SCALE_METRICS)[number];

/** 4.8+ vLLM image variants (PY-4.8 constants `VLLM_VARIANT_*`). */
export const VLLM_VARIANTS = ['VLLM', 'VLLM_OMNI'] as const;
export type VllmVariant = (typeof VLLM_VARIANTS)[number];

export interface ScalingConfig {
  minInstances?: number;
  maxInstances?: number;
  /** A metric a newer server offers is kept as it came, so saving does not alter it. */
  scaleMetric?: ScaleMetric | (string & {});
  target?: number;
  /** % of the stable window */
  panicWindowPercentage?: number;
  /** % of the target */
  panicThresholdPercentage?: number;
  /** seconds */
  stableWindowSeconds?: number;
  /** seconds */
  scaleToZeroRetentionSeconds?: number;
}

/**
 * The serving object (`ServingView`): request body of `PUT /serving` and response of `GET /serving…`.
 * `status` here is the raw server string; use `normalizeStatus` for logic.
 */
export interface Deployment {
  id?: number;
  name: string;
  description?: string;
  /**
   * Absent on a deployment without a model (4.6+ "Python deployment"): typed as present until the tree and the
   * form handle that case (issue 8 §2); read them defensively.
   */
  modelName: string;
  modelPath: string;
  modelVersion: number;
  modelFramework?: ModelFramework | (string & {});
  modelServer?: ModelServer | (string & {});
  servingTool?: ServingTool | (string & {});
  predictor?: string;
  configFile?: string;
  transformer?: string;
  requestedInstances?: number;
  requestedTransformerInstances?: number;
  predictorResources?: ComponentResources;
  transformerResources?: ComponentResources;
  batchingConfiguration?: BatchingConfiguration;
  /** Client may send 'NONE'; the server returns null (omitted) for no logging. */
  inferenceLogging?: InferenceLoggingMode | 'NONE' | null;
  kafkaTopicDTO?: ServingKafkaTopic | null;
  apiProtocol?: ApiProtocol | (string & {});
  environmentDTO?: { name: string };
  projectNamespace?: string;
  version?: number;
  artifactVersion?: number;
  predictorScalingConfig?: ScalingConfig;
  transformerScalingConfig?: ScalingConfig;
  predictorEnvVars?: string[];
  transformerEnvVars?: string[];
  /** 4.8+, vLLM deployments only */
  vllmVariant?: VllmVariant | (string & {});
  vllmImageTag?: string;
  created?: number;
  creator?: string;
  status?: string;
  condition?: DeploymentCondition;
  availableInstances?: number;
  availableTransformerInstances?: number;
  hopsworksInferencePath?: string;
  modelServerInferencePath?: string;
  internalPort?: number;
  deployed?: number;
  revision?: string;
}

export type DeploymentComponent = 'predictor' | 'transformer';

/** Query of `GET /serving/{id}/logs`. `source`, `since`, `until`, `pod` are read by 5.x servers only. */
export interface LogsQuery {
  component: DeploymentComponent;
  /** lines per pod (Kubernetes source) or lines in all (archive source) */
  tail: number;
  /** 5.x: `kubernetes` (live pods; the default) or `opensearch` (the project's log archive, any state) */
  source?: 'kubernetes' | 'opensearch';
  /** 5.x archive source: from this time (inclusive) */
  since?: Date | string;
  /** 5.x archive source: up to this time (inclusive) */
  until?: Date | string;
  /** 5.x: one pod only */
  pod?: string;
}

/** Items of `GET /serving/{id}/logs` (`ServingLogs`; the archive source adds `timestamp` and `docId`). */
export interface DeploymentLogs {
  /** pod name */
  instanceName: string;
  /** the pod's lines, newline-terminated (Kubernetes source), or one line (archive source) */
  content: string;
  /** archive source: ISO-8601 time of the line */
  timestamp?: string;
  /** archive source: the line's id in the archive */
  docId?: string;
}

/** Items of `GET /project/{pid}/kafka/topics`. */
export interface KafkaTopic {
  href?: string;
  name: string;
  numOfReplicas?: number;
  numOfPartitions?: number;
  schemaName?: string;
  schemaVersion?: number;
  schemaContent?: string;
  shared?: boolean;
  ownerProjectId?: number;
  accepted?: boolean;
}

/** Body of `POST /project/{pid}/kafka/topics`. */
export interface CreateTopicRequest {
  name: string;
  schemaName: string;
  schemaVersion: number;
  numOfReplicas: number;
  numOfPartitions: number;
}

/** `SubjectDTO`: `GET /kafka/topics/{t}/subjects` and `GET /kafka/subjects/{s}/versions/{v}`. */
export interface Subject {
  id?: number;
  subject: string;
  version: number;
  /** the Avro schema as a JSON string */
  schema: string;
}

/** `GET /project/{pid}/credentials` — secrets: keep in memory only. */
export interface Credentials {
  fileExtension?: string;
  kStore?: string;
  tStore?: string;
  password?: string;
  caChain: string;
  clientCert: string;
  clientKey: string;
}

/** `GET /project/{pid}/kafka/clusterinfo` */
export interface KafkaClusterInfo {
  href?: string;
  brokers?: string[];
}

/** `GET /project/{pid}/featurestores` items */
export interface FeatureStore {
  featurestoreId: number;
  featurestoreName?: string;
  projectId?: number;
  projectName?: string;
}

/** `.../storageconnectors/kafka_connector/byok?external=true` */
export interface KafkaConnector {
  id?: number;
  name?: string;
  type?: string;
  bootstrapServers?: string;
  securityProtocol?: string;
  sslEndpointIdentificationAlgorithm?: string;
  externalKafka?: boolean;
}

/** Error bodies: the standard REST shape and the schema-registry (Confluent) shape. */
export interface RestErrorBody {
  errorCode?: number;
  errorMsg?: string;
  usrMsg?: string;
  devMsg?: string;
}
export interface SchemaRegistryErrorBody {
  error_code?: number;
  message?: string;
}

/** Cluster variables the serving form reads (`GET /variables/{name}` → `successMessage`). */
export interface ServingVariables {
  kserveInstalled: boolean;
  /** `kube_serving_min_num_instances` == 0 → scale-to-zero required for KServe */
  scaleToZeroRequired: boolean;
  /** -1 = unlimited */
  maxInstances: number;
  maxCores: number;
  maxMemory: number;
  maxGpus: number;
  knativeDomain?: string;
}

/** Normalise a server status string: upper case; anything unknown becomes UNKNOWN. */
export function normalizeStatus(raw: string | undefined | null): DeploymentStatus {
  const s = (raw ?? '').toUpperCase();
  return (DEPLOYMENT_STATUSES as readonly string[]).includes(s) ? (s as DeploymentStatus) : 'UNKNOWN';
}

/** Items of `GET /variables/versions` (no auth). */
export interface BackendVersion {
  software: string;
  version: string;
}

/** Items of `GET /project` (a bare array of the user's project memberships). */
export interface ProjectMembership {
  project: { id: number; name: string; created?: number | string; description?: string };
  user?: { username?: string; email?: string; fname?: string; lname?: string };
  teamRole?: string;
  timestamp?: number | string;
}
