// What differs between the Hopsworks versions the sandbox stands for, checked on the version of the run
// (HOPSWORKS_PROFILE; the matrix runs every one): ≤4.5 artifacts with bare script names and the 240016 trap,
// 4.6+ scaling configs (bounds of the Python client), deployment versions and deployments without a model,
// 4.8+ environment variables. Each test asserts the version's behaviour, whichever it is.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../sandbox/index';
import { projectRequest, restRequest, startTestSandbox, untilServingStatus } from '../support/sandbox';
import type { RestReply } from '../support/sandbox';
import { ASSISTANT_VLLM } from '../support/servingBodies';

type Json = Record<string, unknown>;

const READ_ONLY = [
  'status',
  'condition',
  'availableInstances',
  'hopsworksInferencePath',
  'modelServerInferencePath',
];
const editable = (d: Json): Json =>
  Object.fromEntries(Object.entries(d).filter(([k]) => !READ_ONLY.includes(k)));
const resources = {
  requests: { cores: 0.2, memory: 32, gpus: 0 },
  limits: { cores: 1, memory: 1024, gpus: 0 },
};

void describe('sandbox: what each Hopsworks version does differently', () => {
  let sb: Sandbox;
  const atLeast = (v: '4.6' | '4.8' | '5.0') => Number(sb.hopsworks) >= Number(v);

  before(async () => {
    sb = await startTestSandbox({ trafficPerSecond: 0, lifecycleStepMs: 100 });
  });

  after(async () => {
    await sb?.stop();
  });

  const byName = async (name: string) =>
    (await projectRequest(sb, 'GET', `/serving?name=${name}`)).json as Json;
  const put = (body: Json) => projectRequest(sb, 'PUT', '/serving', body);

  const until = (id: number, status: string) => untilServingStatus(sb, id, status);

  function assertRejected(
    reply: RestReply,
    status: number,
    code: number,
    usrMsg: RegExp,
    what: string,
  ): void {
    const body = reply.json as Json;
    assert.deepEqual([reply.status, body.errorCode], [status, code], `${what}: ${reply.text}`);
    assert.match(typeof body.usrMsg === 'string' ? body.usrMsg : '', usrMsg, what);
  }

  void it('reports its version and shows the fields that version has', async () => {
    const versions = (await restRequest(sb, 'GET', '/variables/versions', { auth: null })).json as {
      software: string;
      version: string;
    }[];
    assert.match(
      versions.find((v) => v.software === 'hopsworks')?.version ?? '',
      new RegExp(`^${sb.hopsworks.replace('.', '\\.')}\\.\\d+$`),
    );
    const iris = await byName('irisclassifier');
    assert.equal(iris.projectNamespace, 'mlops', 'every version names the namespace');
    assert.equal('artifactVersion' in iris, !atLeast('4.6'));
    assert.equal('version' in iris, atLeast('4.6'));
    assert.equal('predictorScalingConfig' in iris, atLeast('4.6'));
    assert.equal('predictorEnvVars' in iris, atLeast('4.8'));
    const modelLess = await projectRequest(sb, 'GET', '/serving?name=fraudrules');
    assert.equal(
      modelLess.status,
      atLeast('4.6') ? 200 : 404,
      'the seeded deployment without a model exists from 4.6',
    );
  });

  void it('≤4.5: a script in an artifact is a bare name; with a new artifact it must be a path again (240016)', async () => {
    const churn = await byName('churnpredictor');
    if (atLeast('4.6')) {
      assert.equal(churn.predictor, '/Projects/mlops/Models/churnpredictor/2/predict_churn.py');
      // The artifact fields are not read: another model version with the same path just works.
      const moved = await put({ ...editable(churn), modelVersion: 1, artifactVersion: -1 });
      assert.equal(moved.status, 201, moved.text);
      assert.ok(!('artifactVersion' in (moved.json as Json)));
      return;
    }
    assert.deepEqual([churn.predictor, churn.artifactVersion], ['predict_churn.py', 1]);
    // What an editor did before issue 8: change the model version, keep the name, ask for a new artifact.
    const trap = await put({ ...editable(churn), modelVersion: 1, artifactVersion: -1 });
    assertRejected(trap, 400, 240016, /^Predictor script does not exist$/, 'bare name, new artifact');
    // Keeping the artifact of another version's scripts does not work either.
    const other = await put({ ...editable(churn), modelVersion: 1 });
    assertRejected(other, 400, 240016, /does not exist/, 'bare name, artifact of another version');
    // A path into an existing artifact: existing artifacts cannot be modified.
    const path = await put({
      ...editable(churn),
      predictor: '/Projects/mlops/Models/churnpredictor/1/predict_churn.py',
    });
    assertRejected(path, 400, 240019, /^Existing artifacts cannot be modified/, 'path, existing artifact');
    assert.deepEqual([(await byName('churnpredictor')).modelVersion], [2], 'nothing changed');

    const fixed = await put({
      ...editable(churn),
      modelVersion: 1,
      artifactVersion: -1,
      predictor: '/Projects/mlops/Models/churnpredictor/1/predict_churn.py',
    });
    assert.equal(fixed.status, 201, fixed.text);
    const after = await byName('churnpredictor');
    assert.deepEqual(
      [after.modelVersion, after.predictor, after.artifactVersion],
      [1, 'predict_churn.py', 1],
    );
    // Saved back as shown, it stays.
    assert.equal((await put(editable(after))).status, 201);
  });

  void it('4.6+: scaling configs are validated with the documented bounds, kept, and size the deployment', async () => {
    const base = {
      name: 'scaled',
      modelName: 'irisclassifier',
      modelPath: '/Projects/mlops/Models/irisclassifier',
      modelVersion: 1,
      modelFramework: 'SKLEARN',
      modelServer: 'PYTHON',
      servingTool: 'KSERVE',
      predictorResources: resources,
    };
    const config = {
      minInstances: 0,
      maxInstances: 3,
      scaleMetric: 'RPS',
      target: 50,
      panicWindowPercentage: 20,
      panicThresholdPercentage: 150,
      stableWindowSeconds: 120,
      scaleToZeroRetentionSeconds: 30,
    };
    if (!atLeast('4.6')) {
      // 4.2 reads neither: the instances come from requestedInstances, and the config is not stored.
      const created = await put({
        ...base,
        requestedInstances: 0,
        predictorScalingConfig: { ...config, panicWindowPercentage: 999 },
      });
      assert.equal(created.status, 201, created.text);
      assert.ok(!('predictorScalingConfig' in (created.json as Json)));
      const noInstances = await put({ ...base, name: 'scalednone', predictorScalingConfig: config });
      assertRejected(noInstances, 422, 120001, /^Number of instances not provided$/, 'no requestedInstances');
      return;
    }
    const cases: [string, Json, RegExp][] = [
      ['min missing', { ...config, minInstances: undefined }, /minInstances must be provided/],
      ['min negative', { ...config, minInstances: -1 }, /minInstances must be 0 or more/],
      ['max below min', { ...config, minInstances: 0, maxInstances: 0 }, /maxInstances must be at least 1/],
      ['max over the cluster', { ...config, maxInstances: 6 }, /allowed of 5 instances/],
      ['metric', { ...config, scaleMetric: 'LATENCY' }, /scaleMetric must be one of CONCURRENCY, RPS/],
      ['target', { ...config, target: 0 }, /target must be greater than 0/],
      [
        'panic window',
        { ...config, panicWindowPercentage: 0.5 },
        /panicWindowPercentage must be between 1 and 100/,
      ],
      [
        'panic threshold',
        { ...config, panicThresholdPercentage: 201 },
        /panicThresholdPercentage must be between 1 and 200/,
      ],
      [
        'stable window',
        { ...config, stableWindowSeconds: 3601 },
        /stableWindowSeconds must be between 1 and 3600/,
      ],
      [
        'retention',
        { ...config, scaleToZeroRetentionSeconds: -5 },
        /scaleToZeroRetentionSeconds must be 0 or more/,
      ],
      [
        'KServe above zero where scale-to-zero is required',
        { ...config, minInstances: 1 },
        /set the minimum number of instances to 0/,
      ],
    ];
    for (const [what, predictorScalingConfig, usrMsg] of cases) {
      assertRejected(await put({ ...base, predictorScalingConfig }), 422, 120001, usrMsg, what);
    }
    const tf = {
      name: 'scaledtf',
      modelName: 'fraudtf',
      modelPath: '/Projects/mlops/Models/fraudtf',
      modelVersion: 1,
      modelFramework: 'TENSORFLOW',
      modelServer: 'TENSORFLOW_SERVING',
      servingTool: 'DEFAULT',
      predictorResources: resources,
    };
    assertRejected(
      await put({ ...tf, predictorScalingConfig: { minInstances: 0 } }),
      422,
      120001,
      /cannot be 0 for deployments not using KServe/,
      'DEFAULT at zero',
    );

    const created = await put({ ...base, predictorScalingConfig: config });
    assert.equal(created.status, 201, created.text);
    const saved = created.json as Json;
    assert.deepEqual(saved.predictorScalingConfig, config);
    assert.deepEqual(
      [saved.requestedInstances, saved.version],
      [0, 1],
      'the deprecated count mirrors the minimum',
    );
    const id = saved.id as number;
    // An update without a scaling config keeps the stored one (and changes nothing else here).
    const { predictorScalingConfig: _c, requestedInstances: _r, ...withoutConfig } = editable(saved);
    const kept = await put({ ...withoutConfig, description: 'kept' });
    assert.equal(kept.status, 201, kept.text);
    assert.deepEqual([(kept.json as Json).predictorScalingConfig, (kept.json as Json).version], [config, 2]);

    // DEFAULT sizes from the minimum: two pods.
    const two = await put({ ...tf, predictorScalingConfig: { minInstances: 2, maxInstances: 2 } });
    assert.equal(two.status, 201, two.text);
    const twoId = (two.json as Json).id as number;
    await until(twoId, 'Created');
    await projectRequest(sb, 'POST', `/serving/${twoId}?action=START`);
    await until(twoId, 'Running');
    assert.equal(((await projectRequest(sb, 'GET', `/serving/${twoId}/logs`)).json as unknown[]).length, 2);
    assert.equal(((await projectRequest(sb, 'GET', `/serving/${twoId}`)).json as Json).availableInstances, 2);
    assert.ok(id > 0);
  });

  void it('4.6+: a deployment without a model needs a Python script, starts and answers; before, a model is required', async () => {
    const endpoint = {
      name: 'fraudrulestwo',
      modelServer: 'PYTHON',
      servingTool: 'KSERVE',
      predictor: '/Projects/mlops/Resources/fraud_rules_server.py',
      requestedInstances: 0,
      predictorResources: resources,
    };
    if (!atLeast('4.6')) {
      assertRejected(await put(endpoint), 422, 120001, /^Model path not provided$/, 'no model on 4.2');
      return;
    }
    const { predictor: _p, ...noScript } = endpoint;
    assertRejected(
      await put(noScript),
      422,
      120001,
      /^Python scripts are required in deployments without models$/,
      'no script',
    );
    const created = await put(endpoint);
    assert.equal(created.status, 201, created.text);
    const dto = created.json as Json;
    for (const f of ['modelName', 'modelPath', 'modelVersion', 'modelFramework']) assert.ok(!(f in dto), f);
    const id = dto.id as number;
    await until(id, 'Created');
    await projectRequest(sb, 'POST', `/serving/${id}?action=START`);
    await until(id, 'Running');
    const answer = await projectRequest(sb, 'POST', '/inference/models/fraudrulestwo:predict', {
      instances: [[2.5, 3, 1, 0]],
    });
    assert.equal(answer.status, 200, answer.text);
    const seeded = await byName('fraudrules');
    assert.equal(seeded.status, 'Running');
    assert.ok(!('modelName' in seeded));
  });

  void it('4.8+: environment variables are KEY=value, validated, kept; before 4.8 they are not read', async () => {
    const iris = await byName('irisnolog');
    const vars = ['MODEL_THRESHOLD=0.7', 'LOG_LEVEL=DEBUG'];
    const reply = await put({ ...editable(iris), predictorEnvVars: vars });
    assert.equal(reply.status, 201, reply.text);
    if (!atLeast('4.8')) {
      assert.ok(!('predictorEnvVars' in (await byName('irisnolog'))));
      return;
    }
    assert.deepEqual((await byName('irisnolog')).predictorEnvVars, vars);
    assertRejected(
      await put({ ...editable(iris), predictorEnvVars: ['no equals sign'] }),
      422,
      120001,
      /"no equals sign" is not of the form KEY=value/,
      'bad entry',
    );
    assertRejected(
      await put({ ...editable(iris), predictorEnvVars: ['A=1', 'A=2'] }),
      422,
      120001,
      /A is set twice/,
      'twice',
    );
    // vLLM fields belong to the vLLM model server only.
    const notVllm = await put({
      ...editable(await byName('irisnolog')),
      vllmVariant: 'VLLM',
      vllmImageTag: 'v0.6',
    });
    assert.equal(notVllm.status, 201);
    assert.ok(!('vllmVariant' in (notVllm.json as Json)));
  });

  void it('4.8+: a vLLM deployment keeps its variant and image tag; before 4.8 they are not read', async () => {
    const llm = {
      ...ASSISTANT_VLLM,
      requestedInstances: 0,
      predictorResources: resources,
      vllmVariant: 'VLLM_OMNI',
      vllmImageTag: 'v0.8.5',
    };
    if (atLeast('4.8')) {
      assertRejected(
        await put({ ...llm, vllmVariant: 'TGI' }),
        422,
        120001,
        /vllmVariant must be VLLM or VLLM_OMNI/,
        'variant',
      );
    }
    const created = await put(llm);
    assert.equal(created.status, 201, created.text);
    const dto = created.json as Json;
    assert.deepEqual(
      [dto.modelServer, dto.vllmVariant, dto.vllmImageTag],
      atLeast('4.8') ? ['VLLM', 'VLLM_OMNI', 'v0.8.5'] : ['VLLM', undefined, undefined],
    );
  });
});
