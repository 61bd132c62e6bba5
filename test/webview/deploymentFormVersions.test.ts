// The real deployment form in headless Chromium, loaded as each Hopsworks version's host loads it: the Scaling
// section appears from 4.6 (and the instance count goes), environment variables and the vLLM options from 4.8,
// and each shows the server's bounds as messages on its fields; a deployment without a model is edited
// without model fields; a ≤4.5 script named by its file name gets its full path when the model version
// changes; what a merge keeps is said beside the field; the replicas of a new topic are not capped by a guess.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { defaultSpec } from '../../src/deployments/defaults';
import { specFromDeployment } from '../../src/deployments/deploymentJson';
import { serverFeatures } from '../../src/deployments/serverFeatures';
import type { Deployment, ServingVariables } from '../../src/hopsworks/types';
import type { FormInit } from '../../src/protocol/deploymentForm';
import {
  aDeployment,
  aDeploymentWithArtifactScript,
  aModelLessDeployment,
  aModelVersion,
} from '../builders/deployment';
import { servingVariables } from '../builders/servingVariables';
import type { FormHarness } from './deploymentFormHarness';
import { choose, isDisabled, startFormHarness, submittedSpec } from './deploymentFormHarness';

const variables: ServingVariables = servingVariables({ maxInstances: 5, maxCores: 4, maxMemory: 8192 });
const VERSIONS = { '4.2': '4.2.2', '4.6': '4.6.1', '4.8': '4.8.0' } as const;

function createInit(version: keyof typeof VERSIONS, framework = 'SKLEARN'): FormInit {
  const hopsworksVersion = VERSIONS[version];
  const features = serverFeatures(hopsworksVersion);
  const model = aModelVersion({
    name: framework === 'LLM' ? 'llmassistant' : 'irisclassifier',
    version: 3,
    framework,
  });
  return {
    context: {
      mode: 'create',
      projectName: 'mlops',
      variables,
      existingNames: [],
      topics: [],
      versions: [3, 2].map((v) => ({ version: v, framework })),
      hopsworksVersion,
      features,
    },
    spec: defaultSpec(model, { projectName: 'mlops', variables, features }),
  };
}

function editInit(d: Deployment, version: keyof typeof VERSIONS, versions = [3, 2, 1]): FormInit {
  const hopsworksVersion = VERSIONS[version];
  const features = serverFeatures(hopsworksVersion, d);
  return {
    context: {
      mode: 'edit',
      projectName: 'mlops',
      variables,
      existingNames: [],
      topics: [],
      versions: versions.map((v) => ({ version: v, framework: d.modelFramework ?? 'PYTHON' })),
      existing: d,
      hopsworksVersion,
      features,
    },
    spec: specFromDeployment(d, undefined, features),
  };
}

const visible = (page: Page, sel: string) => page.locator(sel).isVisible();
const text = async (page: Page, sel: string) => ((await page.locator(sel).textContent()) ?? '').trim();

let harness: FormHarness;
before(async () => {
  harness = await startFormHarness();
});
after(async () => {
  await harness?.close();
});

describe('deployment form per Hopsworks version', () => {
  it('4.2: instances in the simplified form; no Scaling, environment variables or vLLM sections', async () => {
    const page = await harness.open(createInit('4.2'));
    assert.match(await text(page, '.subtitle'), /Hopsworks 4\.2\.2$/);
    assert.equal(await visible(page, '#box-requestedInstances'), true);
    await page.locator('#advanced-toggle').click();
    for (const section of ['#scaling', '#environment-variables', '#vllm']) {
      assert.equal(await page.locator(section).count(), 0, `${section} is not there on 4.2`);
    }
    assert.deepEqual(await harness.problems(page), []);
    await page.close();
  });

  it('4.6: a Scaling section replaces the instances, with the Knative values on KServe only', async () => {
    const page = await harness.open(createInit('4.6'));
    assert.equal(await visible(page, '#box-requestedInstances'), false);
    await page.locator('#advanced-toggle').click();
    assert.equal(await visible(page, '#scaling'), true);
    assert.equal(await page.locator('#environment-variables').count(), 0, 'env vars are 4.8+');
    assert.equal(await page.locator('#f-scaling-minInstances input').inputValue(), '1');
    assert.equal(await page.locator('#f-scaling-target input').inputValue(), '100');
    assert.equal(await page.locator('#f-scaling-panicThresholdPercentage input').inputValue(), '200');
    assert.equal(await visible(page, '#box-transformer-scaling'), false, 'no transformer yet');

    await page.locator('#f-servingTool-DEFAULT').click();
    assert.equal(await visible(page, '#box-scaling-knative'), false);
    assert.equal(await visible(page, '#box-scaling-minInstances'), true);
    await page.locator('#f-servingTool-KSERVE').click();
    assert.equal(await visible(page, '#box-scaling-knative'), true);
    assert.equal(await page.locator('#f-scaling-target input').inputValue(), '100', 'defaults back');

    await page.locator('#f-transformer-script input').fill('/Projects/mlops/Resources/t.py');
    assert.equal(await visible(page, '#box-transformer-scaling'), true);
    assert.equal(await visible(page, '#box-transformer-instances'), false);
    assert.deepEqual(await harness.problems(page), []);
    await page.close();
  });

  it('4.6: the scaling bounds show on their fields, hold the submit, and the fixed values are sent', async () => {
    const page = await harness.open(createInit('4.6'));
    await page.locator('#advanced-toggle').click();
    const cases: [string, string, string][] = [
      ['scaling-panicThresholdPercentage', '250', 'Enter a percentage from 1 to 200.'],
      ['scaling-panicWindowPercentage', '0', 'Enter a percentage from 1 to 100.'],
      ['scaling-stableWindowSeconds', '3601', 'Enter a whole number of seconds from 1 to 3600.'],
      ['scaling-scaleToZeroRetentionSeconds', '-1', 'Enter a whole number of seconds, 0 or more.'],
      ['scaling-target', '0', 'Enter a target above 0.'],
      ['scaling-maxInstances', '6', 'This cluster allows at most 5 instances.'],
    ];
    for (const [field, value, message] of cases) {
      await page.locator(`#f-${field} input`).fill(value);
      assert.equal(await text(page, `#e-${field}`), message, field);
    }
    assert.equal(await isDisabled(page, '#submit-create'), true);
    assert.match(await text(page, '#form-summary'), /Panic threshold \(%\) \(Advanced options\)/);

    for (const [field, value] of [
      ['scaling-panicThresholdPercentage', '150'],
      ['scaling-panicWindowPercentage', '20'],
      ['scaling-stableWindowSeconds', '120'],
      ['scaling-scaleToZeroRetentionSeconds', '30'],
      ['scaling-target', '50'],
      ['scaling-maxInstances', ''],
    ] as const) {
      await page.locator(`#f-${field} input`).fill(value);
      assert.equal(await visible(page, `#e-${field}`), false, field);
    }
    await page.locator('#f-scaling-minInstances input').fill('2');
    await choose(page, '#f-scaling-scaleMetric', 'Requests per second');
    assert.equal(await isDisabled(page, '#submit-create'), false);
    await page.locator('#submit-create').click();
    const spec = await submittedSpec(page);
    assert.deepEqual(spec.scaling, {
      minInstances: 2,
      scaleMetric: 'RPS',
      target: 50,
      panicWindowPercentage: 20,
      panicThresholdPercentage: 150,
      stableWindowSeconds: 120,
      scaleToZeroRetentionSeconds: 30,
    });
    await page.close();
  });

  it('4.8: environment variables, one KEY=value per line, with the entry that is wrong named', async () => {
    const page = await harness.open(createInit('4.8'));
    await page.locator('#advanced-toggle').click();
    assert.equal(await visible(page, '#environment-variables'), true);
    assert.equal(await visible(page, '#vllm'), false, 'vLLM options only with the vLLM model server');
    const box = page.locator('#f-envVars textarea');
    await box.fill('LOG_LEVEL=INFO\nNOEQUALS');
    assert.match(await text(page, '#e-envVars'), /Entry 2 \(“NOEQUALS”\) has no “=”: write KEY=value\./);
    assert.equal(await isDisabled(page, '#submit-create'), true);
    await box.fill('LOG_LEVEL=INFO\nLOG_LEVEL=DEBUG');
    assert.match(await text(page, '#e-envVars'), /LOG_LEVEL is set twice/);
    // A blank line being typed stays as typed.
    await box.fill('LOG_LEVEL=INFO\n');
    await box.press('End');
    await box.type('GREETING=hello world');
    assert.equal(await box.inputValue(), 'LOG_LEVEL=INFO\nGREETING=hello world');
    assert.equal(await visible(page, '#e-envVars'), false);
    await page.locator('#submit-create').click();
    assert.deepEqual((await submittedSpec(page)).envVars, ['LOG_LEVEL=INFO', 'GREETING=hello world']);
    assert.deepEqual(await harness.problems(page), []);
    await page.close();
  });

  it('4.8: a vLLM deployment shows its variant and image tag and checks them', async () => {
    const page = await harness.open(createInit('4.8', 'LLM'));
    await page.locator('#advanced-toggle').click();
    assert.equal(await visible(page, '#vllm'), true);
    await page.locator('#f-vllm-imageTag input').fill('bad tag');
    assert.match(await text(page, '#e-vllm-imageTag'), /An image tag is letters, digits/);
    await page.locator('#f-vllm-imageTag input').fill('v0.9.2');
    await choose(page, '#f-vllm-variant', 'VLLM_OMNI');
    await page.locator('#submit-create').click();
    assert.deepEqual((await submittedSpec(page)).vllm, { variant: 'VLLM_OMNI', imageTag: 'v0.9.2' });
    await page.close();
  });

  it('a deployment without a model is edited without model fields, and needs its script', async () => {
    const rules = aModelLessDeployment({
      id: 42,
      name: 'fraudrules',
      predictor: '/Projects/mlops/Resources/fraud_rules_server.py',
      version: 1,
      requestedInstances: 1,
      predictorScalingConfig: { minInstances: 1 },
    });
    const page = await harness.open(editInit(rules, '4.6', []));
    assert.equal(await text(page, '#form-title'), 'Edit deployment fraudrules');
    assert.match(await text(page, '.subtitle'), /Project mlops · no model · Running · Hopsworks 4\.6\.1/);
    assert.equal(await visible(page, '#box-model'), false);
    assert.match(await text(page, '#model-less-note'), /has no model: it runs its predictor script/);
    assert.equal(await isDisabled(page, '#submit-save'), false);
    await page.locator('#f-predictor input').fill('');
    assert.match(await text(page, '#e-predictor'), /without a model runs its predictor script/);
    assert.equal(await isDisabled(page, '#submit-save'), true);
    assert.deepEqual(await harness.problems(page), []);
    await page.close();
  });

  it('≤ 4.5: picking another model version gives a bare script name its full path in the artifact', async () => {
    const churn = aDeploymentWithArtifactScript({ name: 'churnpredictor', requestedInstances: 0 });
    const page = await harness.open(editInit(churn, '4.2'));
    assert.equal(await page.locator('#f-predictor input').inputValue(), 'predict_churn.py');
    assert.match(await text(page, '#h-predictor'), /copied into the deployment’s model artifact \(1\)/);
    await choose(page, '#f-model', 'v3');
    assert.equal(
      await page.locator('#f-predictor input').inputValue(),
      '/Projects/mlops/Models/churnpredictor/2/Artifacts/1/predictor-predict_churn.py',
    );
    assert.equal(await visible(page, '#e-predictor'), false);
    await choose(page, '#f-model', 'v2');
    assert.equal(await page.locator('#f-predictor input').inputValue(), 'predict_churn.py');
    await page.close();
  });

  it('an emptied description says the server keeps the saved one', async () => {
    const d = aDeployment({
      description: 'Fraud scoring',
      version: 1,
      predictorScalingConfig: { minInstances: 1 },
    });
    const page = await harness.open(editInit(d, '4.6'));
    await page.locator('#advanced-toggle').click();
    assert.match(await text(page, '#h-description'), /can be replaced, not removed/);
    await page.locator('#f-description textarea').fill('');
    assert.equal(
      await text(page, '#h-description'),
      'Hopsworks keeps the saved description when this is left empty (an update cannot remove it): it stays “Fraud scoring”.',
    );
    assert.equal(await isDisabled(page, '#submit-save'), false, 'said, not blocked');
    await page.close();
  });

  it('the replicas of a new topic are not capped when the broker count is unknown, and the form says so', async () => {
    const page = await harness.open(createInit('4.6'));
    await page.locator('#advanced-toggle').click();
    assert.match(
      await text(page, '#h-logger-replicas'),
      /number of Kafka brokers, which the addresses reachable from here do not tell; 1 always works/,
    );
    await page.locator('#f-logger-replicas input').fill('3');
    assert.equal(await visible(page, '#e-logger-replicas'), false);
    assert.equal(await isDisabled(page, '#submit-create'), false);
    await page.close();
  });
});
