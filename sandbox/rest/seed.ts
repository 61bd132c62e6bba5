// The sandbox's starting world: project `mlops` with a Data owner and a Data scientist, a model registry with
// several frameworks and versions, inference-log topics of every schema generation (one bound to v5 with
// older v4 events on it, one shared by two deployments), and one deployment of each interesting kind — as
// the chosen server version stores and shows them (docs/sandbox-profiles.md).
import type { Profile } from '../profiles';
import type { Resources, ScalingConfig } from '../types';
import {
  DEFAULT_SCHEMA_VERSION,
  INFERENCE_SCHEMA_VERSIONS,
  INFERENCE_SUBJECT,
  KSERVE_SCHEMA_VERSION,
  inferenceSchema,
} from './inferenceSchemas';
import { CONDITIONS } from './lifecycle';
import type { ModelRecord, Quotas, ServingRecord, ServingSpec, TopicRecord } from './state';
import { SandboxState } from './state';

const DAY = 24 * 60 * 60 * 1000;

export const PROJECT_NAME = 'mlops';
export const PROJECT_ID = 119;
export const USERNAME = 'demo_user';
/** The second project member, with the Data scientist role: reads everything, writes nothing. */
export const DATA_SCIENTIST = 'ds_user';
const FEATURE_STORE_ID = 67;

/** The last traceback line of the model version whose predictor cannot start. */
export const CRASH = "ModuleNotFoundError: No module named 'xgboost'";

/** The topic two seeded deployments log to (fraudtf and its canary, told apart by `modelId`). */
export const SHARED_TOPIC = 'fraudtf-inf5510';
/** The topic bound to `inferenceschema` v5 whose older events are v4 bytes. */
export const EVOLVED_TOPIC = 'churnpredictor-inf1187';

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
      crashesWith: CRASH,
    }),
    // Served with vLLM (4.2+), whose variant and image tag 4.8 adds.
    m('llmassistant', 1, 'LLM', 50, { rougeL: 0.41 }, 'Support assistant, 1.5B instruct model'),
    m('llmassistant', 2, 'LLM', 6, { rougeL: 0.47 }, 'Support assistant, 7B instruct model'),
  ];
}

const resources = (cores: number, memory: number): Resources => ({
  requests: { cores: 0.2, memory: 32, gpus: 0 },
  limits: { cores, memory, gpus: 0 },
});

/** What the 4.6 Python client sends for a KServe deployment (scaling_config.py defaults), scale-to-zero on. */
const KSERVE_SCALING: ScalingConfig = {
  minInstances: 0,
  maxInstances: 2,
  scaleMetric: 'CONCURRENCY',
  target: 100,
  panicWindowPercentage: 10,
  panicThresholdPercentage: 200,
  stableWindowSeconds: 60,
  scaleToZeroRetentionSeconds: 0,
};

type Kind = 'kserve-sklearn' | 'default-tf' | 'kserve-python' | 'kserve-endpoint';

function spec(
  profile: Profile,
  name: string,
  kind: Kind,
  model: [string, number] | undefined,
  extra: Partial<ServingSpec>,
): ServingSpec {
  const [modelName, version] = model ?? ['', 0];
  const modelFields = model
    ? { modelName, modelPath: `/Projects/${PROJECT_NAME}/Models/${modelName}`, modelVersion: version }
    : {};
  const base = {
    name,
    ...modelFields,
    apiProtocol: 'REST',
    batchingConfiguration: { batchingEnabled: false },
  } as const;
  const kserve = {
    servingTool: 'KSERVE',
    modelServer: 'PYTHON',
    requestedInstances: 0,
    predictorResources: resources(1, 1024),
    environmentDTO: { name: 'pandas-inference-pipeline' },
    ...(profile.scalingConfig ? { predictorScalingConfig: { ...KSERVE_SCALING } } : {}),
  } as const;
  let out: ServingSpec;
  switch (kind) {
    case 'kserve-sklearn':
      out = { ...base, ...kserve, modelFramework: 'SKLEARN', artifactVersion: 0 };
      break;
    case 'default-tf':
      out = {
        ...base,
        modelFramework: 'TENSORFLOW',
        modelServer: 'TENSORFLOW_SERVING',
        servingTool: 'DEFAULT',
        requestedInstances: 2,
        predictorResources: resources(2, 2048),
        artifactVersion: 0,
        ...(profile.scalingConfig ? { predictorScalingConfig: { minInstances: 2 } } : {}),
      };
      break;
    case 'kserve-python': {
      // ≤4.5 keeps the script in artifact 1 of the model version and shows its bare file name.
      const script = 'predict_churn.py';
      out = {
        ...base,
        ...kserve,
        modelFramework: 'PYTHON',
        predictor: profile.artifacts
          ? script
          : `/Projects/${PROJECT_NAME}/Models/${modelName}/${version}/${script}`,
        artifactVersion: 1,
      };
      break;
    }
    case 'kserve-endpoint':
      out = {
        ...base,
        ...kserve,
        predictor: `/Projects/${PROJECT_NAME}/Resources/fraud_rules_server.py`,
        environmentDTO: { name: 'python-feature-pipeline' },
      };
      break;
  }
  out = { ...out, ...extra };
  if (!profile.artifacts) delete out.artifactVersion;
  return out;
}

export interface SeedOptions {
  profile: Profile;
  quotas: Quotas;
  now?: number;
}

export function seedState({ profile, quotas, now = Date.now() }: SeedOptions): SandboxState {
  const state = new SandboxState(
    profile,
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
    quotas,
  );
  state.members.push(
    {
      username: USERNAME,
      email: 'demo_user@hopsworks.ai',
      firstName: 'Demo',
      lastName: 'User',
      role: 'Data owner',
    },
    {
      username: DATA_SCIENTIST,
      email: 'ds_user@hopsworks.ai',
      firstName: 'Dana',
      lastName: 'Scientist',
      role: 'Data scientist',
    },
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
  // ≤4.5 model artifacts: MODEL-ONLY (0) of what is deployed without scripts, and churnpredictor v2's script.
  if (profile.artifacts) {
    state.artifactsOf('irisclassifier', 3).set(0, {});
    state.artifactsOf('irisclassifier', 2).set(0, {});
    state.artifactsOf('fraudtf', 2).set(0, {});
    state.artifactsOf('churnpredictor', 2).set(1, { predictor: 'predict_churn.py' });
  }

  for (const v of INFERENCE_SCHEMA_VERSIONS) state.addSubject(INFERENCE_SUBJECT, v, inferenceSchema(v));
  state.addSubject('transactions', 1, TRANSACTIONS_SCHEMA);

  const topics: TopicRecord[] = [
    topic('irisclassifier-inf4821', 2, KSERVE_SCHEMA_VERSION),
    topic(SHARED_TOPIC, 1, DEFAULT_SCHEMA_VERSION),
    topic(EVOLVED_TOPIC, 1, 5),
    topic('irismonitor-inf2094', 1, KSERVE_SCHEMA_VERSION),
    topic('legacyfraud-inf3310', 1, DEFAULT_SCHEMA_VERSION),
    { name: 'transactions', partitions: 3, replicas: 1, subject: 'transactions', subjectVersion: 1 },
  ];
  for (const t of topics) state.topics.set(t.name, t);

  const envVars = profile.envVars ? { predictorEnvVars: ['LOG_LEVEL=INFO', 'FEATURE_VIEW_VERSION=2'] } : {};
  const servings: ServingRecord[] = [
    serving(state, 21, now - 8 * DAY, 'Running', {
      spec: spec(profile, 'irisclassifier', 'kserve-sklearn', ['irisclassifier', 3], {
        description: 'Iris classifier (KServe, logs requests and predictions)',
        inferenceLogging: 'ALL',
        ...envVars,
      }),
      topicName: 'irisclassifier-inf4821',
    }),
    serving(state, 22, now - 11 * DAY, 'Running', {
      spec: spec(profile, 'fraudtf', 'default-tf', ['fraudtf', 2], {
        description: 'Fraud scoring with TensorFlow Serving (Docker/Kubernetes)',
        inferenceLogging: 'ALL',
      }),
      topicName: SHARED_TOPIC,
    }),
    serving(state, 23, now - 19 * DAY, 'Stopped', {
      spec: spec(profile, 'churnpredictor', 'kserve-python', ['churnpredictor', 2], {
        description: 'Churn predictor (stopped; logs predictions only)',
        inferenceLogging: 'PREDICTIONS',
      }),
      topicName: EVOLVED_TOPIC,
    }),
    serving(state, 24, now - 30 * DAY, 'Running', {
      spec: spec(profile, 'irisnolog', 'kserve-sklearn', ['irisclassifier', 2], {
        description: 'Iris classifier v2 without inference logging',
      }),
    }),
    serving(state, 25, now - 5 * DAY, 'Running', {
      spec: spec(profile, 'fraudcanary', 'default-tf', ['fraudtf', 1], {
        description: "Canary of the previous fraud model, logging to fraudtf's topic",
        inferenceLogging: 'ALL',
        requestedInstances: 1,
        ...(profile.scalingConfig ? { predictorScalingConfig: { minInstances: 1 } } : {}),
      }),
      topicName: SHARED_TOPIC,
    }),
  ];
  if (profile.scalingConfig) {
    servings.push(
      serving(state, 26, now - 3 * DAY, 'Running', {
        spec: spec(profile, 'fraudrules', 'kserve-endpoint', undefined, {
          description: 'Rule-based fraud scoring: a Python deployment without a model',
        }),
      }),
    );
  }
  for (const s of servings) state.servings.set(s.id, s);
  state.reserveServingIds(26);
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
  const deployedAt = created + 60_000;
  return {
    id,
    ...parts,
    created,
    creator: state.userFullName,
    version: 1,
    status,
    condition: { ...(running ? CONDITIONS.ready : CONDITIONS.notRunning) },
    availableInstances: 0,
    availableTransformerInstances: 0,
    deployed: running ? deployedAt : undefined,
    revision: String(Math.floor(deployedAt / 1000)),
    lastActivity: Date.now(),
  };
}
