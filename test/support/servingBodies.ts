// Bodies of `PUT /serving` as the sandbox tests send them raw over HTTPS: the seeded iris model
// (irisclassifier, sandbox/rest/seed.ts) served by KServe with small resources, and what a test is about on top.

type Json = Record<string, unknown>;

/** Requests and limits small enough for the test quotas. */
export const SMALL_RESOURCES = {
  requests: { cores: 0.2, memory: 32, gpus: 0 },
  limits: { cores: 1, memory: 1024, gpus: 0 },
};

/** A KServe deployment of irisclassifier v3 with no running instances; `extra` adds or replaces fields. */
export function irisKServeBody(extra: Json = {}): Json {
  return {
    modelName: 'irisclassifier',
    modelPath: '/Projects/mlops/Models/irisclassifier',
    modelVersion: 3,
    modelFramework: 'SKLEARN',
    modelServer: 'PYTHON',
    servingTool: 'KSERVE',
    requestedInstances: 0,
    predictorResources: SMALL_RESOURCES,
    ...extra,
  };
}

/** The seeded llmassistant v2 served by vLLM on KServe as "assistant": what a vLLM body has before sizing. */
export const ASSISTANT_VLLM = {
  name: 'assistant',
  modelName: 'llmassistant',
  modelPath: '/Projects/mlops/Models/llmassistant',
  modelVersion: 2,
  modelFramework: 'LLM',
  modelServer: 'VLLM',
  servingTool: 'KSERVE',
};
