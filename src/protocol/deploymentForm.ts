// What the deployment form webview and its host say to each other, on the envelope of messages.ts.
// The webview sends only the user's intent (a DeploymentSpec and a button); everything it needs to render and
// validate comes from the host in `init`. The host re-validates against its own context before any PUT.
import * as v from 'valibot';
import type { ServerFeatures } from '../deployments/serverFeatures';
import type { DeploymentSpec, FieldErrors, FieldId } from '../deployments/spec';
import { FIELD_IDS } from '../deployments/spec';
import type { Deployment, KafkaTopic, ServingVariables } from '../hopsworks/types';
import {
  API_PROTOCOLS,
  INFERENCE_LOGGING_MODES,
  MODEL_SERVERS,
  SCALE_METRICS,
  SERVING_TOOLS,
} from '../hopsworks/types';
import type { ParamSchemas } from './messages';

export type FormMode = 'create' | 'edit';

/** A version of the model being deployed, as the version picker shows it. */
export interface VersionChoice {
  version: number;
  framework: string;
}

/** What the form needs besides the spec: the same inputs the host's validation uses. */
export interface FormContext {
  mode: FormMode;
  projectName: string;
  variables: ServingVariables;
  /** Names of the project's other deployments (uniqueness). */
  existingNames: string[];
  /** All topics of the project (without schema text); the form filters them per serving tool. */
  topics: KafkaTopic[];
  /** Set when the topics could not be listed (e.g. the API key lacks the KAFKA scope). */
  topicsUnavailable?: string;
  /** Number of Kafka brokers when known; caps replicas of a new topic. */
  brokerCount?: number;
  /** Versions of the model, newest first (create mode picks among them). */
  versions: VersionChoice[];
  /** The deployment being edited, as the server returned it. */
  existing?: Deployment;
  /** The connected Hopsworks version (`GET /variables/versions`), when it could be read. */
  hopsworksVersion?: string;
  /** What that version supports (serverFeatures.ts): the form shows only those parts. */
  features: ServerFeatures;
}

export interface FormInit {
  context: FormContext;
  spec: DeploymentSpec;
}

export const SUBMIT_ACTIONS = ['create', 'createAndStart', 'save'] as const;
export type SubmitAction = (typeof SUBMIT_ACTIONS)[number];

export interface SubmitParams {
  action: SubmitAction;
  spec: DeploymentSpec;
}

/** How a successful submit ended. `failed`: saved, but it did not start (see message). */
export type SubmitOutcome = 'saved' | 'running' | 'failed' | 'notStarted';

export type SubmitResult =
  | {
      ok: true;
      outcome: SubmitOutcome;
      /** What happened, as a sentence for the panel. */
      message: string;
      /** The form reloaded for the saved deployment: after a create, the panel edits what it created. */
      init: FormInit;
    }
  | {
      ok: false;
      /** Problems that belong to a field (the server's 4xx where it maps to one, or the host's validation). */
      fieldErrors: FieldErrors;
      /** A problem that belongs to no field; shown at the top. */
      formError?: string;
    };

/** Host → webview while a submit runs. */
export interface ProgressEvent {
  phase: 'validating' | 'saving' | 'starting' | 'waiting' | 'done';
  message: string;
  /** Raw server status, when known. */
  status?: string;
  reason?: string;
}

export interface DeploymentFormProtocol {
  requests: {
    init: { params: Record<string, never>; result: FormInit };
    submit: { params: SubmitParams; result: SubmitResult };
  };
  events: {
    progress: ProgressEvent;
  };
}

// ---- host-side validation of what the webview sends ----

const finite = v.pipe(v.number(), v.finite());
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

const amountsSchema = v.object({ cores: finite, memory: finite, gpus: finite });
const resourcesSchema = v.object({ requests: amountsSchema, limits: amountsSchema });

const optionalNumber = v.optional(finite);

const scalingSchema = v.object({
  minInstances: finite,
  maxInstances: optionalNumber,
  // A metric a newer server sent back is kept as it came; validateSpec judges it.
  scaleMetric: v.optional(v.union([v.picklist(SCALE_METRICS), text(50)])),
  target: optionalNumber,
  panicWindowPercentage: optionalNumber,
  panicThresholdPercentage: optionalNumber,
  stableWindowSeconds: optionalNumber,
  scaleToZeroRetentionSeconds: optionalNumber,
});

/** `KEY=value` entries; their rules are validateSpec's. */
const envVarsSchema = v.pipe(v.array(text(10_000)), v.maxLength(500));

const topicSchema = v.variant('kind', [
  v.object({ kind: v.literal('CREATE'), partitions: finite, replicas: finite }),
  v.object({ kind: v.literal('EXISTING'), name: text(255) }),
  v.object({ kind: v.literal('NONE') }),
]);

/** The shape of a DeploymentSpec; the rules (ranges, combinations) are validateSpec's job. */
export const deploymentSpecSchema = v.object({
  name: text(255),
  description: v.optional(text(10_000)),
  model: v.optional(
    v.object({
      name: text(255),
      version: finite,
      framework: text(50),
      path: text(1000),
    }),
  ),
  servingTool: v.picklist(SERVING_TOOLS),
  modelServer: v.picklist(MODEL_SERVERS),
  predictor: v.optional(text(1000)),
  configFile: v.optional(text(1000)),
  requestedInstances: finite,
  resources: resourcesSchema,
  logger: v.object({ topic: topicSchema, mode: v.picklist(INFERENCE_LOGGING_MODES) }),
  batching: v.object({
    enabled: v.boolean(),
    maxBatchSize: v.optional(finite),
    maxLatency: v.optional(finite),
    timeout: v.optional(finite),
  }),
  transformer: v.object({
    script: v.optional(text(1000)),
    instances: finite,
    resources: resourcesSchema,
    scaling: v.optional(scalingSchema),
    envVars: v.optional(envVarsSchema),
  }),
  apiProtocol: v.picklist(API_PROTOCOLS),
  environment: v.optional(text(255)),
  scaling: v.optional(scalingSchema),
  envVars: v.optional(envVarsSchema),
  vllm: v.optional(v.object({ variant: v.optional(text(50)), imageTag: v.optional(text(200)) })),
}) satisfies v.GenericSchema<unknown, DeploymentSpec>;

export const deploymentFormSchemas: ParamSchemas<DeploymentFormProtocol> = {
  init: v.pipe(
    v.object({}),
    v.transform((): Record<string, never> => ({})),
  ),
  submit: v.object({
    action: v.picklist(SUBMIT_ACTIONS),
    spec: deploymentSpecSchema,
  }),
};

/**
 * The fields' labels: the form labels its controls with these, and the error summary names fields by them,
 * so the two always read the same.
 */
export const FIELD_LABELS: Record<FieldId, string> = {
  name: 'Name',
  description: 'Description',
  model: 'Model version',
  servingTool: 'Serving tool',
  modelServer: 'Model server',
  predictor: 'Predictor script',
  configFile: 'Configuration file (vLLM)',
  requestedInstances: 'Instances',
  'resources.requests.cores': 'Requested cores',
  'resources.requests.memory': 'Requested memory (MB)',
  'resources.requests.gpus': 'Requested GPUs',
  'resources.limits.cores': 'Core limit',
  'resources.limits.memory': 'Memory limit (MB)',
  'resources.limits.gpus': 'GPU limit',
  'logger.topic': 'Kafka topic',
  'logger.partitions': 'Partitions',
  'logger.replicas': 'Replicas',
  'logger.mode': 'What to log',
  batching: 'Batch requests',
  'batching.maxBatchSize': 'Maximum batch size',
  'batching.maxLatency': 'Maximum latency (ms)',
  'batching.timeout': 'Batching timeout (s)',
  'transformer.script': 'Transformer script',
  'transformer.instances': 'Transformer instances',
  'transformer.resources.requests.cores': 'Transformer requested cores',
  'transformer.resources.requests.memory': 'Transformer requested memory (MB)',
  'transformer.resources.requests.gpus': 'Transformer requested GPUs',
  'transformer.resources.limits.cores': 'Transformer core limit',
  'transformer.resources.limits.memory': 'Transformer memory limit (MB)',
  'transformer.resources.limits.gpus': 'Transformer GPU limit',
  apiProtocol: 'API protocol',
  environment: 'Python environment',
  'scaling.minInstances': 'Minimum instances',
  'scaling.maxInstances': 'Maximum instances',
  'scaling.scaleMetric': 'Scale metric',
  'scaling.target': 'Target per instance',
  'scaling.panicWindowPercentage': 'Panic window (%)',
  'scaling.panicThresholdPercentage': 'Panic threshold (%)',
  'scaling.stableWindowSeconds': 'Stable window (s)',
  'scaling.scaleToZeroRetentionSeconds': 'Scale-to-zero retention (s)',
  'transformer.scaling.minInstances': 'Transformer minimum instances',
  'transformer.scaling.maxInstances': 'Transformer maximum instances',
  'transformer.scaling.scaleMetric': 'Transformer scale metric',
  'transformer.scaling.target': 'Transformer target per instance',
  'transformer.scaling.panicWindowPercentage': 'Transformer panic window (%)',
  'transformer.scaling.panicThresholdPercentage': 'Transformer panic threshold (%)',
  'transformer.scaling.stableWindowSeconds': 'Transformer stable window (s)',
  'transformer.scaling.scaleToZeroRetentionSeconds': 'Transformer scale-to-zero retention (s)',
  envVars: 'Environment variables (predictor)',
  'transformer.envVars': 'Environment variables (transformer)',
  'vllm.variant': 'vLLM variant',
  'vllm.imageTag': 'vLLM image tag',
};

export function isFieldId(s: string): s is FieldId {
  return (FIELD_IDS as readonly string[]).includes(s);
}
