// DeploymentSpec <-> the serving JSON of `PUT /serving` (shared docs hopsworks-rest.md §4.3–4.4).
// Create bodies carry what the Python client sends for the same intent, minus its explicit nulls (the
// server reads an absent field as null). Update bodies start from the whole existing object, because
// PUT is a full replace: whatever the form does not show must go back unchanged.
import type {
  ApiProtocol,
  ComponentResources,
  Deployment,
  ModelServer,
  ModelVersion,
  ScalingConfig,
  ServingKafkaTopic,
  ServingTool,
} from '../hopsworks/types';
import { SDK_DEFAULTS, defaultModelServer } from './defaults';
import { loggingModeOf, loggingTopic } from './loggerTopics';
import { isSet } from './spec';
import type {
  BatchingSpec,
  ComponentResourcesSpec,
  DeploymentSpec,
  LoggerSpec,
  ResourceAmounts,
} from './spec';

export function toDeploymentJson(spec: DeploymentSpec, existing?: Deployment): Deployment {
  const body: Deployment = existing
    ? structuredClone(existing)
    : {
        name: spec.name,
        modelName: spec.model.name,
        modelPath: spec.model.path,
        modelVersion: spec.model.version,
      };

  body.name = spec.name;
  setOrDelete(body, 'description', isSet(spec.description) ? spec.description : undefined);
  body.modelName = spec.model.name;
  body.modelPath = spec.model.path;
  body.modelVersion = spec.model.version;
  body.modelFramework = spec.model.framework;
  body.modelServer = spec.modelServer;
  body.servingTool = spec.servingTool;
  setOrDelete(body, 'predictor', isSet(spec.predictor) ? spec.predictor : undefined);
  setOrDelete(body, 'configFile', isSet(spec.configFile) ? spec.configFile : undefined);
  body.apiProtocol = spec.apiProtocol;
  setOrDelete(body, 'environmentDTO', isSet(spec.environment) ? { name: spec.environment } : undefined);
  body.requestedInstances = spec.requestedInstances;
  body.predictorResources = resourcesJson(spec.resources);
  body.batchingConfiguration = batchingJson(spec.batching);
  applyLogger(body, spec.logger);
  applyTransformer(body, spec);

  if (existing) {
    syncScaling(body, 'predictorScalingConfig', spec.requestedInstances);
    if (isSet(spec.transformer.script)) {
      syncScaling(body, 'transformerScalingConfig', spec.transformer.instances);
    }
    renewArtifactIfScriptsChanged(body, existing);
  }
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

function amounts(a: ResourceAmounts): ResourceAmounts {
  return { cores: a.cores, memory: a.memory, gpus: a.gpus };
}

function resourcesJson(r: ComponentResourcesSpec): ComponentResources {
  return { requests: amounts(r.requests), limits: amounts(r.limits) };
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

function applyLogger(body: Deployment, logger: LoggerSpec): void {
  const topic = logger.topic;
  if (topic.kind === 'NONE') {
    // Never {"name":"NONE"} with a mode: the server refuses a mode without a topic.
    body.inferenceLogging = 'NONE';
    delete body.kafkaTopicDTO;
    return;
  }
  body.inferenceLogging = logger.mode;
  const dto: ServingKafkaTopic =
    topic.kind === 'CREATE'
      ? { name: 'CREATE', numOfReplicas: topic.replicas, numOfPartitions: topic.partitions }
      : // The real topic name, never CREATE again: that would make a second topic.
        { name: topic.name, numOfReplicas: null, numOfPartitions: null };
  body.kafkaTopicDTO = dto;
}

function applyTransformer(body: Deployment, spec: DeploymentSpec): void {
  const t = spec.transformer;
  if (isSet(t.script)) {
    body.transformer = t.script;
    body.requestedTransformerInstances = t.instances;
    body.transformerResources = resourcesJson(t.resources);
    return;
  }
  // Everything that belongs to the transformer goes with it; the server refuses instances without a script.
  delete body.transformer;
  delete body.requestedTransformerInstances;
  delete body.transformerResources;
  delete body.transformerScalingConfig;
  delete body.transformerEnvVars;
}

/**
 * 4.6+ servers size a component from its scaling config; when the form changes the instance count, the
 * config's minimum follows so the edit is not silently ignored.
 */
function syncScaling(
  body: Deployment,
  key: 'predictorScalingConfig' | 'transformerScalingConfig',
  instances: number,
): void {
  const config: ScalingConfig | undefined = body[key];
  if (config === undefined || config.minInstances === undefined || config.minInstances === instances) return;
  config.minInstances = instances;
  if (config.maxInstances !== undefined && config.maxInstances !== -1 && config.maxInstances < instances) {
    config.maxInstances = instances;
  }
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
  if (b?.maxBatchSize !== undefined) spec.maxBatchSize = b.maxBatchSize;
  if (b?.maxLatency !== undefined) spec.maxLatency = b.maxLatency;
  if (b?.timeout !== undefined) spec.timeout = b.timeout;
  return spec;
}

/**
 * The form's view of a saved deployment. `model` supplies the framework when the deployment lacks one;
 * the Python client assumes SKLEARN in that case (backward compatibility), and so do we.
 * Unknown enum strings from a newer server are passed through unchanged, so saving does not alter them.
 */
export function specFromDeployment(d: Deployment, model?: ModelVersion): DeploymentSpec {
  const framework = d.modelFramework ?? model?.framework ?? 'SKLEARN';
  const instances = d.requestedInstances ?? SDK_DEFAULTS.instances;
  const spec: DeploymentSpec = {
    name: d.name,
    model: { name: d.modelName, version: d.modelVersion, framework, path: d.modelPath },
    servingTool: (d.servingTool ?? 'DEFAULT') as ServingTool,
    modelServer: (d.modelServer ?? defaultModelServer(framework)) as ModelServer,
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
  if (d.description !== undefined) spec.description = d.description;
  if (d.predictor !== undefined) spec.predictor = d.predictor;
  if (d.configFile !== undefined) spec.configFile = d.configFile;
  if (d.transformer !== undefined) spec.transformer.script = d.transformer;
  if (d.environmentDTO?.name !== undefined) spec.environment = d.environmentDTO.name;
  return spec;
}
