// Server-side checks of a PUT /serving body, in the order and with the codes and texts of Hopsworks'
// ServingUtil.validateUserInput (HW-BM), plus what later versions added (docs/sandbox-profiles.md): 4.6+
// scaling configs and deployments without a model, 4.8+ environment variables and vLLM fields. Fields a
// version does not know are ignored, as Jackson ignores unknown properties. The first failing rule wins.
import type {
  ApiProtocol,
  Batching,
  InferenceLogging,
  ModelServer,
  Quantities,
  Resources,
  ScalingConfig,
  ServingTool,
} from '../types';
import {
  API_PROTOCOLS,
  INFERENCE_LOGGING_MODES,
  MODEL_FRAMEWORKS,
  MODEL_SERVERS,
  SCALE_METRICS,
  SERVING_TOOLS,
} from '../types';
import { illegalArgument, restError } from './errors';
import { INFERENCE_SUBJECT } from './inferenceSchemas';
import type { SandboxState, ServingRecord, ServingSpec } from './state';

/** `kafkaTopicDTO` of a request: CREATE, NONE or an existing topic name. */
export interface TopicRequest {
  name: string;
  numOfPartitions?: number;
  numOfReplicas?: number;
}

/** Spec fields an update keeps from the stored deployment when the request leaves them null (the merge). */
export type KeptField =
  | 'description'
  | 'artifactVersion'
  | 'requestedTransformerInstances'
  | 'configFile'
  | 'environmentDTO'
  | 'predictorScalingConfig'
  | 'transformerScalingConfig'
  | 'predictorEnvVars'
  | 'transformerEnvVars'
  | 'vllmVariant'
  | 'vllmImageTag';

export interface ValidatedServing {
  id?: number;
  /** The request after the server's defaults; on update, `mergeSpec` folds it into the stored spec. */
  spec: ServingSpec;
  topic?: TopicRequest;
  /** Fields the request left null, which an update keeps. */
  absent: ReadonlySet<KeptField>;
}

type Json = Record<string, unknown>;

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

/** Java's `String.format("%s", double)`: 2 → "2.0". */
function javaDouble(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** `DockerResourcesConfiguration`: a field left out of a given object takes the class default (1 core, 2048 MB). */
function quantities(q: Json): Quantities {
  return { cores: num(q, 'cores', false) ?? 1, memory: num(q, 'memory') ?? 2048, gpus: num(q, 'gpus') ?? 0 };
}

/** `DeployableComponentResources`: requests (0.2, 32, 0) and limits (-1, -1, -1) when left out. */
function resourcesOf(o: Json | undefined): Resources {
  const requests = o && obj(o, 'requests');
  const limits = o && obj(o, 'limits');
  return {
    requests: requests ? quantities(requests) : { cores: 0.2, memory: 32, gpus: 0 },
    limits: limits ? quantities(limits) : { cores: -1, memory: -1, gpus: -1 },
  };
}

export interface ValidationContext {
  state: SandboxState;
  /** predictor/transformer scripts that exist in the project's file system (full HopsFS paths) */
  scriptExists(path: string): boolean;
}

export function validateServing(body: unknown, ctx: ValidationContext): ValidatedServing {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw restError('WEBAPPLICATION', 'The request body must be a JSON object');
  }
  const o = body as Json;
  const { state } = ctx;
  const profile = state.profile;
  const id = num(o, 'id');

  const name = str(o, 'name');
  const modelPath = str(o, 'modelPath');
  const modelVersion = num(o, 'modelVersion');
  let modelFramework = enumValue(o, 'modelFramework', MODEL_FRAMEWORKS);
  const modelServer = enumValue(o, 'modelServer', MODEL_SERVERS);
  const servingTool = enumValue(o, 'servingTool', SERVING_TOOLS);
  let modelName = str(o, 'modelName');
  let predictor = str(o, 'predictor');
  let transformer = str(o, 'transformer');
  const instances = num(o, 'requestedInstances');
  const transformerInstances = num(o, 'requestedTransformerInstances');
  const inferenceLogging = enumValue(o, 'inferenceLogging', INFERENCE_LOGGING_MODES);
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
  const batching = defaultBatching(obj(o, 'batchingConfiguration'), servingTool);
  // ≤4.5 only: later servers do not read `artifactVersion`.
  const artifactVersion = profile.artifacts ? num(o, 'artifactVersion') : undefined;
  const modelLess =
    profile.scalingConfig && modelPath === undefined && modelName === undefined && modelVersion === undefined;

  // validateServingName
  if (!name) throw illegalArgument('Serving name not provided');
  if (name.includes(' ')) throw illegalArgument('Serving name cannot contain spaces');
  const sameName = state.findServingByName(name);
  if (sameName && sameName.id !== id) throw restError('DUPLICATED_ENTRY');
  if (!/^[a-zA-Z0-9]+$/.test(name)) throw illegalArgument('Serving name must follow regex: "[a-zA-Z0-9]+"');

  if (!modelLess) {
    if (modelPath === undefined) throw illegalArgument('Model path not provided');
    if (modelVersion === undefined) throw illegalArgument('Model version not provided');
  }

  // validateModelServer
  if (!modelServer) throw illegalArgument('Model server not provided or unsupported');
  if (sameName && sameName.spec.modelServer !== modelServer) throw restError('UPDATE_MODEL_SERVER_ERROR');
  const model = modelLess ? undefined : modelAt(state, modelPath ?? '', modelVersion ?? -1);
  if (modelLess) {
    if (modelServer !== 'PYTHON')
      illegalArgumentThrow('Deployments without a model require the Python model server');
  } else {
    if (!model) throw restError('MODEL_PATH_NOT_FOUND');
    if (modelServer === 'TENSORFLOW_SERVING' && model.framework !== 'TENSORFLOW') {
      throw restError(
        'MODEL_FILES_STRUCTURE_NOT_VALID',
        'Model path does not respect the Tensorflow standard',
      );
    }
  }

  // validateModelFramework
  if (!modelLess) {
    if (!modelFramework) {
      // Backward compatibility with clients that do not send it (hsml 3.0).
      modelFramework = modelServer === 'TENSORFLOW_SERVING' ? 'TENSORFLOW' : 'SKLEARN';
    } else if (modelFramework === 'TENSORFLOW' && modelServer !== 'TENSORFLOW_SERVING') {
      throw illegalArgument('Tensorflow models require Tensorflow Serving server');
    } else if (modelFramework === 'TORCH' && modelServer !== 'PYTHON') {
      throw illegalArgument('Torch models require Python model server');
    }
  }

  // validateModelName
  if (!modelLess) {
    if (modelName === undefined) modelName = (modelPath ?? '').split('/')[4];
    else if (!(modelPath ?? '').endsWith(modelName))
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

  // validateArtifact (≤4.5; Kubernetes installed)
  if (profile.artifacts) {
    const ret = validateArtifact(state, {
      id,
      name,
      servingTool,
      modelServer,
      artifactVersion,
      predictor,
      transformer,
    });
    predictor = ret.predictor;
    transformer = ret.transformer;
  }
  const artifactDir =
    artifactVersion !== undefined && artifactVersion > 0
      ? `${modelPath ?? ''}/${modelVersion ?? ''}/Artifacts/${artifactVersion}/`
      : '';

  // validatePredictor
  if (predictor !== undefined) {
    if (modelServer === 'TENSORFLOW_SERVING') {
      throw restError('PREDICTOR_NOT_SUPPORTED', 'Predictors are not supported with Tensorflow Serving');
    }
    validateScript(
      ctx,
      artifactDir ? `${artifactDir}predictor-${predictor}` : predictor,
      ['.py'],
      'Predictor',
    );
  } else {
    if (servingTool === 'DEFAULT' && modelServer === 'PYTHON') {
      throw restError('MODEL_ARTIFACT_NOT_VALID', 'Default deployments require a predictor');
    }
    if (modelLess) throw illegalArgument('Python scripts are required in deployments without models');
    if (modelFramework === 'PYTHON')
      throw illegalArgument('Predictor scripts are required in custom python deployments');
    if (modelFramework === 'TORCH')
      throw illegalArgument('Predictor scripts are required in torch deployments');
  }

  // validateTransformer
  if (transformer !== undefined) {
    if (!kserve) {
      throw restError('TRANSFORMER_NOT_SUPPORTED', 'Transformers are only supported on KServe deployments');
    }
    validateScript(
      ctx,
      artifactDir ? `${artifactDir}transformer-${transformer}` : transformer,
      ['.py', '.ipynb'],
      'Transformer',
    );
  }

  validateKafkaTopicSchema(state, servingTool, topic);
  validateInferenceLogging(servingTool, inferenceLogging, topic);

  const predictorScaling = profile.scalingConfig
    ? scalingConfig(obj(o, 'predictorScalingConfig'), 'predictor')
    : undefined;
  const transformerScaling = profile.scalingConfig
    ? scalingConfig(obj(o, 'transformerScalingConfig'), 'transformer')
    : undefined;
  const requested = validateInstances(state, {
    id,
    tool: servingTool,
    instances,
    transformer,
    transformerInstances,
    predictorScaling,
    transformerScaling,
  });
  const predictorResources = validateResources(state, resourcesOf(obj(o, 'predictorResources')), 'predictor');
  const transformerResources = transformer
    ? validateResources(state, resourcesOf(obj(o, 'transformerResources')), 'transformer')
    : undefined;
  validateBatching(modelServer, servingTool, batching);

  const environment = obj(o, 'environmentDTO');
  const environmentName = environment ? str(environment, 'name') : undefined;
  const envVars = profile.envVars
    ? {
        predictor: envVarList(strings(o, 'predictorEnvVars'), 'predictorEnvVars'),
        transformer: envVarList(strings(o, 'transformerEnvVars'), 'transformerEnvVars'),
      }
    : undefined;
  const vllm = profile.envVars && modelServer === 'VLLM' ? vllmFields(o) : undefined;

  const spec: ServingSpec = {
    name,
    description: str(o, 'description'),
    modelName,
    modelPath: modelLess ? undefined : modelPath,
    modelVersion: modelLess ? undefined : modelVersion,
    modelFramework: modelLess ? undefined : modelFramework,
    modelServer,
    servingTool,
    predictor,
    configFile: str(o, 'configFile'),
    transformer,
    requestedInstances: requested.predictor,
    requestedTransformerInstances: requested.transformer,
    predictorResources,
    transformerResources,
    batchingConfiguration: batching,
    inferenceLogging: topic && topic.name.toUpperCase() !== 'NONE' ? inferenceLogging : undefined,
    apiProtocol: enumValue(o, 'apiProtocol', API_PROTOCOLS) ?? ('REST' satisfies ApiProtocol),
    environmentDTO: environmentName ? { name: environmentName } : undefined,
    artifactVersion,
    predictorScalingConfig: predictorScaling,
    transformerScalingConfig: transformer ? transformerScaling : undefined,
    predictorEnvVars: envVars?.predictor,
    transformerEnvVars: transformer ? envVars?.transformer : undefined,
    vllmVariant: vllm?.variant,
    vllmImageTag: vllm?.imageTag,
  };
  const absent = new Set<KeptField>();
  if (!spec.description) absent.add('description');
  for (const k of [
    'artifactVersion',
    'requestedTransformerInstances',
    'configFile',
    'environmentDTO',
    'predictorScalingConfig',
    'transformerScalingConfig',
    'predictorEnvVars',
    'transformerEnvVars',
    'vllmVariant',
    'vllmImageTag',
  ] as const) {
    if (spec[k] === undefined) absent.add(k);
  }
  return { id, spec, topic, absent };
}

function illegalArgumentThrow(message: string): never {
  throw illegalArgument(message);
}

/**
 * An update (PUT with id) merges into what is stored (ServingFacade.fill + mergeServings): the fields the
 * request left null or empty keep their stored value; topic, logging mode, predictor and transformer are
 * always replaced (their absence removes them); everything else comes from the request after its defaults.
 */
export function mergeSpec(stored: ServingSpec, v: ValidatedServing): ServingSpec {
  const merged: ServingSpec = { ...v.spec };
  for (const field of v.absent) {
    // The 4.x fields (configFile, environment, scaling, env vars, vLLM) are merged the same way; their
    // server code is not public (docs/sandbox-profiles.md).
    (merged as unknown as Record<string, unknown>)[field] = stored[field];
  }
  if (!merged.transformer) {
    delete merged.transformerScalingConfig;
    delete merged.transformerEnvVars;
    delete merged.requestedTransformerInstances;
  }
  return merged;
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

/**
 * ≤4.5 ServingUtil.validateArtifact: a bare script name means "in the existing artifact", a path means "copy
 * into a new one"; MODEL-ONLY artifacts (0) hold no scripts and existing artifacts cannot be modified.
 */
function validateArtifact(
  state: SandboxState,
  r: {
    id: number | undefined;
    name: string;
    servingTool: ServingTool;
    modelServer: ModelServer;
    artifactVersion: number | undefined;
    predictor: string | undefined;
    transformer: string | undefined;
  },
): { predictor: string | undefined; transformer: string | undefined } {
  let { predictor, transformer } = r;
  const v = r.artifactVersion;
  if (r.servingTool === 'DEFAULT' && r.modelServer === 'TENSORFLOW_SERVING' && v !== undefined && v > 0) {
    throw restError(
      'MODEL_ARTIFACT_NOT_VALID',
      'Default deployments with Tensorflow Serving only support MODEL-ONLY artifacts',
    );
  }
  const code = artifactInputCode(predictor, transformer);
  const newArtifact = v === undefined || v === -1;
  const operation = (message: string) => restError('MODEL_ARTIFACT_OPERATION_ERROR', message);
  const noScriptsInModelOnly = 'Predictors and transformers cannot be used in MODEL-ONLY artifacts';
  const cannotModify =
    'Existing artifacts cannot be modified. To change predictors or transformers, create a new artifact';
  if (r.id === undefined) {
    if (!newArtifact) {
      if (v === 0) {
        if (code !== 0) throw operation(noScriptsInModelOnly);
      } else {
        if (code === 0) throw operation('Other than MODEL-ONLY artifacts require a predictor or transformer');
        if (code !== 2) throw operation(cannotModify);
      }
    }
  } else if (newArtifact) {
    if (code === 3) {
      // One script new, the other from the stored artifact: the stored one gets its absolute path so it can
      // be copied into the new artifact.
      const stored = state.findServingByName(r.name);
      const dir = stored ? artifactDirOf(stored) : '';
      if (predictor && !predictor.includes('/')) predictor = `${dir}predictor-${predictor}`;
      if (transformer && !transformer.includes('/')) transformer = `${dir}transformer-${transformer}`;
    }
  } else if (v === 0) {
    if (code !== 0) throw operation(noScriptsInModelOnly);
  } else if (code !== 2) {
    throw operation(cannotModify);
  }
  return { predictor, transformer };
}

/** 0: no scripts; 1: only new (paths); 2: only existing (bare names); 3: one of each. */
function artifactInputCode(predictor: string | undefined, transformer: string | undefined): number {
  const kind = (s: string) => (s.includes('/') ? 1 : 2);
  if (predictor === undefined) return transformer === undefined ? 0 : kind(transformer);
  if (transformer === undefined) return kind(predictor);
  return kind(predictor) === kind(transformer) ? kind(predictor) : 3;
}

export function artifactDirOf(s: ServingRecord): string {
  const spec = s.spec;
  return `${spec.modelPath ?? ''}/${spec.modelVersion ?? ''}/Artifacts/${spec.artifactVersion ?? 0}/`;
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
  mode: InferenceLogging | undefined,
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

/**
 * Scaling config of a 4.6+ request, checked with the bounds the Python client documents (scaling_config.py):
 * min ≥ 0, max ≥ 1 and ≥ min, panic window 1–100 %, panic threshold 1–200 %, stable window 1–3600 s,
 * retention ≥ 0, target > 0.
 */
function scalingConfig(o: Json | undefined, component: string): ScalingConfig | undefined {
  if (!o) return undefined;
  const field = `${component}ScalingConfig`;
  const min = num(o, 'minInstances');
  if (min === undefined) throw illegalArgument(`${field}.minInstances must be provided`);
  const config: ScalingConfig = { minInstances: min };
  const max = num(o, 'maxInstances');
  const metric = str(o, 'scaleMetric');
  const target = num(o, 'target', false);
  const panicWindow = num(o, 'panicWindowPercentage', false);
  const panicThreshold = num(o, 'panicThresholdPercentage', false);
  const stable = num(o, 'stableWindowSeconds');
  const retention = num(o, 'scaleToZeroRetentionSeconds');
  const range = (value: number | undefined, name: string, lo: number, hi: number, unit = '') => {
    if (value !== undefined && (value < lo || value > hi)) {
      throw illegalArgument(`${field}.${name} must be between ${lo} and ${hi}${unit}, got ${value}`);
    }
  };
  if (min < 0) throw illegalArgument(`${field}.minInstances must be 0 or more, got ${min}`);
  if (max !== undefined && (max < 1 || max < min)) {
    throw illegalArgument(
      `${field}.maxInstances must be at least 1 and at least minInstances (${min}), got ${max}`,
    );
  }
  if (metric !== undefined && !(SCALE_METRICS as readonly string[]).includes(metric.toUpperCase())) {
    throw illegalArgument(`${field}.scaleMetric must be one of ${SCALE_METRICS.join(', ')}, got ${metric}`);
  }
  if (target !== undefined && target <= 0)
    throw illegalArgument(`${field}.target must be greater than 0, got ${target}`);
  range(panicWindow, 'panicWindowPercentage', 1, 100, ' %');
  range(panicThreshold, 'panicThresholdPercentage', 1, 200, ' %');
  range(stable, 'stableWindowSeconds', 1, 3600, ' s');
  if (retention !== undefined && retention < 0) {
    throw illegalArgument(`${field}.scaleToZeroRetentionSeconds must be 0 or more, got ${retention}`);
  }
  if (max !== undefined) config.maxInstances = max;
  if (metric !== undefined) config.scaleMetric = metric.toUpperCase() as ScalingConfig['scaleMetric'];
  if (target !== undefined) config.target = target;
  if (panicWindow !== undefined) config.panicWindowPercentage = panicWindow;
  if (panicThreshold !== undefined) config.panicThresholdPercentage = panicThreshold;
  if (stable !== undefined) config.stableWindowSeconds = stable;
  if (retention !== undefined) config.scaleToZeroRetentionSeconds = retention;
  return config;
}

/**
 * validateInstances. ≤4.5 sizes with `requestedInstances`; 4.6+ with the scaling configs' minimum, falling
 * back to the deprecated `requestedInstances` (and, on update, to what is stored). Returns the instance
 * counts to store (4.6+ keeps `requestedInstances` equal to the predictor minimum).
 */
function validateInstances(
  state: SandboxState,
  r: {
    id: number | undefined;
    tool: ServingTool;
    instances: number | undefined;
    transformer: string | undefined;
    transformerInstances: number | undefined;
    predictorScaling: ScalingConfig | undefined;
    transformerScaling: ScalingConfig | undefined;
  },
): { predictor: number; transformer: number | undefined } {
  const stored = r.id !== undefined ? state.servings.get(r.id)?.spec : undefined;
  const scaling = state.profile.scalingConfig;
  const instances = scaling
    ? (r.predictorScaling?.minInstances ?? r.instances ?? stored?.predictorScalingConfig?.minInstances)
    : r.instances;
  const transformerInstances = scaling
    ? (r.transformerScaling?.minInstances ?? r.transformerInstances)
    : r.transformerInstances;
  if (instances === undefined) throw illegalArgument('Number of instances not provided');
  if (r.transformer === undefined && transformerInstances !== undefined) {
    throw illegalArgument('Number of transformer instances cannot be provided without a transformer');
  }
  const transformerCount =
    r.transformer !== undefined && transformerInstances === undefined && scaling
      ? stored?.transformerScalingConfig?.minInstances
      : transformerInstances;
  if (r.transformer !== undefined && transformerCount === undefined) {
    throw illegalArgument('Number of transformer instances must be provided with a transformer');
  }
  const max = state.numericVariable('kube_serving_max_num_instances', -1);
  if (max > -1) {
    const maxOf = (c: ScalingConfig | undefined, n: number | undefined) =>
      Math.max(c?.maxInstances ?? 0, n ?? 0);
    if (maxOf(r.predictorScaling, instances) > max) {
      throw illegalArgument(
        `Number of instances exceeds maximum number of instances allowed of ${max} instances`,
      );
    }
    if (maxOf(r.transformerScaling, transformerCount) > max) {
      throw illegalArgument(
        `Number of transformer instances exceeds maximum number of instances allowed of ${max} instances`,
      );
    }
  }
  const kserve = r.tool === 'KSERVE';
  if (state.numericVariable('kube_serving_min_num_instances', 1) === 0 && kserve) {
    if (instances !== 0) {
      throw illegalArgument(
        scaling
          ? 'Scale-to-zero is required for KServe deployments in this cluster. Please, set the minimum number of instances to 0.'
          : 'Scale-to-zero is required for KServe deployments in this cluster. Please, set the number of instances to 0.',
      );
    }
    if (transformerCount !== undefined && transformerCount !== 0) {
      throw illegalArgument(
        'Scale-to-zero is required for KServe deployments in this cluster. Please, set the number of transformer ' +
          'instances to 0.',
      );
    }
  }
  if (scaling && !kserve && instances === 0) {
    throw illegalArgument(
      'Minimum number of instances cannot be 0 for deployments not using KServe. Please, set the minimum number of ' +
        'instances to at least 1.',
    );
  }
  return { predictor: instances, transformer: r.transformer !== undefined ? transformerCount : undefined };
}

/** validateResources, with the texts of ServingUtil (including its "cores" in the gpu request message). */
function validateResources(state: SandboxState, res: Resources, _component: string): Resources {
  const maxCores = state.numericVariable('kube_serving_max_cores_allocation', -1);
  const maxMemory = state.numericVariable('kube_serving_max_memory_allocation', -1);
  const maxGpus = state.numericVariable('kube_serving_max_gpus_allocation', -1);
  const { requests, limits } = res;
  for (const [q, isRequest] of [
    [requests, true],
    [limits, false],
  ] as const) {
    if (maxCores > -1 && (q.cores < 0 || q.cores > maxCores)) {
      throw illegalArgument(
        `Configured cores allocation of ${javaDouble(q.cores)} exceeds maximum core allocation allowed of ` +
          `${javaDouble(maxCores)} cores`,
      );
    }
    if (maxMemory > -1 && (q.memory < 0 || q.memory > maxMemory)) {
      throw illegalArgument(
        `Configured memory allocation of ${q.memory} exceeds maximum memory allocation allowed of ${maxMemory} MB`,
      );
    }
    if (maxGpus > -1 && (q.gpus < 0 || q.gpus > maxGpus)) {
      throw illegalArgument(
        `Configured ${isRequest ? 'cores' : 'gpus'} allocation of ${q.gpus} exceeds maximum gpu allocation allowed of ${maxGpus} gpus`,
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
  return res;
}

/** ServingUtil.setDefaultRequestBatching: off when absent; on KServe, any fine-grained value turns it on. */
function defaultBatching(o: Json | undefined, tool: ServingTool | undefined): Batching {
  if (!o) return { batchingEnabled: false };
  const config: Batching = {
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

function validateBatching(server: ModelServer, tool: ServingTool, config: Batching): void {
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

/** 4.8+ vLLM fields (PY-4.8 constants `VLLM_VARIANT_*`): the variant is VLLM or VLLM_OMNI. */
function vllmFields(o: Json): { variant: string | undefined; imageTag: string | undefined } {
  const variant = str(o, 'vllmVariant');
  if (variant !== undefined && !['VLLM', 'VLLM_OMNI'].includes(variant)) {
    throw illegalArgument(`vllmVariant must be VLLM or VLLM_OMNI, got ${variant}`);
  }
  return { variant, imageTag: str(o, 'vllmImageTag') };
}

/** 4.8+ `["KEY=value"]`: a key as a shell variable name, then `=`. */
function envVarList(list: string[] | undefined, field: string): string[] | undefined {
  if (list === undefined) return undefined;
  const keys = new Set<string>();
  for (const entry of list) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(entry);
    if (!m) throw illegalArgument(`${field}: "${entry}" is not of the form KEY=value`);
    const key = m[1] as string;
    if (keys.has(key)) throw illegalArgument(`${field}: ${key} is set twice`);
    keys.add(key);
  }
  return list;
}
