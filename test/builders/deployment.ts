// Small builders for test data (no copy-pasted JSON): a deployment as the server returns it.
import type { Deployment, ModelVersion } from '../../src/hopsworks/types';

export function aDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: 42,
    name: 'fraud',
    modelName: 'fraud',
    modelPath: '/Projects/mlops/Models/fraud',
    modelVersion: 2,
    modelFramework: 'SKLEARN',
    modelServer: 'PYTHON',
    servingTool: 'KSERVE',
    requestedInstances: 1,
    status: 'Running',
    ...overrides,
  };
}

/**
 * A 4.6+ deployment without a model (a "Python deployment", hopsworks-rest.md §10.1 #5): the server omits modelName,
 * modelPath and modelVersion, which the Deployment type still declares.
 */
export function aModelLessDeployment(overrides: Partial<Deployment> = {}): Deployment {
  const d: Partial<Deployment> = {
    id: 77,
    name: 'scorer',
    modelServer: 'PYTHON',
    servingTool: 'KSERVE',
    predictor: '/Projects/mlops/Resources/scorer/predictor.py',
    predictorScalingConfig: { minInstances: 0, maxInstances: 2 },
    status: 'Running',
    ...overrides,
  };
  return d as Deployment;
}

/**
 * A deployment as a Hopsworks ≤ 4.5 returns it after copying its predictor script into model artifact 1: the
 * predictor is the bare file name, read inside that artifact.
 */
export function aDeploymentWithArtifactScript(overrides: Partial<Deployment> = {}): Deployment {
  return aDeployment({
    modelName: 'churnpredictor',
    modelPath: '/Projects/mlops/Models/churnpredictor',
    modelVersion: 2,
    modelFramework: 'PYTHON',
    predictor: 'predict_churn.py',
    artifactVersion: 1,
    ...overrides,
  });
}

export function aModelVersion(overrides: Partial<ModelVersion> = {}): ModelVersion {
  return {
    id: 'fraud_2',
    name: 'fraud',
    version: 2,
    framework: 'SKLEARN',
    created: Date.UTC(2026, 0, 15, 10, 30),
    userFullName: 'Ada Lovelace',
    metrics: { accuracy: 0.93 },
    ...overrides,
  };
}

/** A model version with only what a deployment spec is built from (name, version, framework), nothing else. */
export function aBareModelVersion(overrides: Partial<ModelVersion> = {}): ModelVersion {
  return { name: 'fraud', version: 2, framework: 'SKLEARN', ...overrides };
}
