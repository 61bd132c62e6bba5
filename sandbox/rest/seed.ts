// The sandbox's starting world: project `mlops`, a model registry with several frameworks and versions,
// inference-log topics of both schema generations, and one deployment of each interesting kind.
import {
  DEFAULT_SCHEMA_VERSION,
  INFERENCE_SUBJECT,
  KSERVE_SCHEMA_VERSION,
  inferenceSchema,
} from './inferenceSchemas';
import type { ModelRecord, ServingRecord, ServingSpec, TopicRecord } from './state';
import { SandboxState } from './state';

const DAY = 24 * 60 * 60 * 1000;

export const PROJECT_NAME = 'mlops';
export const PROJECT_ID = 119;
export const USERNAME = 'demo_user';
const FEATURE_STORE_ID = 67;

/** The condition reason shown for the version that never starts (a missing Python package). */
export const FAILING_REASON =
  "Predictor container crashed during startup: ModuleNotFoundError: No module named 'xgboost' " +
  '(CrashLoopBackOff). Add xgboost to the deployment environment or redeploy with another model version.';

const TRANSACTIONS_SCHEMA = JSON.stringify({
  type: 'record',
  name: 'transaction',
  namespace: 'ai.hopsworks.mlops',
  fields: [
    { name: 'txId', type: 'string' },
    { name: 'accountId', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'timestamp', type: 'long' },
  ],
});

function models(now: number): ModelRecord[] {
  const m = (
    name: string,
    version: number,
    framework: ModelRecord['framework'],
    ageDays: number,
    metrics: Record<string, number>,
    description: string,
    extra: Partial<ModelRecord> = {},
  ): ModelRecord => ({
    name,
    version,
    framework,
    created: now - ageDays * DAY,
    metrics,
    description,
    environment: `/Projects/${PROJECT_NAME}/Models/${name}/${version}/environment.yml`,
    program: `/Projects/${PROJECT_NAME}/Jupyter/train_${name}.ipynb`,
    ...extra,
  });
  return [
    m('irisclassifier', 1, 'SKLEARN', 60, { accuracy: 0.91, f1: 0.9 }, 'Iris species, logistic regression'),
    m('irisclassifier', 2, 'SKLEARN', 31, { accuracy: 0.95, f1: 0.94 }, 'Iris species, random forest'),
    m('irisclassifier', 3, 'SKLEARN', 9, { accuracy: 0.97, f1: 0.96 }, 'Iris species, gradient boosting', {
      trainingDatasetVersion: 2,
    }),
    m('fraudtf', 1, 'TENSORFLOW', 45, { auc: 0.88, precision: 0.71, recall: 0.64 }, 'Card fraud, dense net'),
    m('fraudtf', 2, 'TENSORFLOW', 12, { auc: 0.93, precision: 0.8, recall: 0.7 }, 'Card fraud, wider net', {
      trainingDatasetVersion: 1,
    }),
    m('churnpredictor', 1, 'PYTHON', 40, { auc: 0.81, logloss: 0.43 }, 'Customer churn, custom pipeline'),
    m('churnpredictor', 2, 'PYTHON', 20, { auc: 0.84, logloss: 0.4 }, 'Customer churn, tuned pipeline'),
    m('churnpredictor', 3, 'PYTHON', 2, { auc: 0.86, logloss: 0.37 }, 'Customer churn, xgboost pipeline', {
      failReason: FAILING_REASON,
    }),
  ];
}

const resources = (cores: number, memory: number) => ({
  requests: { cores: 0.2, memory: 32, gpus: 0 },
  limits: { cores, memory, gpus: 0 },
});

function spec(
  name: string,
  model: string,
  version: number,
  kind: 'kserve-sklearn' | 'default-tf' | 'kserve-python',
  extra: Partial<ServingSpec>,
): ServingSpec {
  const base = {
    name,
    modelName: model,
    modelPath: `/Projects/${PROJECT_NAME}/Models/${model}`,
    modelVersion: version,
    apiProtocol: 'REST',
    batchingConfiguration: { batchingEnabled: false },
    artifactVersion: 0,
  } as const;
  switch (kind) {
    case 'kserve-sklearn':
      return {
        ...base,
        modelFramework: 'SKLEARN',
        modelServer: 'PYTHON',
        servingTool: 'KSERVE',
        requestedInstances: 0,
        predictorResources: resources(1, 1024),
        environmentDTO: { name: 'pandas-inference-pipeline' },
        ...extra,
      };
    case 'default-tf':
      return {
        ...base,
        modelFramework: 'TENSORFLOW',
        modelServer: 'TENSORFLOW_SERVING',
        servingTool: 'DEFAULT',
        requestedInstances: 1,
        predictorResources: resources(2, 2048),
        ...extra,
      };
    case 'kserve-python':
      return {
        ...base,
        modelFramework: 'PYTHON',
        modelServer: 'PYTHON',
        servingTool: 'KSERVE',
        requestedInstances: 0,
        predictor: `/Projects/${PROJECT_NAME}/Models/${model}/${version}/predict_churn.py`,
        predictorResources: resources(1, 1024),
        environmentDTO: { name: 'pandas-inference-pipeline' },
        artifactVersion: 1,
        ...extra,
      };
  }
}

export function seedState(now = Date.now()): SandboxState {
  const state = new SandboxState(
    {
      id: PROJECT_ID,
      name: PROJECT_NAME,
      description: 'MLOps demo project: model registry, serving and inference logging',
      created: now - 120 * DAY,
      username: USERNAME,
      email: 'demo_user@hopsworks.ai',
      firstName: 'Demo',
      lastName: 'User',
    },
    FEATURE_STORE_ID,
  );

  for (const [k, v] of Object.entries({
    kube_kserve_installed: 'true',
    kube_serving_min_num_instances: '0',
    kube_serving_max_num_instances: '5',
    kube_knative_domain_name: 'hopsworks.sandbox',
    kube_serving_max_cores_allocation: '4',
    kube_serving_max_memory_allocation: '8192',
    kube_serving_max_gpus_allocation: '0',
    kafka_num_replicas: '1',
    kafka_num_partitions: '1',
  })) {
    state.variables.set(k, v);
  }

  state.models.push(...models(now));

  for (const v of [1, 2, 3, 4] as const) state.addSubject(INFERENCE_SUBJECT, v, inferenceSchema(v));
  state.addSubject('transactions', 1, TRANSACTIONS_SCHEMA);

  const topics: TopicRecord[] = [
    topic('irisclassifier-inf4821', 2, KSERVE_SCHEMA_VERSION),
    topic('fraudtf-inf5510', 1, DEFAULT_SCHEMA_VERSION),
    topic('churnpredictor-inf1187', 1, KSERVE_SCHEMA_VERSION),
    topic('irismonitor-inf2094', 1, KSERVE_SCHEMA_VERSION),
    topic('legacyfraud-inf3310', 1, DEFAULT_SCHEMA_VERSION),
    { name: 'transactions', partitions: 3, replicas: 1, subject: 'transactions', subjectVersion: 1 },
  ];
  for (const t of topics) state.topics.set(t.name, t);

  const servings: ServingRecord[] = [
    serving(state, 21, now - 8 * DAY, 'Running', {
      spec: spec('irisclassifier', 'irisclassifier', 3, 'kserve-sklearn', {
        description: 'Iris classifier (KServe, logs requests and predictions)',
        inferenceLogging: 'ALL',
      }),
      topicName: 'irisclassifier-inf4821',
    }),
    serving(state, 22, now - 11 * DAY, 'Running', {
      spec: spec('fraudtf', 'fraudtf', 2, 'default-tf', {
        description: 'Fraud scoring with TensorFlow Serving (Docker/Kubernetes)',
        inferenceLogging: 'ALL',
      }),
      topicName: 'fraudtf-inf5510',
    }),
    serving(state, 23, now - 19 * DAY, 'Stopped', {
      spec: spec('churnpredictor', 'churnpredictor', 2, 'kserve-python', {
        description: 'Churn predictor (stopped; logs predictions only)',
        inferenceLogging: 'PREDICTIONS',
      }),
      topicName: 'churnpredictor-inf1187',
    }),
    serving(state, 24, now - 30 * DAY, 'Running', {
      spec: spec('irisnolog', 'irisclassifier', 2, 'kserve-sklearn', {
        description: 'Iris classifier v2 without inference logging',
      }),
    }),
  ];
  for (const s of servings) state.servings.set(s.id, s);
  state.reserveServingIds(24);
  return state;
}

function topic(name: string, partitions: number, version: number): TopicRecord {
  return { name, partitions, replicas: 1, subject: INFERENCE_SUBJECT, subjectVersion: version };
}

function serving(
  state: SandboxState,
  id: number,
  created: number,
  status: 'Running' | 'Stopped',
  parts: Pick<ServingRecord, 'spec' | 'topicName'>,
): ServingRecord {
  const running = status === 'Running';
  return {
    id,
    ...parts,
    created,
    creator: state.userFullName,
    status,
    condition: running
      ? { type: 'READY', status: true, reason: 'Deployment is ready' }
      : { type: 'STOPPED', status: true, reason: 'Deployment is stopped' },
    availableInstances: running ? Math.max(1, parts.spec.requestedInstances) : 0,
    deployed: running ? created + 60_000 : undefined,
    revision: running ? String(Math.floor((created + 60_000) / 1000)) : undefined,
  };
}
