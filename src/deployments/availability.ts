// Which parts of the form apply to the current choices. The form uses it to show, hide or lock inputs;
// validation uses the same predicates, so what the form offers is exactly what passes.
import type { Deployment, ModelServer, ServingVariables } from '../hopsworks/types';
import type { DeploymentSpec } from './spec';

export interface FormAvailability {
  /** Server choices for the model's framework. */
  modelServers: ModelServer[];
  /** Editing: the model server (240013) and the API protocol cannot change. */
  modelServerLocked: boolean;
  apiProtocolLocked: boolean;
  predictor: 'required' | 'optional' | 'forbidden';
  /** Allowed instance counts for predictor and transformer; `max` absent = unlimited. */
  instances: { min: number; max?: number };
  /** vLLM deployments cannot log inferences. */
  logger: boolean;
  /** Only KServe lets the user choose what to log; otherwise the mode is ALL. */
  loggerModeChoice: boolean;
  /** Python deployments need KServe for request batching. */
  batching: boolean;
  /** Max batch size, max latency and timeout: KServe only. */
  batchingFineGrained: boolean;
  /** KServe only, and not with vLLM. */
  transformer: boolean;
  /** gRPC needs the Python model server. */
  grpc: boolean;
  /** 4.6+ scaling configs: the scale metric, target, windows and retention are Knative's, so KServe only. */
  knativeScaling: boolean;
  /** 4.8+: the vLLM variant and image tag, with the vLLM model server. */
  vllmOptions: boolean;
}

/**
 * Model servers that can serve a framework: the server pins TensorFlow to TF Serving and Torch to Python
 * (ServingUtil.validateModelFramework) and TF Serving needs a SavedModel; LLMs run on vLLM or a custom
 * Python predictor. An unknown framework gets every server, leaving the decision to the server.
 */
export function modelServersFor(framework: string | undefined): ModelServer[] {
  switch (framework) {
    case undefined:
      // A deployment without a model runs a Python script (PY-4.6 hsml/python/endpoint.py).
      return ['PYTHON'];
    case 'TENSORFLOW':
      return ['TENSORFLOW_SERVING'];
    case 'TORCH':
    case 'PYTHON':
    case 'SKLEARN':
      return ['PYTHON'];
    case 'LLM':
      return ['VLLM', 'PYTHON'];
    default:
      return ['PYTHON', 'TENSORFLOW_SERVING', 'VLLM'];
  }
}

/**
 * ServingUtil.validatePredictor: TF Serving refuses a script; Python and Torch models, Python without KServe and
 * deployments without a model need one.
 */
export function predictorRule(
  spec: Pick<DeploymentSpec, 'model' | 'servingTool' | 'modelServer'>,
): FormAvailability['predictor'] {
  if (spec.modelServer === 'TENSORFLOW_SERVING') return 'forbidden';
  if (!spec.model) return 'required';
  const fw = spec.model.framework;
  if (fw === 'PYTHON' || fw === 'TORCH') return 'required';
  return spec.servingTool === 'DEFAULT' && spec.modelServer === 'PYTHON' ? 'required' : 'optional';
}

export function formAvailability(
  spec: DeploymentSpec,
  ctx: { variables: ServingVariables; existing?: Deployment },
): FormAvailability {
  const kserve = spec.servingTool === 'KSERVE';
  const vllm = spec.modelServer === 'VLLM';
  const v = ctx.variables;
  const max = kserve && v.scaleToZeroRequired ? 0 : v.maxInstances === -1 ? undefined : v.maxInstances;
  return {
    modelServers: modelServersFor(spec.model?.framework),
    modelServerLocked: ctx.existing !== undefined,
    apiProtocolLocked: ctx.existing !== undefined,
    predictor: predictorRule(spec),
    // Scale-to-zero (0 instances) is a Knative feature, so only KServe may go down to 0.
    instances: max === undefined ? { min: kserve ? 0 : 1 } : { min: kserve ? 0 : 1, max },
    logger: !vllm,
    loggerModeChoice: kserve,
    batching: kserve || spec.modelServer !== 'PYTHON',
    batchingFineGrained: kserve,
    transformer: kserve && !vllm,
    grpc: spec.modelServer === 'PYTHON',
    knativeScaling: kserve,
    vllmOptions: vllm && spec.vllm !== undefined,
  };
}
