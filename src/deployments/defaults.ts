// What the form starts with for a model version: the same choices the Python client makes
// (hsml predictor.py / resources.py / inference_logger.py), see shared docs hopsworks-rest.md §4.4–4.5.
import type { ModelServer, ModelVersion, ServingTool, ServingVariables } from '../hopsworks/types';
import { defaultScaling } from './scaling';
import type { ServerFeatures } from './serverFeatures';
import type { ComponentResourcesSpec, DeploymentSpec, ResourceAmounts } from './spec';

/** Python client constants (hopsworks_common/constants.py RESOURCES, KAFKA_TOPIC). */
export const SDK_DEFAULTS = {
  requestCores: 0.2,
  requestMemory: 32,
  gpus: 0,
  limitCores: 2,
  limitMemory: 1024,
  instances: 1,
  topicPartitions: 1,
  topicReplicas: 1,
} as const;

export interface DefaultsContext {
  projectName: string;
  variables: ServingVariables;
  /** Names of the project's deployments, so the suggested name does not collide. */
  existingNames?: readonly string[];
  /** What the connected Hopsworks version has (serverFeatures.ts); absent = what every version reads. */
  features?: Partial<ServerFeatures>;
}

export function defaultServingTool(variables: ServingVariables): ServingTool {
  return variables.kserveInstalled ? 'KSERVE' : 'DEFAULT';
}

/** The Python client's `_infer_model_server`: TensorFlow → TF Serving, LLM → vLLM, everything else → Python. */
export function defaultModelServer(framework: string | undefined): ModelServer {
  if (framework === 'TENSORFLOW') return 'TENSORFLOW_SERVING';
  if (framework === 'LLM') return 'VLLM';
  return 'PYTHON';
}

/**
 * The Python client's default name is the model name with every non-alphanumeric removed. For KServe we
 * also lower-case it: the server checks `[a-zA-Z0-9]+` and, for KServe, a DNS-1123 name, which together
 * mean `[a-z0-9]+`, so the Python default ("FraudModel") would be refused there. When the name is taken,
 * a counter is appended (fraud2, fraud3, …) rather than failing with 240011 as the Python client would.
 */
export function defaultDeploymentName(
  modelName: string,
  servingTool: ServingTool,
  existingNames: readonly string[] = [],
): string {
  let base = modelName.replace(/[^a-zA-Z0-9]/g, '');
  if (servingTool === 'KSERVE') base = base.toLowerCase();
  if (base === '') base = 'deployment';
  const taken = new Set(existingNames);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    if (!taken.has(`${base}${n}`)) return `${base}${n}`;
  }
}

export function defaultInstances(servingTool: ServingTool, variables: ServingVariables): number {
  return servingTool === 'KSERVE' && variables.scaleToZeroRequired ? 0 : SDK_DEFAULTS.instances;
}

function capped(value: number, clusterMax: number): number {
  return clusterMax !== -1 && clusterMax < value ? clusterMax : value;
}

/**
 * Limits: the Python client's constants (2 cores, 1024 MB, GPUs = requested GPUs), which is what current
 * clients send, rather than the `kube_serving_max_*` variables (read only by 4.2-era clients; usually -1,
 * which would make an "unlimited" default that a capped cluster then refuses). Where the cluster caps a
 * resource below the constant, the cap is used, so the defaults always pass the server's checks.
 */
export function defaultResources(variables: ServingVariables): ComponentResourcesSpec {
  const requests: ResourceAmounts = {
    cores: SDK_DEFAULTS.requestCores,
    memory: SDK_DEFAULTS.requestMemory,
    gpus: SDK_DEFAULTS.gpus,
  };
  const limits: ResourceAmounts = {
    cores: capped(Math.max(requests.cores, SDK_DEFAULTS.limitCores), variables.maxCores),
    memory: capped(Math.max(requests.memory, SDK_DEFAULTS.limitMemory), variables.maxMemory),
    gpus: requests.gpus,
  };
  return { requests, limits };
}

export function modelPath(projectName: string, modelName: string): string {
  return `/Projects/${projectName}/Models/${modelName}`;
}

export function defaultSpec(model: ModelVersion, ctx: DefaultsContext): DeploymentSpec {
  const servingTool = defaultServingTool(ctx.variables);
  const modelServer = defaultModelServer(model.framework);
  const instances = defaultInstances(servingTool, ctx.variables);
  const spec: DeploymentSpec = {
    name: defaultDeploymentName(model.name, servingTool, ctx.existingNames),
    model: {
      name: model.name,
      version: model.version,
      framework: model.framework ?? 'PYTHON',
      path: modelPath(ctx.projectName, model.name),
    },
    servingTool,
    modelServer,
    requestedInstances: instances,
    resources: defaultResources(ctx.variables),
    logger: {
      // vLLM deployments cannot log inferences, so they start with logging off instead of an invalid form.
      topic:
        modelServer === 'VLLM'
          ? { kind: 'NONE' }
          : {
              kind: 'CREATE',
              partitions: SDK_DEFAULTS.topicPartitions,
              replicas: SDK_DEFAULTS.topicReplicas,
            },
      mode: 'ALL',
    },
    batching: { enabled: false },
    transformer: { instances, resources: defaultResources(ctx.variables) },
    apiProtocol: 'REST',
  };
  if (ctx.features?.scalingConfig) {
    spec.scaling = defaultScaling(servingTool, ctx.variables);
    spec.transformer.scaling = defaultScaling(servingTool, ctx.variables);
  }
  if (ctx.features?.envVars) {
    spec.envVars = [];
    spec.transformer.envVars = [];
    spec.vllm = {};
  }
  return spec;
}
