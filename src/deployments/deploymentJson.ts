// DeploymentSpec <-> the serving JSON of `PUT /serving` (shared docs hopsworks-rest.md §4.3–4.4, §10.1).
// Create bodies carry what the Python client sends for the same intent, minus its explicit nulls (the server
// reads an absent field as null). An update body is the deployment as GET returned it, less what only the
// server writes, with exactly the fields the form changed written over it: a save that changes nothing sends
// back what the server has (a no-op on every version), and whatever the form does not show goes back as it
// came — including fields of a newer server this code does not know.
import type {
  ApiProtocol,
  ComponentResources,
  Deployment,
  ModelServer,
  ModelVersion,
  ServingKafkaTopic,
  ServingTool,
} from '../hopsworks/types';
import { SDK_DEFAULTS, defaultModelServer } from './defaults';
import { loggingModeOf, loggingTopic } from './loggerTopics';
import { scalingFrom, scalingJson } from './scaling';
import type { ServerFeatures } from './serverFeatures';
import { isSet } from './spec';
import type {
  BatchingSpec,
  ComponentResourcesSpec,
  DeploymentSpec,
  LoggerSpec,
  ModelRef,
  ResourceAmounts,
  ScalingSpec,
} from './spec';

/**
 * What GET shows that only the server writes: the state it reads from Kubernetes and the inference paths
 * (hopsworks-rest.md §4.3 "S" fields). An update never sends them back.
 */
export const READ_ONLY_FIELDS = [
  'status',
  'condition',
  'availableInstances',
  'availableTransformerInstances',
  'hopsworksInferencePath',
  'modelServerInferencePath',
  'internalPort',
  'deployed',
  'revision',
] as const satisfies readonly (keyof Deployment)[];

export function toDeploymentJson(spec: DeploymentSpec, existing?: Deployment): Deployment {
  return existing ? updateBody(spec, existing) : createBody(spec);
}

// ---- create ----

function createBody(spec: DeploymentSpec): Deployment {
  const body = { name: spec.name } as Deployment;
  if (isSet(spec.description)) body.description = spec.description;
  if (spec.model) {
    body.modelName = spec.model.name;
    body.modelPath = spec.model.path;
    body.modelVersion = spec.model.version;
    body.modelFramework = spec.model.framework;
  }
  body.modelServer = spec.modelServer;
  body.servingTool = spec.servingTool;
  if (isSet(spec.predictor)) body.predictor = spec.predictor;
  if (isSet(spec.configFile)) body.configFile = spec.configFile;
  body.apiProtocol = spec.apiProtocol;
  if (isSet(spec.environment)) body.environmentDTO = { name: spec.environment };
  // 4.6+ sizes with the scaling config; `requestedInstances` is deprecated there (PY-4.6 resources.py).
  if (spec.scaling) body.predictorScalingConfig = scalingJson(spec.scaling);
  else body.requestedInstances = spec.requestedInstances;
  body.predictorResources = resourcesJson(spec.resources);
  body.batchingConfiguration = batchingJson(spec.batching);
  applyLogger(body, spec.logger);
  if (isSet(spec.transformer.script)) {
    const t = spec.transformer;
    body.transformer = t.script;
    if (t.scaling) body.transformerScalingConfig = scalingJson(t.scaling);
    else body.requestedTransformerInstances = t.instances;
    body.transformerResources = resourcesJson(t.resources);
    if (t.envVars && t.envVars.length > 0) body.transformerEnvVars = [...t.envVars];
  }
  // The Python client sends env vars only when there are some, and the vLLM fields only for vLLM.
  if (spec.envVars && spec.envVars.length > 0) body.predictorEnvVars = [...spec.envVars];
  if (spec.modelServer === 'VLLM' && spec.vllm) {
    if (isSet(spec.vllm.variant)) body.vllmVariant = spec.vllm.variant;
    if (isSet(spec.vllm.imageTag)) body.vllmImageTag = spec.vllm.imageTag;
  }
  return body;
}

// ---- update ----

/** The deployment as GET showed it, less what only the server writes; the topic by its name only. */
export function editableJson(d: Deployment): Deployment {
  const body = structuredClone(d);
  for (const key of READ_ONLY_FIELDS) delete body[key];
  if (body.kafkaTopicDTO) body.kafkaTopicDTO = keepTopic(body.kafkaTopicDTO.name);
  return body;
}

/** An existing topic: its real name, never CREATE again (that would make a second topic). */
function keepTopic(name: string): ServingKafkaTopic {
  return { name, numOfReplicas: null, numOfPartitions: null };
}

/**
 * Structural equality of plain data, a member set to undefined counting as absent (as in JSON). Written here
 * because this module is bundled into the webview, where Node's util is not available.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameData(x, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!sameData(ao[k], bo[k])) return false;
  return true;
}

const same = sameData;

/** Blank optional texts are absent. */
const text = (v: string | undefined): string | undefined => (isSet(v) ? v : undefined);

function updateBody(spec: DeploymentSpec, existing: Deployment): Deployment {
  const body = editableJson(existing);
  // What the form showed for the saved deployment, in the same shape as the spec: a part equal to it is
  // unchanged, and its JSON goes back as the server sent it.
  const was = specFromDeployment(existing, undefined, {
    scalingConfig: spec.scaling !== undefined,
    envVars: spec.envVars !== undefined,
  });

  if (spec.name !== existing.name) body.name = spec.name;
  // An update keeps the saved description, configuration file and environment when the request leaves them
  // empty (ServingFacade.mergeServings; mergeLimits.ts says so in the form): an emptied one is sent as saved.
  if (text(spec.description) !== undefined && spec.description !== existing.description) {
    body.description = spec.description;
  }
  applyModel(body, spec.model, was.model, existing);
  if (spec.modelServer !== was.modelServer) body.modelServer = spec.modelServer;
  if (spec.servingTool !== was.servingTool) body.servingTool = spec.servingTool;
  // Scripts are always replaced by an update: an emptied one is removed.
  if (text(spec.predictor) !== existing.predictor) setOrDelete(body, 'predictor', text(spec.predictor));
  if (text(spec.configFile) !== undefined && spec.configFile !== existing.configFile) {
    body.configFile = spec.configFile;
  }
  if (text(spec.environment) !== undefined && spec.environment !== existing.environmentDTO?.name) {
    body.environmentDTO = { ...existing.environmentDTO, name: spec.environment! };
  }
  if (spec.apiProtocol !== was.apiProtocol) body.apiProtocol = spec.apiProtocol;

  if (spec.scaling) {
    applyScaling(body, 'predictorScalingConfig', spec.scaling, existing.predictorScalingConfig, was);
  } else if (spec.requestedInstances !== was.requestedInstances) {
    body.requestedInstances = spec.requestedInstances;
  }
  if (!same(spec.resources, was.resources)) {
    body.predictorResources = resourcesJson(spec.resources, existing.predictorResources);
  }
  if (!same(spec.batching, was.batching)) body.batchingConfiguration = batchingJson(spec.batching);
  if (!sameLogger(spec.logger, was.logger)) applyLogger(body, spec.logger);
  applyTransformerUpdate(body, spec, was, existing);
  if (spec.envVars !== undefined && !same(spec.envVars, was.envVars ?? [])) {
    // An empty list (not null) is what clears them: the server keeps a list the request leaves null.
    body.predictorEnvVars = [...spec.envVars];
  }
  if (spec.vllm && spec.modelServer === 'VLLM') {
    if (text(spec.vllm.variant) !== undefined && spec.vllm.variant !== existing.vllmVariant) {
      body.vllmVariant = spec.vllm.variant;
    }
    if (text(spec.vllm.imageTag) !== undefined && spec.vllm.imageTag !== existing.vllmImageTag) {
      body.vllmImageTag = spec.vllm.imageTag;
    }
  }
  renewArtifactIfScriptsChanged(body, existing);
  return body;
}

function setOrDelete<K extends keyof Deployment>(
  body: Deployment,
  key: K,
  value: Deployment[K] | undefined,
): void {
  if (value === undefined) delete body[key];
  else body[key] = value;
}

function applyModel(
  body: Deployment,
  model: ModelRef | undefined,
  was: ModelRef | undefined,
  existing: Deployment,
): void {
  // The form never adds or removes a model; a model-less deployment keeps having none.
  if (!model || !was) return;
  if (model.name !== was.name) body.modelName = model.name;
  if (model.path !== was.path) body.modelPath = model.path;
  const newVersion = model.version !== was.version;
  if (newVersion) body.modelVersion = model.version;
  // The framework comes with the version; the server's own value is sent back unless it changed.
  if (newVersion || (existing.modelFramework !== undefined && model.framework !== existing.modelFramework)) {
    body.modelFramework = model.framework;
  }
}

function applyScaling(
  body: Deployment,
  key: 'predictorScalingConfig' | 'transformerScalingConfig',
  scaling: ScalingSpec,
  saved: Deployment['predictorScalingConfig'],
  was: DeploymentSpec,
): void {
  const before = key === 'predictorScalingConfig' ? was.scaling : was.transformer.scaling;
  if (before !== undefined && same(scaling, before)) return;
  body[key] = scalingJson(scaling, saved);
  // The deprecated count follows the minimum where the body carries one, as the 4.6+ server itself keeps it.
  const count = key === 'predictorScalingConfig' ? 'requestedInstances' : 'requestedTransformerInstances';
  if (body[count] !== undefined) body[count] = scaling.minInstances;
}

function applyTransformerUpdate(
  body: Deployment,
  spec: DeploymentSpec,
  was: DeploymentSpec,
  existing: Deployment,
): void {
  const t = spec.transformer;
  const script = text(t.script);
  if (script === undefined) {
    // Everything that belongs to the transformer goes with it; the server refuses instances without a script.
    delete body.transformer;
    delete body.requestedTransformerInstances;
    delete body.transformerResources;
    delete body.transformerScalingConfig;
    delete body.transformerEnvVars;
    return;
  }
  const added = existing.transformer === undefined;
  if (script !== existing.transformer) body.transformer = script;
  if (t.scaling) {
    if (added) {
      body.transformerScalingConfig = scalingJson(t.scaling);
      delete body.requestedTransformerInstances;
    } else {
      applyScaling(body, 'transformerScalingConfig', t.scaling, existing.transformerScalingConfig, was);
    }
  } else if (added || t.instances !== was.transformer.instances) {
    body.requestedTransformerInstances = t.instances;
  }
  if (added || !same(t.resources, was.transformer.resources)) {
    body.transformerResources = resourcesJson(t.resources, existing.transformerResources);
  }
  if (
    t.envVars !== undefined &&
    (added ? t.envVars.length > 0 : !same(t.envVars, was.transformer.envVars ?? []))
  ) {
    body.transformerEnvVars = [...t.envVars];
  }
}

function amounts(a: ResourceAmounts): ResourceAmounts {
  return { cores: a.cores, memory: a.memory, gpus: a.gpus };
}

/** Requests and limits from the spec; anything else the saved object holds is kept. */
function resourcesJson(r: ComponentResourcesSpec, saved?: ComponentResources): ComponentResources {
  return { ...(saved ?? {}), requests: amounts(r.requests), limits: amounts(r.limits) };
}

function batchingJson(b: BatchingSpec): Deployment['batchingConfiguration'] {
  // Without batching the fine-grained values stay out: a KServe server turns batching on when any is present.
  if (!b.enabled) return { batchingEnabled: false };
  const json: NonNullable<Deployment['batchingConfiguration']> = { batchingEnabled: true };
  if (b.maxBatchSize !== undefined) json.maxBatchSize = b.maxBatchSize;
  if (b.maxLatency !== undefined) json.maxLatency = b.maxLatency;
  if (b.timeout !== undefined) json.timeout = b.timeout;
  return json;
}

/** The mode does not matter without a topic. */
function sameLogger(a: LoggerSpec, b: LoggerSpec): boolean {
  if (a.topic.kind === 'NONE' && b.topic.kind === 'NONE') return true;
  return same(a, b);
}

function applyLogger(body: Deployment, logger: LoggerSpec): void {
  const topic = logger.topic;
  if (topic.kind === 'NONE') {
    // Never {"name":"NONE"} with a mode: the server refuses a mode without a topic.
    body.inferenceLogging = 'NONE';
    delete body.kafkaTopicDTO;
    return;
  }
  body.inferenceLogging = logger.mode;
  body.kafkaTopicDTO =
    topic.kind === 'CREATE'
      ? { name: 'CREATE', numOfReplicas: topic.replicas, numOfPartitions: topic.partitions }
      : keepTopic(topic.name);
}

/**
 * ≤4.5 servers keep scripts in a numbered artifact of the model version, which cannot be modified; a
 * changed script or model version needs a new artifact, which the client requests with -1 ("CREATE").
 */
function renewArtifactIfScriptsChanged(body: Deployment, existing: Deployment): void {
  if (typeof existing.artifactVersion !== 'number' || existing.artifactVersion < 0) return;
  const changed =
    body.predictor !== existing.predictor ||
    body.transformer !== existing.transformer ||
    body.modelName !== existing.modelName ||
    body.modelVersion !== existing.modelVersion;
  if (changed) body.artifactVersion = -1;
}

// ---- Deployment -> spec (editing) ----

function amountsFrom(a: ComponentResources['requests'], fallback: ResourceAmounts): ResourceAmounts {
  return {
    cores: a?.cores ?? fallback.cores,
    memory: a?.memory ?? fallback.memory,
    gpus: a?.gpus ?? fallback.gpus,
  };
}

/** Missing values are filled the way the Python client fills them (resources.py `_fill_missing_resources`). */
function resourcesFrom(r: ComponentResources | undefined): ComponentResourcesSpec {
  const requests = amountsFrom(r?.requests, {
    cores: SDK_DEFAULTS.requestCores,
    memory: SDK_DEFAULTS.requestMemory,
    gpus: SDK_DEFAULTS.gpus,
  });
  const limits = amountsFrom(r?.limits, {
    cores: Math.max(requests.cores, SDK_DEFAULTS.limitCores),
    memory: Math.max(requests.memory, SDK_DEFAULTS.limitMemory),
    gpus: requests.gpus,
  });
  return { requests, limits };
}

function loggerFrom(d: Deployment): LoggerSpec {
  const mode = loggingModeOf(d);
  const name = loggingTopic(d);
  return name === undefined ? { topic: { kind: 'NONE' }, mode } : { topic: { kind: 'EXISTING', name }, mode };
}

function batchingFrom(d: Deployment): BatchingSpec {
  const b = d.batchingConfiguration;
  const spec: BatchingSpec = { enabled: b?.batchingEnabled === true };
  if (b?.maxBatchSize != null) spec.maxBatchSize = b.maxBatchSize;
  if (b?.maxLatency != null) spec.maxLatency = b.maxLatency;
  if (b?.timeout != null) spec.timeout = b.timeout;
  return spec;
}

/** The served model, or undefined for a 4.6+ deployment without one (the server omits the model fields). */
function modelRefOf(d: Deployment, framework: string): ModelRef | undefined {
  const name: unknown = d.modelName;
  const version: unknown = d.modelVersion;
  if (typeof name !== 'string' || name === '' || typeof version !== 'number') return undefined;
  return { name, version, framework, path: typeof d.modelPath === 'string' ? d.modelPath : '' };
}

/**
 * The form's view of a saved deployment. `model` supplies the framework when the deployment lacks one;
 * the Python client assumes SKLEARN in that case (backward compatibility), and so do we. `features` says which
 * parts the server has (serverFeatures.ts); absent, they are read from what the deployment carries.
 * Unknown enum strings from a newer server are passed through unchanged, so saving does not alter them.
 */
export function specFromDeployment(
  d: Deployment,
  model?: ModelVersion,
  features?: Partial<ServerFeatures>,
): DeploymentSpec {
  const framework = d.modelFramework ?? model?.framework ?? 'SKLEARN';
  const instances = d.requestedInstances ?? SDK_DEFAULTS.instances;
  const modelRef = modelRefOf(d, framework);
  const spec: DeploymentSpec = {
    name: d.name,
    servingTool: (d.servingTool ?? 'DEFAULT') as ServingTool,
    modelServer: (d.modelServer ?? (modelRef ? defaultModelServer(framework) : 'PYTHON')) as ModelServer,
    requestedInstances: instances,
    resources: resourcesFrom(d.predictorResources),
    logger: loggerFrom(d),
    batching: batchingFrom(d),
    transformer: {
      instances: d.requestedTransformerInstances ?? instances,
      resources: resourcesFrom(d.transformerResources),
    },
    apiProtocol: (d.apiProtocol ?? 'REST') as ApiProtocol,
  };
  if (modelRef) spec.model = modelRef;
  if (d.description !== undefined && d.description !== null) spec.description = d.description;
  if (d.predictor != null) spec.predictor = d.predictor;
  if (d.configFile != null) spec.configFile = d.configFile;
  if (d.transformer != null) spec.transformer.script = d.transformer;
  if (d.environmentDTO?.name != null) spec.environment = d.environmentDTO.name;

  const scaling =
    features?.scalingConfig ?? (d.predictorScalingConfig !== undefined || d.version !== undefined);
  if (scaling) {
    spec.scaling = scalingFrom(d.predictorScalingConfig, instances);
    spec.transformer.scaling = scalingFrom(d.transformerScalingConfig, spec.transformer.instances);
  }
  const envVars =
    features?.envVars ??
    (d.predictorEnvVars !== undefined || d.vllmVariant !== undefined || d.vllmImageTag !== undefined);
  if (envVars) {
    spec.envVars = [...(d.predictorEnvVars ?? [])];
    spec.transformer.envVars = [...(d.transformerEnvVars ?? [])];
    spec.vllm = {};
    if (d.vllmVariant != null) spec.vllm.variant = d.vllmVariant;
    if (d.vllmImageTag != null) spec.vllm.imageTag = d.vllmImageTag;
  }
  return spec;
}
