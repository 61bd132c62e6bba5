// The deployment spec against what each Hopsworks version really shows: every seeded deployment of every
// sandbox profile, as its GET renders it (the sandbox's own view code, no server), opened in the form and saved
// untouched sends back exactly what GET showed less what only the server writes; every field the form shows
// survives spec → JSON → spec; the form's parts follow the version; and the 4.6+ scaling bounds, 4.8+ env vars
// and vLLM options, ≤4.5 script names, model-less deployments and merge limits are checked as the server does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROFILE_NAMES, profile } from '../../sandbox/profiles';
import type { RestContext } from '../../sandbox/rest/context';
import { servingView } from '../../sandbox/rest/resources/serving';
import { seedState } from '../../sandbox/rest/seed';
import type { DeploymentSpec, ServerFeatures } from '../../src/deployments/index';
import {
  artifactScriptNeedsPath,
  defaultSpec,
  envVarsError,
  envVarsFromText,
  followArtifact,
  keptOnClear,
  scalingErrors,
  serverFeatures,
  specFromDeployment,
  toDeploymentJson,
  validateSpec,
} from '../../src/deployments/index';
import type { Deployment, ServingVariables } from '../../src/hopsworks/types';
import {
  aBareModelVersion,
  aDeployment,
  aDeploymentWithArtifactScript,
  aModelLessDeployment,
} from '../builders/deployment';
import { servingVariables } from '../builders/servingVariables';
import { withoutServerOnlyFields } from '../builders/serverOnlyFields';

/** The sandbox's cluster variables (sandbox/rest/seed.ts), as the client reads them. */
const SANDBOX_VARIABLES: ServingVariables = servingVariables({
  scaleToZeroRequired: true,
  maxInstances: 5,
  maxCores: 4,
  maxMemory: 8192,
  maxGpus: 0,
});

/** Each profile's seeded deployments exactly as its `GET /serving/{id}` renders them. */
function seeded(name: (typeof PROFILE_NAMES)[number]): { version: string; deployments: Deployment[] } {
  const p = profile(name);
  const state = seedState({ profile: p, quotas: { topics: -1, deployments: -1, runningDeployments: -1 } });
  const ctx = { state } as unknown as RestContext;
  const deployments = [...state.servings.values()].map(
    (s) => JSON.parse(JSON.stringify(servingView(ctx, s))) as Deployment,
  );
  return { version: p.version, deployments };
}

function expectedNoOp(d: Deployment): Record<string, unknown> {
  const out = withoutServerOnlyFields(d);
  if (d.kafkaTopicDTO)
    out.kafkaTopicDTO = { name: d.kafkaTopicDTO.name, numOfReplicas: null, numOfPartitions: null };
  return out;
}

/** The form as it opens on a deployment of that version. */
function open(d: Deployment, version: string): { spec: DeploymentSpec; features: ServerFeatures } {
  const features = serverFeatures(version, d);
  return { spec: specFromDeployment(d, undefined, features), features };
}

for (const name of PROFILE_NAMES) {
  const { version, deployments } = seeded(name);

  void describe(`Hopsworks ${name}: every seeded deployment`, () => {
    void it('opens without a problem and saves untouched as exactly what GET showed, less the server-only fields', () => {
      assert.ok(deployments.length >= 5);
      for (const d of deployments) {
        const { spec } = open(d, version);
        const errors = validateSpec(spec, { variables: SANDBOX_VARIABLES, existing: d });
        assert.deepEqual(errors, {}, `${d.name}: the untouched form has no errors`);
        assert.deepStrictEqual(toDeploymentJson(spec, d), expectedNoOp(d), `${d.name}: the PUT body`);
      }
    });

    void it('shows the parts this version has, and no others', () => {
      for (const d of deployments) {
        const { spec, features } = open(d, version);
        assert.equal(features.scalingConfig, name !== '4.2', d.name);
        assert.equal(features.envVars, name === '4.8' || name === '5.0', d.name);
        assert.equal(features.artifacts, name === '4.2', d.name);
        assert.equal(spec.scaling !== undefined, features.scalingConfig, d.name);
        assert.equal(spec.envVars !== undefined, features.envVars, d.name);
      }
    });

    void it('keeps the instances the server runs: 2 stays 2, a scale-to-zero minimum 0 stays 0', () => {
      const fraudtf = deployments.find((d) => d.name === 'fraudtf')!;
      const iris = deployments.find((d) => d.name === 'irisclassifier')!;
      for (const d of [fraudtf, iris]) {
        const body = toDeploymentJson(open(d, version).spec, d);
        assert.equal(body.requestedInstances, d.requestedInstances, d.name);
        assert.deepStrictEqual(body.predictorScalingConfig, d.predictorScalingConfig, d.name);
      }
      assert.equal(toDeploymentJson(open(fraudtf, version).spec, fraudtf).requestedInstances, 2);
      if (name !== '4.2') assert.equal(iris.predictorScalingConfig?.minInstances, 0);
    });

    void it('every field the form shows survives spec → JSON → spec', () => {
      const iris = deployments.find((d) => d.name === 'irisclassifier')!;
      const { spec, features } = open(iris, version);
      const edits: [string, (s: DeploymentSpec) => void][] = [
        ['name', (s) => (s.name = 'irisrenamed')],
        ['description', (s) => (s.description = 'new words')],
        ['model', (s) => (s.model!.version = 2)],
        ['predictor', (s) => (s.predictor = '/Projects/mlops/Resources/predict_iris.py')],
        ['environment', (s) => (s.environment = 'another-env')],
        ['resources', (s) => (s.resources.limits.memory = 2048)],
        ['logger', (s) => (s.logger.mode = 'MODEL_INPUTS')],
        ['batching', (s) => (s.batching = { enabled: true, maxBatchSize: 16, maxLatency: 50, timeout: 2 })],
        [
          'transformer',
          (s) => {
            s.transformer.script = '/Projects/mlops/Resources/transformer.py';
            s.transformer.resources.requests.cores = 0.5;
          },
        ],
      ];
      if (features.scalingConfig) {
        edits.push([
          'scaling',
          (s) =>
            (s.scaling = {
              minInstances: 0,
              maxInstances: 4,
              scaleMetric: 'RPS',
              target: 20,
              panicWindowPercentage: 15,
              panicThresholdPercentage: 150,
              stableWindowSeconds: 90,
              scaleToZeroRetentionSeconds: 30,
            }),
        ]);
      } else {
        edits.push(['requestedInstances', (s) => (s.requestedInstances = 0)]);
      }
      if (features.envVars) edits.push(['envVars', (s) => (s.envVars = ['A=1', 'B=two words'])]);
      for (const [what, edit] of edits) {
        const changed = structuredClone(spec);
        edit(changed);
        const body = toDeploymentJson(changed, iris);
        // What GET would show next: the body as stored (a ≤4.5 artifact's script would be a bare name again).
        const again = specFromDeployment({ ...iris, ...body }, undefined, features);
        if (what === 'predictor' && features.artifacts) continue;
        assert.deepStrictEqual(again, changed, `${what} on ${name}`);
      }
    });
  });
}

void describe('serverFeatures', () => {
  void it('follows the version GET /variables/versions reports', () => {
    assert.deepEqual(serverFeatures('4.2.2'), { artifacts: true, scalingConfig: false, envVars: false });
    assert.deepEqual(serverFeatures('4.5.0'), { artifacts: true, scalingConfig: false, envVars: false });
    assert.deepEqual(serverFeatures('4.6.1'), { artifacts: false, scalingConfig: true, envVars: false });
    assert.deepEqual(serverFeatures('4.8.0'), { artifacts: false, scalingConfig: true, envVars: true });
    assert.deepEqual(serverFeatures('5.1.0-SNAPSHOT'), {
      artifacts: false,
      scalingConfig: true,
      envVars: true,
    });
  });

  void it('without a version, reads what the edited deployment carries; a new one gets what every version reads', () => {
    assert.deepEqual(serverFeatures(undefined), { artifacts: false, scalingConfig: false, envVars: false });
    assert.deepEqual(
      serverFeatures('', aDeployment({ version: 2, predictorScalingConfig: { minInstances: 1 } })),
      {
        artifacts: false,
        scalingConfig: true,
        envVars: false,
      },
    );
    assert.deepEqual(serverFeatures(undefined, aDeployment({ artifactVersion: 1 })).artifacts, true);
  });

  void it('a new deployment on 4.6+ is sized by a scaling config, as the Python client sends it', () => {
    const spec = defaultSpec(aBareModelVersion(), {
      projectName: 'mlops',
      variables: SANDBOX_VARIABLES,
      features: serverFeatures('4.6.1'),
    });
    assert.deepEqual(spec.scaling, {
      minInstances: 0,
      scaleMetric: 'CONCURRENCY',
      target: 100,
      panicWindowPercentage: 10,
      panicThresholdPercentage: 200,
      stableWindowSeconds: 60,
      scaleToZeroRetentionSeconds: 0,
    });
    const body = toDeploymentJson(spec);
    assert.equal(body.requestedInstances, undefined, 'the deprecated count is not sent');
    assert.deepEqual(body.predictorScalingConfig, spec.scaling);
  });
});

void describe('4.6+ scaling bounds (PY-4.6 scaling_config.py)', () => {
  const vars = servingVariables({ maxInstances: 5 });
  const errs = (s: Partial<Parameters<typeof scalingErrors>[0]>, tool: 'KSERVE' | 'DEFAULT' = 'KSERVE') =>
    scalingErrors({ minInstances: 1, ...s }, tool, vars, 'predictor');

  void it('accepts the edges of every range', () => {
    for (const s of [
      { minInstances: 0, maxInstances: 1 },
      { minInstances: 5, maxInstances: 5 },
      { panicWindowPercentage: 1 },
      { panicWindowPercentage: 100 },
      { panicThresholdPercentage: 1 },
      { panicThresholdPercentage: 200 },
      { stableWindowSeconds: 1 },
      { stableWindowSeconds: 3600 },
      { scaleToZeroRetentionSeconds: 0 },
      { target: 0.5 },
      { scaleMetric: 'RPS' },
    ]) {
      assert.deepEqual(errs(s), {}, JSON.stringify(s));
    }
  });

  void it('refuses what lies outside, on the field concerned', () => {
    const cases: [Partial<Parameters<typeof scalingErrors>[0]>, string, RegExp][] = [
      [{ minInstances: -1 }, 'minInstances', /0 or more/],
      [{ minInstances: 1.5 }, 'minInstances', /whole number/],
      [{ minInstances: 6 }, 'minInstances', /at most 5/],
      [{ maxInstances: 0 }, 'maxInstances', /1 or more/],
      [{ minInstances: 3, maxInstances: 2 }, 'maxInstances', /below the minimum \(3\)/],
      [{ maxInstances: 6 }, 'maxInstances', /at most 5/],
      [{ scaleMetric: 'LATENCY' }, 'scaleMetric', /concurrency or requests per second/],
      [{ target: 0 }, 'target', /above 0/],
      [{ panicWindowPercentage: 0.5 }, 'panicWindowPercentage', /1 to 100/],
      [{ panicWindowPercentage: 101 }, 'panicWindowPercentage', /1 to 100/],
      [{ panicThresholdPercentage: 201 }, 'panicThresholdPercentage', /1 to 200/],
      [{ stableWindowSeconds: 0 }, 'stableWindowSeconds', /1 to 3600/],
      [{ stableWindowSeconds: 3601 }, 'stableWindowSeconds', /1 to 3600/],
      [{ stableWindowSeconds: 1.5 }, 'stableWindowSeconds', /whole number/],
      [{ scaleToZeroRetentionSeconds: -1 }, 'scaleToZeroRetentionSeconds', /0 or more/],
    ];
    for (const [s, field, message] of cases) {
      const e = errs(s) as Record<string, string | undefined>;
      assert.deepEqual(Object.keys(e), [field], JSON.stringify(s));
      assert.match(e[field] ?? '', message);
    }
  });

  void it('a minimum of 0 is KServe only, and KServe must use 0 where the cluster requires scale-to-zero', () => {
    assert.match(errs({ minInstances: 0 }, 'DEFAULT').minInstances ?? '', /needs KServe/);
    const required = scalingErrors(
      { minInstances: 1 },
      'KSERVE',
      servingVariables({ scaleToZeroRequired: true }),
      'transformer',
    );
    assert.match(required.minInstances ?? '', /requires scale-to-zero.*transformer's minimum to 0/);
  });

  void it('a metric a newer server saved passes as long as it is the saved one', () => {
    assert.deepEqual(
      scalingErrors({ minInstances: 1, scaleMetric: 'CPU' }, 'KSERVE', vars, 'predictor', {
        minInstances: 1,
        scaleMetric: 'CPU',
      }),
      {},
    );
  });

  void it('lands on the form fields of the predictor and of the transformer', () => {
    const spec = defaultSpec(aBareModelVersion(), {
      projectName: 'mlops',
      variables: vars,
      features: serverFeatures('4.6.1'),
    });
    spec.scaling!.panicThresholdPercentage = 250;
    spec.transformer.script = '/Projects/mlops/Resources/t.py';
    spec.transformer.scaling!.maxInstances = 0;
    const errors = validateSpec(spec, { variables: vars });
    assert.match(errors['scaling.panicThresholdPercentage'] ?? '', /1 to 200/);
    assert.match(errors['transformer.scaling.maxInstances'] ?? '', /1 or more/);
    assert.equal(errors.requestedInstances, undefined, 'the deprecated count is not checked on 4.6+');
  });
});

void describe('4.8+ environment variables and vLLM options', () => {
  void it('reads one KEY=value per line, dropping blank lines and nothing else', () => {
    assert.deepEqual(envVarsFromText('A=1\r\n\n  \nB= two words \nC='), ['A=1', 'B= two words ', 'C=']);
  });

  void it('names the entry that is not KEY=value, and a key set twice', () => {
    assert.equal(envVarsError(['A=1', 'PATH_2=x=y']), undefined);
    assert.match(envVarsError(['A=1', 'NOEQUALS']) ?? '', /Entry 2 .*NOEQUALS.* no “=”/);
    assert.match(envVarsError(['1A=1']) ?? '', /“1A” is not a variable name/);
    assert.match(envVarsError(['A=1', 'A=2']) ?? '', /A is set twice/);
  });

  void it('checks the vLLM variant and image tag only on vLLM deployments', () => {
    const spec = defaultSpec(aBareModelVersion({ framework: 'LLM' }), {
      projectName: 'mlops',
      variables: servingVariables(),
      features: serverFeatures('4.8.0'),
    });
    spec.vllm = { variant: 'TURBO', imageTag: 'bad tag' };
    const errors = validateSpec(spec, { variables: servingVariables() });
    assert.match(errors['vllm.variant'] ?? '', /VLLM or VLLM_OMNI/);
    assert.match(errors['vllm.imageTag'] ?? '', /image tag/);
    spec.vllm = { variant: 'VLLM_OMNI', imageTag: 'v0.9.2-cu12' };
    assert.deepEqual(validateSpec(spec, { variables: servingVariables() }), {});
    const body = toDeploymentJson(spec);
    assert.equal(body.vllmVariant, 'VLLM_OMNI');
    assert.equal(body.vllmImageTag, 'v0.9.2-cu12');
  });
});

void describe('≤4.5 scripts in model artifacts', () => {
  const saved = aDeploymentWithArtifactScript();

  void it('another model version gives the script its full path in the artifact, and back', () => {
    const spec = specFromDeployment(saved);
    spec.model!.version = 3;
    assert.match(artifactScriptNeedsPath(spec, saved, 'predictor') ?? '', /full path.*240016/);
    followArtifact(spec, saved);
    assert.equal(
      spec.predictor,
      '/Projects/mlops/Models/churnpredictor/2/Artifacts/1/predictor-predict_churn.py',
    );
    assert.equal(artifactScriptNeedsPath(spec, saved, 'predictor'), undefined);
    const body = toDeploymentJson(spec, saved);
    assert.equal(body.artifactVersion, -1);
    assert.equal(body.predictor, spec.predictor, 'never the bare name with a new artifact');

    spec.model!.version = 2;
    followArtifact(spec, saved);
    assert.equal(spec.predictor, 'predict_churn.py');
    assert.equal(toDeploymentJson(spec, saved).artifactVersion, 1, 'unchanged again');
  });

  void it('a bare name must be the one in the artifact', () => {
    const spec = specFromDeployment(saved);
    spec.predictor = 'other.py';
    assert.match(
      validateSpec(spec, { variables: servingVariables(), existing: saved }).predictor ?? '',
      /already in model artifact 1/,
    );
  });
});

void describe('deployments without a model (4.6+)', () => {
  const d = aModelLessDeployment({
    id: 42,
    name: 'fraudrules',
    predictor: '/Projects/mlops/Resources/fraud_rules_server.py',
    version: 1,
    requestedInstances: 1,
    predictorScalingConfig: { minInstances: 0 },
  });

  void it('edit without model fields; the script is required', () => {
    const spec = specFromDeployment(d);
    assert.equal(spec.model, undefined);
    const ctx = { variables: servingVariables({ scaleToZeroRequired: true }), existing: d };
    assert.deepEqual(validateSpec(spec, ctx), {});
    spec.predictor = '';
    assert.match(validateSpec(spec, ctx).predictor ?? '', /without a model runs its predictor script/);
  });

  void it('a new deployment still needs a model', () => {
    const spec = specFromDeployment(d);
    assert.match(validateSpec(spec, { variables: servingVariables() }).model ?? '', /Choose a model/);
  });
});

void describe('what a merge cannot do', () => {
  void it('names each emptied field the server keeps, with its saved value', () => {
    const saved = aDeployment({
      description: 'old words',
      environmentDTO: { name: 'pandas-inference-pipeline' },
      configFile: '/Projects/mlops/Resources/vllm.yml',
    });
    const spec = specFromDeployment(saved);
    spec.description = '';
    spec.environment = '';
    const kept = keptOnClear(spec, saved);
    assert.deepEqual(
      kept.map((k) => [k.field, k.saved]),
      [
        ['description', 'old words'],
        ['environment', 'pandas-inference-pipeline'],
      ],
    );
    assert.match(kept[0]!.note, /keeps the saved description.*cannot remove it.*“old words”/);
    assert.deepEqual(keptOnClear(spec, undefined), [], 'creating: nothing to keep');
  });
});
