// Server-side checks of a PUT /serving body, in the order and with the codes and texts of Hopsworks'
// ServingUtil.validateUserInput (hopsworks-rest.md §4.3–4.5). The first failing rule wins, as on a cluster.
import type {
  ApiProtocol,
  BatchingConfiguration,
  ComponentResources,
  InferenceLoggingMode,
  ModelFramework,
  ModelServer,
  ResourceQuantities,
  ServingTool,
} from './serverTypes';
import { illegalArgument, restError } from './errors';
import { INFERENCE_SUBJECT } from './inferenceSchemas';
import type { SandboxState, ServingRecord, ServingSpec } from './state';

/** `kafkaTopicDTO` of a request: CREATE, NONE or an existing topic name. */
export interface TopicRequest {
  name: string;
  numOfPartitions?: number;
  numOfReplicas?: number;
}

export interface ValidatedServing {
  id?: number;
  spec: ServingSpec;
  topic?: TopicRequest;
}

type Json = Record<string, unknown>;

const FRAMEWORKS: readonly ModelFramework[] = ['TENSORFLOW', 'TORCH', 'PYTHON', 'SKLEARN', 'LLM'];
const SERVERS: readonly ModelServer[] = ['PYTHON', 'TENSORFLOW_SERVING', 'VLLM'];
const TOOLS: readonly ServingTool[] = ['DEFAULT', 'KSERVE'];
const MODES: readonly InferenceLoggingMode[] = ['ALL', 'PREDICTIONS', 'MODEL_INPUTS'];
const PROTOCOLS: readonly ApiProtocol[] = ['REST', 'GRPC'];

// Jackson rejects a value of the wrong JSON type before any rule runs; it answers 400.
function typeError(field: string, expected: string): Error {
  return restError('WEBAPPLICATION', `Cannot deserialize field '${field}': expected ${expected}`);
}

function str(o: Json, field: string): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw typeError(field, 'a string');
  return v;
}

function num(o: Json, field: string, integer = true): number | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw typeError(field, integer ? 'an integer' : 'a number');
  }
  return v;
}

function bool(o: Json, field: string): boolean | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw typeError(field, 'a boolean');
  return v;
}

function obj(o: Json, field: string): Json | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw typeError(field, 'an object');
  return v as Json;
}

function strings(o: Json, field: string): string[] | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw typeError(field, 'an array of strings');
  return v as string[];
}

// Hopsworks' enums parse unknown strings to null, so a bad value reads as "not provided".
function enumValue<T extends string>(o: Json, field: string, values: readonly T[]): T | undefined {
  const v = str(o, field);
  return v !== undefined && (values as readonly string[]).includes(v.toUpperCase())
    ? (v.toUpperCase() as T)
    : undefined;
}

/** Java's Double.toString for the numbers we print in messages (2 → "2.0"). */
function javaDouble(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

function quantities(o: Json | undefined, field: string, fallback: Required<ResourceQuantities>) {
  const q = o ? obj(o, field) : undefined;
  return {
    cores: (q && num(q, 'cores', false)) ?? fallback.cores,
    memory: (q && num(q, 'memory')) ?? fallback.memory,
    gpus: (q && num(q, 'gpus')) ?? fallback.gpus,
  };
}

export interface ValidationContext {
  state: SandboxState;
  /** predictor/transformer scripts that exist in the project's file system */
  scriptExists(path: string): boolean;
}

export function validateServing(body: unknown, ctx: ValidationContext): ValidatedServing {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw restError('WEBAPPLICATION', 'The request body must be a JSON object');
  }
  const o = body as Json;
  const { state } = ctx;
  const id = num(o, 'id');
  const existing = id !== undefined ? state.servings.get(id) : undefined;
  if (id !== undefined && !existing) throw restError('INSTANCE_NOT_FOUND');

  const name = str(o, 'name');
  const modelPath = str(o, 'modelPath');
  const modelVersion = num(o, 'modelVersion');
  const modelFramework = enumValue(o, 'modelFramework', FRAMEWORKS);
  const modelServer = enumValue(o, 'modelServer', SERVERS);
  const servingTool = enumValue(o, 'servingTool', TOOLS);
  let modelName = str(o, 'modelName');
  const predictor = str(o, 'predictor');
  const transformer = str(o, 'transformer');
  const instances = num(o, 'requestedInstances');
  const transformerInstances = num(o, 'requestedTransformerInstances');
  const inferenceLogging = enumValue(o, 'inferenceLogging', MODES);
  const topicJson = obj(o, 'kafkaTopicDTO');
  const topicName = topicJson ? str(topicJson, 'name') : undefined;
  const topic: TopicRequest | undefined =
    topicJson && topicName !== undefined
      ? {
          name: topicName,
          numOfPartitions: num(topicJson, 'numOfPartitions'),
          numOfReplicas: num(topicJson, 'numOfReplicas'),
        }
      : undefined;
  const batching = batchingConfiguration(obj(o, 'batchingConfiguration'), servingTool);

  // validateServingName
  if (!name) throw illegalArgument('Serving name not provided');
  if (name.includes(' ')) throw illegalArgument('Serving name cannot contain spaces');
  const sameName = state.findServingByName(name);
  if (sameName && sameName.id !== id) throw restError('DUPLICATED_ENTRY');
  if (!/^[a-zA-Z0-9]+$/.test(name)) throw illegalArgument('Serving name must follow regex: "[a-zA-Z0-9]+"');

  if (modelPath === undefined) throw illegalArgument('Model path not provided');
  if (modelVersion === undefined) throw illegalArgument('Model version not provided');

  // validateModelFramework
  if (!modelFramework) throw illegalArgument('Model framework not provided');
  if (modelFramework === 'TENSORFLOW' && modelServer !== 'TENSORFLOW_SERVING') {
    throw illegalArgument('Tensorflow models require Tensorflow Serving server');
  }
  if (modelFramework === 'TORCH' && modelServer !== 'PYTHON') {
    throw illegalArgument('Torch models require Python model server');
  }

  // validateModelServer
  if (!modelServer) throw illegalArgument('Model server not provided or unsupported');
  if (existing && existing.spec.modelServer !== modelServer) throw restError('UPDATE_MODEL_SERVER_ERROR');
  const model = modelAt(state, modelPath, modelVersion);
  if (!model) throw restError('MODEL_PATH_NOT_FOUND');
  if (modelServer === 'TENSORFLOW_SERVING' && model.framework !== 'TENSORFLOW') {
    throw restError('MODEL_FILES_STRUCTURE_NOT_VALID', 'Model path does not respect the Tensorflow standard');
  }

  // validateModelName
  if (modelName === undefined) {
    modelName = model.name;
  } else if (!modelPath.endsWith(modelName)) {
    throw illegalArgument('Model name does not match the model path');
  }

  // validateServingTool
  if (!servingTool) throw illegalArgument('Serving tool not provided or invalid');
  const kserve = servingTool === 'KSERVE';
  if (kserve && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name)) {
    throw illegalArgument(
      "Serving name must consist of lower case alphanumeric characters, '-' or '.', and start and end with an " +
        'alphanumeric character',
    );
  }

  // validateArtifact (Kubernetes installed)
  const artifactVersion = num(o, 'artifactVersion');
  if (
    servingTool === 'DEFAULT' &&
    modelServer === 'TENSORFLOW_SERVING' &&
    artifactVersion !== undefined &&
    artifactVersion > 0
  ) {
    throw restError(
      'MODEL_ARTIFACT_NOT_VALID',
      'Default deployments with Tensorflow Serving only support MODEL-ONLY artifacts',
    );
  }

  // validatePredictor
  if (predictor !== undefined) {
    if (modelServer === 'TENSORFLOW_SERVING') {
      throw restError('PREDICTOR_NOT_SUPPORTED', 'Predictors are not supported with Tensorflow Serving');
    }
    validateScript(ctx, predictor, ['.py'], 'Predictor');
  } else {
    if (servingTool === 'DEFAULT' && modelServer === 'PYTHON') {
      throw restError('MODEL_ARTIFACT_NOT_VALID', 'Default deployments require a predictor');
    }
    if (modelFramework === 'PYTHON') {
      throw illegalArgument('Predictor scripts are required in custom python deployments');
    }
    if (modelFramework === 'TORCH')
      throw illegalArgument('Predictor scripts are required in torch deployments');
  }

  // validateTransformer
  if (transformer !== undefined) {
    if (!kserve) {
      throw restError('TRANSFORMER_NOT_SUPPORTED', 'Transformers are only supported on KServe deployments');
    }
    validateScript(ctx, transformer, ['.py', '.ipynb'], 'Transformer');
  }

  validateKafkaTopicSchema(state, servingTool, topic);
  validateInferenceLogging(servingTool, inferenceLogging, topic);
  validateInstances(state, servingTool, instances, transformer, transformerInstances);
  const predictorResources = resources(state, obj(o, 'predictorResources'));
  validateBatching(modelServer, servingTool, batching);

  const environment = obj(o, 'environmentDTO');
  const environmentName = environment ? str(environment, 'name') : undefined;
  const spec: ServingSpec = {
    name,
    description: str(o, 'description'),
    modelName,
    modelPath,
    modelVersion,
    modelFramework,
    modelServer,
    servingTool,
    predictor,
    configFile: str(o, 'configFile'),
    transformer,
    requestedInstances: instances as number,
    requestedTransformerInstances: transformerInstances,
    predictorResources,
    transformerResources: transformer ? resources(state, obj(o, 'transformerResources')) : undefined,
    batchingConfiguration: batching,
    inferenceLogging: topic && topic.name !== 'NONE' ? inferenceLogging : undefined,
    apiProtocol: enumValue(o, 'apiProtocol', PROTOCOLS) ?? 'REST',
    environmentDTO: environmentName ? { name: environmentName } : undefined,
    artifactVersion: nextArtifactVersion(existing, artifactVersion, predictor, transformer),
    predictorScalingConfig: obj(o, 'predictorScalingConfig'),
    transformerScalingConfig: obj(o, 'transformerScalingConfig'),
    predictorEnvVars: strings(o, 'predictorEnvVars'),
    transformerEnvVars: strings(o, 'transformerEnvVars'),
  };
  return { id, spec, topic };
}

function modelAt(state: SandboxState, modelPath: string, version: number) {
  const prefix = `/Projects/${state.project.name}/Models/`;
  if (!modelPath.startsWith(prefix)) return undefined;
  const name = modelPath.slice(prefix.length).replace(/\/$/, '');
  return name.includes('/') ? undefined : state.findModel(name, version);
}

function validateScript(ctx: ValidationContext, path: string, extensions: string[], component: string): void {
  const fileName = path.split('/').pop() ?? '';
  if (!extensions.some((e) => fileName.endsWith(e))) {
    throw illegalArgument(`${component} script should have a valid extension: ${extensions.join(', ')}`);
  }
  if (!ctx.scriptExists(path.replace(/^hdfs:\/\/[^/]*/, ''))) {
    throw restError('SCRIPT_NOT_FOUND', `${component} script does not exist`);
  }
}

function validateKafkaTopicSchema(
  state: SandboxState,
  tool: ServingTool,
  topic: TopicRequest | undefined,
): void {
  if (!topic || topic.name === 'NONE' || topic.name === 'CREATE') return;
  const record = state.topics.get(topic.name);
  if (!record) throw restError('KAFKA_TOPIC_NOT_FOUND');
  if (record.subject.toLowerCase() !== INFERENCE_SUBJECT) {
    throw restError(
      'KAFKA_TOPIC_NOT_VALID',
      `Inference logging requires a Kafka topic with schema '${INFERENCE_SUBJECT}'`,
    );
  }
  if (tool === 'DEFAULT' && record.subjectVersion >= 4) {
    throw restError(
      'KAFKA_TOPIC_NOT_VALID',
      'Inference logging in default deployments requires schema version 3 or lower',
    );
  }
  if (tool === 'KSERVE' && record.subjectVersion < 4) {
    throw restError(
      'KAFKA_TOPIC_NOT_VALID',
      'Inference logging in KServe deployments requires schema version 4 or greater',
    );
  }
}

function validateInferenceLogging(
  tool: ServingTool,
  mode: InferenceLoggingMode | undefined,
  topic: TopicRequest | undefined,
): void {
  const withTopic = topic !== undefined && topic.name !== 'NONE';
  if (!withTopic) {
    if (mode !== undefined)
      throw illegalArgument('Inference logger mode cannot be provided without a Kafka topic');
    return;
  }
  if (mode === undefined)
    throw illegalArgument('A valid inference logger mode must be provided with a Kafka topic');
  if (tool !== 'KSERVE' && mode !== 'ALL') {
    throw restError(
      'FINEGRAINED_INF_LOGGING_NOT_SUPPORTED',
      'Fine-grained inference logging only supported in KServe deployments',
    );
  }
}

function validateInstances(
  state: SandboxState,
  tool: ServingTool,
  instances: number | undefined,
  transformer: string | undefined,
  transformerInstances: number | undefined,
): void {
  if (instances === undefined) throw illegalArgument('Number of instances not provided');
  if (transformer === undefined && transformerInstances !== undefined) {
    throw illegalArgument('Number of transformer instances cannot be provided without a transformer');
  }
  if (transformer !== undefined && transformerInstances === undefined) {
    throw illegalArgument('Number of transformer instances must be provided with a transformer');
  }
  const max = state.numericVariable('kube_serving_max_num_instances', -1);
  if (max > -1) {
    if (instances > max) {
      throw illegalArgument(
        `Number of instances exceeds maximum number of instances allowed of ${max} instances`,
      );
    }
    if (transformerInstances !== undefined && transformerInstances > max) {
      throw illegalArgument(
        `Number of transformer instances exceeds maximum number of instances allowed of ${max} instances`,
      );
    }
  }
  if (state.numericVariable('kube_serving_min_num_instances', 1) === 0 && tool === 'KSERVE') {
    if (instances !== 0) {
      throw illegalArgument(
        'Scale-to-zero is required for KServe deployments in this cluster. Please, set the number of instances to 0.',
      );
    }
    if (transformerInstances !== undefined && transformerInstances !== 0) {
      throw illegalArgument(
        'Scale-to-zero is required for KServe deployments in this cluster. Please, set the number of transformer ' +
          'instances to 0.',
      );
    }
  }
}

// Absent values get the server defaults for requests; absent limits take the cluster maximum so an omitted
// limit never fails the maximum check below.
function resources(state: SandboxState, o: Json | undefined): ComponentResources {
  const max = {
    cores: state.numericVariable('kube_serving_max_cores_allocation', -1),
    memory: state.numericVariable('kube_serving_max_memory_allocation', -1),
    gpus: state.numericVariable('kube_serving_max_gpus_allocation', -1),
  };
  const requests = quantities(o, 'requests', { cores: 0.2, memory: 32, gpus: 0 });
  const limits = quantities(o, 'limits', max);
  for (const [q, label] of [
    [requests, 'Configured'],
    [limits, 'Configured'],
  ] as const) {
    if (max.cores > -1 && (q.cores < 0 || q.cores > max.cores)) {
      throw illegalArgument(
        `${label} cores allocation of ${javaDouble(q.cores)} exceeds maximum core allocation allowed of ` +
          `${javaDouble(max.cores)} cores`,
      );
    }
    if (max.memory > -1 && (q.memory < 0 || q.memory > max.memory)) {
      throw illegalArgument(
        `${label} memory allocation of ${q.memory} exceeds maximum memory allocation allowed of ${max.memory} MB`,
      );
    }
    if (max.gpus > -1 && (q.gpus < 0 || q.gpus > max.gpus)) {
      throw illegalArgument(
        `${label} gpus allocation of ${q.gpus} exceeds maximum gpu allocation allowed of ${max.gpus} gpus`,
      );
    }
  }
  if (limits.cores > -1 && (requests.cores < 0 || requests.cores > limits.cores)) {
    throw illegalArgument(
      `Requested cores allocation of ${javaDouble(requests.cores)} exceeds maximum core allocation of ` +
        `${javaDouble(limits.cores)} cores`,
    );
  }
  if (limits.memory > -1 && (requests.memory < 0 || requests.memory > limits.memory)) {
    throw illegalArgument(
      `Requested memory allocation of ${requests.memory} exceeds maximum memory allocation of ${limits.memory} MB`,
    );
  }
  if (limits.gpus > -1 && (requests.gpus < 0 || requests.gpus > limits.gpus)) {
    throw illegalArgument(
      `Requested gpus allocation of ${requests.gpus} exceeds maximum gpu allocation of ${limits.gpus} gpus`,
    );
  }
  return { requests, limits };
}

function batchingConfiguration(o: Json | undefined, tool: ServingTool | undefined): BatchingConfiguration {
  if (!o) return { batchingEnabled: false };
  const config: BatchingConfiguration = {
    batchingEnabled: bool(o, 'batchingEnabled') ?? false,
    maxBatchSize: num(o, 'maxBatchSize'),
    maxLatency: num(o, 'maxLatency'),
    timeout: num(o, 'timeout'),
  };
  const fineGrained =
    config.maxBatchSize !== undefined || config.maxLatency !== undefined || config.timeout !== undefined;
  if (tool === 'KSERVE' && fineGrained) config.batchingEnabled = true;
  return config;
}

function validateBatching(server: ModelServer, tool: ServingTool, config: BatchingConfiguration): void {
  if (!config.batchingEnabled) return;
  if (server === 'PYTHON' && tool !== 'KSERVE') {
    throw restError(
      'REQUEST_BATCHING_NOT_SUPPORTED',
      'Request batching is not supported in Python deployments without KServe',
    );
  }
  if (
    tool !== 'KSERVE' &&
    (config.maxBatchSize !== undefined || config.maxLatency !== undefined || config.timeout !== undefined)
  ) {
    throw restError(
      'REQUEST_BATCHING_NOT_SUPPORTED',
      'Fine-grained request batching is only supported in KServe deployments',
    );
  }
}

// ≤4.5 clients send -1 ("CREATE") for a new artifact; 0 is the MODEL-ONLY artifact (no scripts).
function nextArtifactVersion(
  existing: ServingRecord | undefined,
  requested: number | undefined,
  predictor: string | undefined,
  transformer: string | undefined,
): number {
  if (requested !== undefined && requested >= 0) return requested;
  if (!predictor && !transformer) return 0;
  const previous = existing?.spec.artifactVersion ?? 0;
  return previous + 1;
}
