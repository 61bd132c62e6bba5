// The words of the deployment rules: what the form explains beside a field before anything is wrong, next to
// what validation (validate.ts) says once a value breaks the same rule. They live here, beside the rules, so
// the form's explanations and the errors the host and the form report are written — and changed — together;
// the webview only places them. Each text takes the facts its rule is decided on.
import type { ServingVariables } from '../hopsworks/types';
import type { FormAvailability } from './availability';
import { INFERENCE_SCHEMA_NAME } from './loggerTopics';

/** KServe: the serving tool that unlocks most of the form. */
export const servingToolTexts = {
  explain: (kserveInstalled: boolean): string =>
    kserveInstalled
      ? 'KServe adds scale-to-zero, transformers, fine-grained logging and request batching.'
      : 'KServe is not installed on this cluster.',
  notInstalled: 'KServe is not installed on this cluster; choose the default serving tool.',
} as const;

/** The model server follows the framework, and is fixed once the deployment exists (240013). */
export const modelServerTexts = {
  explain: (locked: boolean, framework: string): string =>
    locked
      ? 'The model server of an existing deployment cannot change.'
      : `Chosen from the model's framework (${framework}).`,
  locked: (current: string): string =>
    `The model server of an existing deployment cannot change (it is ${current}); create a new deployment instead.`,
} as const;

/** The predictor script: refused by TF Serving, required for Python/Torch models and Python without KServe. */
export const predictorTexts = {
  explain: (rule: FormAvailability['predictor']): string =>
    rule === 'required'
      ? 'Required: a .py file in the project that implements the predictor.'
      : 'Optional: a .py file in the project; without one the model is served as is.',
  /** Shown instead of the field when TF Serving is chosen and no script is set. */
  forbiddenNote: 'TensorFlow Serving loads the SavedModel itself: it takes no predictor script.',
  forbidden: 'TensorFlow Serving deployments cannot use a predictor script.',
  modelLess: 'A deployment without a model runs its predictor script only: enter the script’s path (.py).',
} as const;

/** 4.6+ deployments without a model ("Python deployments", PY-4.6 `create_endpoint`). */
export const modelLessTexts = {
  note: 'This deployment has no model: it runs its predictor script, served by the Python model server.',
} as const;

/** ≤ 4.5: scripts copied into model artifacts are shown by their file names (artifactScripts.ts). */
export const artifactTexts = {
  explain: (artifactVersion: number): string =>
    `A file name alone names the script copied into the deployment’s model artifact (${artifactVersion}).`,
  newVersionNeedsPath: (component: 'predictor' | 'transformer'): string =>
    `Another model version gets a new model artifact, which copies the ${component} script from a full path: ` +
    'enter it as /Projects/… (a file name alone is not found, 240016).',
  notInArtifact: (component: 'predictor' | 'transformer', artifactVersion: number): string =>
    `A file name alone must be the ${component} script already in model artifact ${artifactVersion}; ` +
    'for another script enter its full path (/Projects/…).',
} as const;

/** Instances: scale-to-zero is KServe's; some clusters require it, and may cap the count. */
export function instancesExplanation(kserve: boolean, vars: ServingVariables): string {
  const max = vars.maxInstances === -1 ? '' : ` At most ${vars.maxInstances}.`;
  if (kserve && vars.scaleToZeroRequired) {
    return `This cluster requires scale-to-zero for KServe: 0 instances, started on demand.${max}`;
  }
  return kserve
    ? `0 = scale to zero (started on the first request).${max}`
    : `At least 1 without KServe.${max}`;
}

export const resourcesTexts = {
  explain: 'A limit of -1 means no limit (where the cluster allows it).',
} as const;

/** The inference logger: vLLM cannot log; the topic's schema version must match the serving tool. */
export const loggerTexts = {
  vllmNote: 'vLLM deployments cannot log inferences: choose “No inference logging”.',
  vllm: 'vLLM deployments cannot log inferences; turn inference logging off.',
  topic: (kserve: boolean, anyEligible: boolean): string => {
    const need = kserve ? 'version 4 or later (KServe)' : 'version 3 or earlier (without KServe)';
    return anyEligible
      ? `Existing topics must use schema “${INFERENCE_SCHEMA_NAME}” ${need}.`
      : `No topic of this project has schema “${INFERENCE_SCHEMA_NAME}” ${need}.`;
  },
  excludedCount: (n: number): string =>
    n === 1 ? '1 topic of this project is not offered' : `${n} topics of this project are not offered`,
  partitions: 'More partitions let more consumers read in parallel.',
  /**
   * The broker addresses a client reaches from outside (often one load balancer) do not tell how many brokers
   * the cluster has (shared docs §10.2 #2), so the count is said to be unknown rather than guessed from them.
   */
  replicas: (brokerCount: number | undefined): string =>
    brokerCount !== undefined
      ? `At most ${brokerCount} (the number of Kafka brokers).`
      : 'At most the number of Kafka brokers, which the addresses reachable from here do not tell; 1 always works.',
} as const;

/** What to log: only KServe logs inputs and predictions separately; otherwise the mode is ALL. */
export const loggerModeTexts = {
  explain: (kserve: boolean): string =>
    kserve ? 'Inputs and predictions are logged as separate messages.' : '',
  fixedNote:
    'Logs model inputs and predictions (ALL). Deployments without KServe always log both; ' +
    'logging only inputs or only predictions needs KServe.',
  fixed: 'Deployments without KServe can only log both model inputs and predictions.',
} as const;

/** Request batching: Python needs KServe for it; only KServe takes the size, latency and timeout. */
export const batchingTexts = {
  explain: (a: Pick<FormAvailability, 'batching' | 'batchingFineGrained'>): string =>
    !a.batching
      ? 'Python deployments need KServe for request batching.'
      : a.batchingFineGrained
        ? 'Empty values take the server’s defaults.'
        : 'Without KServe the batch size, latency and timeout are the server’s.',
  needsKServe: 'Request batching in Python deployments needs KServe.',
} as const;

const VLLM_TRANSFORMER = 'vLLM deployments cannot use a transformer.';

/** The transformer: KServe only, and not with vLLM. */
export const transformerTexts = {
  /** Shown instead of the transformer's fields when it is not available. */
  unavailableNote: (vllm: boolean): string =>
    vllm ? VLLM_TRANSFORMER : 'Transformers need KServe: choose KServe as the serving tool to add one.',
  vllm: VLLM_TRANSFORMER,
  needsKServe: 'Transformers are only available on KServe deployments.',
  script: 'Optional: a .py or .ipynb file in the project.',
  instances: 'Used only with a transformer script.',
} as const;

/** The API protocol: gRPC needs the Python model server, and the protocol is fixed once created. */
export const apiProtocolTexts = {
  explain: (editing: boolean): string =>
    editing
      ? 'The API protocol is fixed once a deployment is created.'
      : 'gRPC needs the Python model server. It cannot be changed after creation.',
  locked: (current: string): string =>
    `The API protocol of an existing deployment cannot change (it is ${current}).`,
  grpcNeedsPython: 'gRPC is only available with the Python model server.',
} as const;

/** The Python environment: blank leaves the choice to the server. */
export const environmentTexts = {
  explain: 'Empty = the server’s default environment.',
} as const;

/** 4.6+ scaling configs (PY-4.6 scaling_config.py docstrings). */
export const scalingTexts = {
  legend: (component: 'predictor' | 'transformer'): string =>
    component === 'predictor' ? 'Scaling (predictor)' : 'Scaling (transformer)',
  explain: (kserve: boolean): string =>
    kserve
      ? 'Knative adds and removes instances between the minimum and the maximum; empty values take the server’s defaults.'
      : 'Without KServe the deployment runs the minimum number of instances.',
  minInstances: (kserve: boolean, vars: ServingVariables): string => instancesExplanation(kserve, vars),
  maxInstances: (vars: ServingVariables): string =>
    vars.maxInstances === -1
      ? 'Empty = the server’s default.'
      : `At most ${vars.maxInstances}. Empty = the server’s default.`,
  scaleMetric: 'Concurrency: requests in flight per instance; RPS: requests per second per instance.',
  target: 'The value of the metric each instance aims for.',
  panicWindowPercentage: '1–100 % of the stable window.',
  panicThresholdPercentage:
    '1–200 % of the target: above it within the panic window, instances are added at once.',
  stableWindowSeconds: '1–3600 s over which the metric is averaged.',
  scaleToZeroRetentionSeconds: 'How long the last instance stays before scaling to zero.',
  knativeOnly: 'Only KServe deployments scale on a metric.',
} as const;

/** 4.8+ environment variables. */
export const envVarsTexts = {
  explain: 'One KEY=value per line; they are set in the container.',
} as const;

/** 4.8+ vLLM options. */
export const vllmTexts = {
  variant: 'Empty = the cluster’s default image.',
  imageTag: 'Empty = the cluster’s default tag.',
  badVariant: 'Choose VLLM or VLLM_OMNI, or leave it empty.',
  badTag: 'An image tag is letters, digits, “_”, “.” and “-” (at most 128, not starting with “.” or “-”).',
} as const;

/**
 * What an update cannot do (shared docs §10.1 #1, ServingFacade.mergeServings): a field left empty keeps its
 * saved value, so a description — and on 4.x the configuration file, the Python environment and the vLLM
 * options — can be replaced but not removed. The form says so instead of pretending to clear them.
 */
export const mergeTexts = {
  description:
    'Hopsworks keeps the saved description when this is left empty: it can be replaced, not removed.',
  kept: (label: string, saved: string): string =>
    `Hopsworks keeps the saved ${label} when this is left empty (an update cannot remove it): it stays “${saved}”.`,
  keptAfterSave: (labels: readonly string[]): string =>
    `Hopsworks kept the saved ${labels.join(', ')}: an update cannot remove ${labels.length === 1 ? 'it' : 'them'}.`,
} as const;
