// The server's deployment rules (HW ServingUtil.validateUserInput, KafkaServingHelper; shared docs
// hopsworks-rest.md §4.3–4.5, anchors.md §A4), checked before the PUT so each problem lands on its field.
// Where a rule also has an explanation in the form, both texts are in ruleTexts.ts.
import type { Deployment, ModelServer, ServingVariables } from '../hopsworks/types';
import {
  INFERENCE_LOGGING_MODES,
  MODEL_SERVERS,
  SERVING_TOOLS,
  VLLM_VARIANTS,
  isOneOf,
} from '../hopsworks/types';
import { artifactScriptNeedsPath } from './artifactScripts';
import { formAvailability, modelServersFor, predictorRule } from './availability';
import type { FormAvailability } from './availability';
import { envVarsError } from './envVars';
import { topicIneligibility } from './loggerTopics';
import { scalingErrors } from './scaling';
import {
  apiProtocolTexts,
  batchingTexts,
  loggerModeTexts,
  loggerTexts,
  modelServerTexts,
  predictorTexts,
  servingToolTexts,
  transformerTexts,
  vllmTexts,
} from './ruleTexts';
import { SCALING_KEYS, isSet } from './spec';
import type { ComponentResourcesSpec, DeploymentSpec, FieldErrors, FieldId, ScalingSpec } from './spec';
import type { ValidationContext } from './validationContext';

const SERVER_LABEL: Record<ModelServer, string> = {
  PYTHON: 'the Python model server',
  TENSORFLOW_SERVING: 'TensorFlow Serving',
  VLLM: 'vLLM',
};

export function validateSpec(spec: DeploymentSpec, ctx: ValidationContext): FieldErrors {
  const errors: FieldErrors = {};
  const put = (field: FieldId, message: string | undefined): void => {
    if (message !== undefined && errors[field] === undefined) errors[field] = message;
  };
  const kserve = spec.servingTool === 'KSERVE';
  const vars = ctx.variables;
  const existing = ctx.existing;
  const avail = formAvailability(spec, ctx);

  put('name', nameError(spec, ctx));
  put('model', modelError(spec, existing));

  if (!isOneOf(SERVING_TOOLS, spec.servingTool)) {
    put('servingTool', 'Choose KServe or the default serving tool.');
  } else if (kserve && !vars.kserveInstalled) {
    put('servingTool', servingToolTexts.notInstalled);
  }

  put('modelServer', modelServerError(spec, existing));
  put('predictor', predictorError(spec, existing));
  if (spec.scaling) {
    // 4.6+: the scaling config sizes the deployment; the deprecated count is not shown and not checked.
    validateScaling(spec.scaling, 'scaling.', spec, vars, existing?.predictorScalingConfig, put);
  } else {
    put('requestedInstances', instancesError(spec.requestedInstances, spec, vars, 'instances'));
  }
  validateResources(spec.resources, '', vars, put);
  validateLogger(spec, ctx, avail, put);
  validateBatching(spec, avail, put);

  if (isSet(spec.transformer.script)) {
    const script = spec.transformer.script;
    if (!kserve) put('transformer.script', transformerTexts.needsKServe);
    else if (!avail.transformer) put('transformer.script', transformerTexts.vllm);
    else if (!/\.(py|ipynb)$/.test(script)) {
      put('transformer.script', 'The transformer script must be a .py or .ipynb file.');
    }
    put('transformer.script', artifactScriptNeedsPath(spec, existing, 'transformer'));
    const t = spec.transformer;
    if (t.scaling) {
      validateScaling(t.scaling, 'transformer.scaling.', spec, vars, existing?.transformerScalingConfig, put);
    } else {
      put('transformer.instances', instancesError(t.instances, spec, vars, 'transformer instances'));
    }
    validateResources(t.resources, 'transformer.', vars, put);
    if (t.envVars) put('transformer.envVars', envVarsError(t.envVars));
  }
  if (spec.envVars) put('envVars', envVarsError(spec.envVars));
  if (spec.vllm && spec.modelServer === 'VLLM') {
    const variant = spec.vllm.variant;
    if (isSet(variant) && !isOneOf(VLLM_VARIANTS, variant) && variant !== existing?.vllmVariant) {
      put('vllm.variant', vllmTexts.badVariant);
    }
    const tag = spec.vllm.imageTag;
    if (isSet(tag) && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag))
      put('vllm.imageTag', vllmTexts.badTag);
  }

  if (spec.apiProtocol !== 'REST' && spec.apiProtocol !== 'GRPC') {
    put('apiProtocol', 'Choose REST or gRPC.');
  } else if (existing !== undefined && spec.apiProtocol !== (existing.apiProtocol ?? 'REST')) {
    put('apiProtocol', apiProtocolTexts.locked(existing.apiProtocol ?? 'REST'));
  } else if (spec.apiProtocol === 'GRPC' && !avail.grpc) {
    put('apiProtocol', apiProtocolTexts.grpcNeedsPython);
  }
  return errors;
}

function nameError(spec: DeploymentSpec, ctx: ValidationContext): string | undefined {
  const name = spec.name;
  if (name === '') return 'Enter a name for the deployment.';
  if (/\s/.test(name)) return 'The name cannot contain spaces.';
  if (spec.servingTool === 'KSERVE' && !/^[a-z0-9]+$/.test(name)) {
    return 'Use only lower-case letters (a-z) and digits: KServe puts the name in a host name.';
  }
  if (!/^[a-zA-Z0-9]+$/.test(name)) return 'Use only letters and digits (no dashes, underscores or dots).';
  const ownName = ctx.existing?.name;
  if (name !== ownName && (ctx.existingNames ?? []).includes(name)) {
    return `A deployment named '${name}' already exists in this project.`;
  }
  return undefined;
}

function modelError(spec: DeploymentSpec, existing: Deployment | undefined): string | undefined {
  const m = spec.model;
  // Only a deployment saved without a model may go on without one (4.6+); a new one deploys a model.
  if (!m) return existing !== undefined && !hasModel(existing) ? undefined : 'Choose a model.';
  if (m.name === '') return 'Choose a model.';
  if (!Number.isInteger(m.version) || m.version < 1) return 'Choose a model version.';
  // The server requires modelPath to end with modelName (ServingUtil.validateModelName).
  if (!m.path.endsWith(m.name)) return `The model path must end with the model name '${m.name}'.`;
  return undefined;
}

function modelServerError(spec: DeploymentSpec, existing: Deployment | undefined): string | undefined {
  const server = spec.modelServer;
  // An unchanged server on an existing deployment was accepted once, even if this code does not know it.
  if (existing?.modelServer !== undefined && existing.modelServer === server) return undefined;
  if (!isOneOf(MODEL_SERVERS, server)) return 'Choose a model server.';
  if (existing?.modelServer !== undefined) {
    return modelServerTexts.locked(existing.modelServer);
  }
  const allowed = modelServersFor(spec.model?.framework);
  if (!allowed.includes(server)) {
    const names = allowed.map((s) => SERVER_LABEL[s]).join(' or ');
    const what = spec.model ? `${spec.model.framework} models` : 'Deployments without a model';
    return `${what} cannot be served by ${SERVER_LABEL[server]}; use ${names}.`;
  }
  return undefined;
}

/** The model fields of a saved deployment; a 4.6+ deployment without a model has none. */
function hasModel(d: Deployment): boolean {
  const name: unknown = d.modelName;
  return typeof name === 'string' && name !== '';
}

function predictorError(spec: DeploymentSpec, existing: Deployment | undefined): string | undefined {
  const script = spec.predictor;
  const rule = predictorRule(spec);
  if (isSet(script)) {
    if (rule === 'forbidden') return predictorTexts.forbidden;
    if (!script.endsWith('.py')) return 'The predictor script must be a .py file.';
    return artifactScriptNeedsPath(spec, existing, 'predictor');
  }
  if (rule !== 'required') return undefined;
  if (!spec.model) return predictorTexts.modelLess;
  if (spec.model.framework === 'PYTHON') return 'Custom Python models need a predictor script.';
  if (spec.model.framework === 'TORCH') return 'PyTorch models need a predictor script.';
  return 'Python deployments without KServe need a predictor script.';
}

function instancesError(
  n: number,
  spec: DeploymentSpec,
  vars: ServingVariables,
  what: 'instances' | 'transformer instances',
): string | undefined {
  if (!Number.isInteger(n) || n < 0) return `Enter a whole number of ${what}, 0 or more.`;
  if (vars.maxInstances !== -1 && n > vars.maxInstances) {
    return `This cluster allows at most ${vars.maxInstances} ${what}.`;
  }
  if (spec.servingTool === 'KSERVE' && vars.scaleToZeroRequired && n !== 0) {
    return `This cluster requires scale-to-zero for KServe deployments: set the ${what} to 0.`;
  }
  if (spec.servingTool !== 'KSERVE' && n === 0) {
    return `Scale-to-zero (0 ${what}) needs KServe; set at least 1.`;
  }
  return undefined;
}

type Put = (field: FieldId, message: string | undefined) => void;

function validateScaling(
  scaling: ScalingSpec,
  prefix: 'scaling.' | 'transformer.scaling.',
  spec: DeploymentSpec,
  vars: ServingVariables,
  saved: Deployment['predictorScalingConfig'],
  put: Put,
): void {
  const what = prefix === 'scaling.' ? 'predictor' : 'transformer';
  const errors = scalingErrors(scaling, spec.servingTool, vars, what, saved);
  for (const key of ['minInstances', ...SCALING_KEYS] as const) {
    put(`${prefix}${key}`, errors[key]);
  }
}
type Kind = 'cores' | 'memory' | 'gpus';

const UNIT: Record<Kind, string> = { cores: 'cores', memory: 'MB', gpus: 'GPUs' };

function clusterMax(vars: ServingVariables, kind: Kind): number {
  return kind === 'cores' ? vars.maxCores : kind === 'memory' ? vars.maxMemory : vars.maxGpus;
}

function validateResources(
  res: ComponentResourcesSpec,
  prefix: '' | 'transformer.',
  vars: ServingVariables,
  put: Put,
): void {
  const field = (side: 'requests' | 'limits', kind: Kind): FieldId =>
    `${prefix}resources.${side}.${kind}` as FieldId;
  for (const kind of ['cores', 'memory', 'gpus'] as const) {
    const max = clusterMax(vars, kind);
    const req = res.requests[kind];
    const lim = res.limits[kind];
    put(field('requests', kind), requestError(kind, req, lim, max));
    put(field('limits', kind), limitError(kind, lim, req, max));
  }
}

function amountError(kind: Kind, v: number, allowUnlimited: boolean): string | undefined {
  const unlimited = allowUnlimited && v === -1;
  if (kind === 'cores' && !unlimited && !(Number.isFinite(v) && v > 0)) {
    return allowUnlimited
      ? 'Enter a number of cores above 0, or -1 for no limit.'
      : 'Enter a number of cores above 0.';
  }
  if (kind === 'memory' && !unlimited && !(Number.isInteger(v) && v > 0)) {
    return allowUnlimited
      ? 'Enter the memory in MB (a whole number above 0), or -1 for no limit.'
      : 'Enter the memory in MB, a whole number above 0.';
  }
  if (kind === 'gpus' && !(Number.isInteger(v) && v >= 0)) return 'Enter a whole number of GPUs, 0 or more.';
  return undefined;
}

function requestError(kind: Kind, req: number, lim: number, max: number): string | undefined {
  const bad = amountError(kind, req, false);
  if (bad !== undefined) return bad;
  if (max !== -1 && req > max) return `This cluster allows at most ${max} ${UNIT[kind]}.`;
  // GPUs are checked as request = limit on the limit field.
  if (kind !== 'gpus' && lim !== -1 && Number.isFinite(lim) && lim > 0 && req > lim) {
    return `The request (${req} ${UNIT[kind]}) is above the limit (${lim} ${UNIT[kind]}).`;
  }
  return undefined;
}

function limitError(kind: Kind, lim: number, req: number, max: number): string | undefined {
  const bad = amountError(kind, lim, kind !== 'gpus');
  if (bad !== undefined) return bad;
  // The server refuses -1 ("unlimited") where the cluster sets a maximum.
  if (max !== -1 && (lim === -1 || lim > max)) {
    return `This cluster allows at most ${max} ${UNIT[kind]}; set a limit of ${max} or less.`;
  }
  if (kind === 'gpus' && amountError('gpus', req, false) === undefined && lim !== req)
    return `The GPU limit must equal the GPU request (${req}).`;
  return undefined;
}

function validateLogger(
  spec: DeploymentSpec,
  ctx: ValidationContext,
  avail: FormAvailability,
  put: Put,
): void {
  const topic = spec.logger.topic;
  if (topic.kind === 'NONE') return;
  if (!avail.logger) {
    put('logger.topic', loggerTexts.vllm);
    return;
  }
  if (topic.kind === 'CREATE') {
    if (!Number.isInteger(topic.partitions) || topic.partitions < 1) {
      put('logger.partitions', 'Enter a whole number of partitions, 1 or more.');
    }
    if (!Number.isInteger(topic.replicas) || topic.replicas < 1) {
      put('logger.replicas', 'Enter a whole number of replicas, 1 or more.');
    } else if (ctx.brokerCount !== undefined && topic.replicas > ctx.brokerCount) {
      const brokers = ctx.brokerCount === 1 ? '1 broker' : `${ctx.brokerCount} brokers`;
      put('logger.replicas', `The Kafka cluster has ${brokers}; replicas cannot exceed that.`);
    }
  } else if (topic.name.trim() === '') {
    put('logger.topic', 'Choose a topic.');
  } else if (ctx.topics !== undefined) {
    const found = ctx.topics.find((t) => t.name === topic.name);
    put(
      'logger.topic',
      found === undefined
        ? `Topic '${topic.name}' is not a topic of this project.`
        : topicIneligibility(found, spec.servingTool),
    );
  }
  const mode = spec.logger.mode;
  if (!isOneOf(INFERENCE_LOGGING_MODES, mode)) put('logger.mode', 'Choose what to log.');
  else if (!avail.loggerModeChoice && mode !== 'ALL') {
    put('logger.mode', loggerModeTexts.fixed);
  }
}

function validateBatching(spec: DeploymentSpec, avail: FormAvailability, put: Put): void {
  const b = spec.batching;
  if (!b.enabled) return;
  if (!avail.batching) {
    put('batching', batchingTexts.needsKServe);
  }
  const fine = [
    ['batching.maxBatchSize', b.maxBatchSize, 'maximum batch size'],
    ['batching.maxLatency', b.maxLatency, 'maximum latency'],
    ['batching.timeout', b.timeout, 'timeout'],
  ] as const;
  for (const [field, value, label] of fine) {
    if (value === undefined) continue;
    if (!avail.batchingFineGrained) put(field, `Only KServe deployments accept a ${label}; leave it empty.`);
    else if (!Number.isInteger(value) || value < 1)
      put(field, `Enter a whole number above 0 for the ${label}.`);
  }
}
