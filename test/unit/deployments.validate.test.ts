import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defaultSpec, formAvailability, modelServersFor, validateSpec } from '../../src/deployments/index';
import type { DeploymentSpec, FieldErrors, FieldId, ValidationContext } from '../../src/deployments/index';
import type { Deployment, KafkaTopic, ModelVersion } from '../../src/hopsworks/types';
import { aBareModelVersion, aDeployment } from '../builders/deployment';
import { servingVariables } from '../builders/servingVariables';

/** A valid KServe sklearn spec, changed by `edit`. */
function aSpec(
  edit: (s: DeploymentSpec) => void = () => {},
  model: Partial<ModelVersion> = {},
): DeploymentSpec {
  const s = defaultSpec(aBareModelVersion(model), { projectName: 'mlops', variables: servingVariables() });
  edit(s);
  return s;
}

function aDefaultToolSpec(edit: (s: DeploymentSpec) => void = () => {}): DeploymentSpec {
  return aSpec((s) => {
    s.servingTool = 'DEFAULT';
    s.predictor = '/Projects/mlops/Models/fraud/2/predict.py';
    edit(s);
  });
}

function aTopic(overrides: Partial<KafkaTopic> = {}): KafkaTopic {
  return {
    name: 'fraud-inf1234',
    schemaName: 'inferenceschema',
    schemaVersion: 4,
    numOfPartitions: 1,
    ...overrides,
  };
}

/** The deployment being edited, as the server returned it (the validation reads its name, model and protocol). */
function anExisting(overrides: Partial<Deployment> = {}): Deployment {
  return aDeployment({ id: 7, apiProtocol: 'REST', ...overrides });
}

function check(spec: DeploymentSpec, ctx: Partial<ValidationContext> = {}): FieldErrors {
  return validateSpec(spec, { variables: servingVariables(), ...ctx });
}

/** Asserts exactly one error, on `field`, and returns its message. */
function onlyError(errors: FieldErrors, field: FieldId): string {
  assert.deepStrictEqual(Object.keys(errors), [field], JSON.stringify(errors));
  const msg = errors[field];
  assert.ok(msg !== undefined && msg.length > 10);
  return msg;
}

void describe('validateSpec: name', () => {
  void it('accepts letters and digits', () => {
    assert.deepStrictEqual(check(aSpec((s) => (s.name = 'fraud2'))), {});
    assert.deepStrictEqual(check(aDefaultToolSpec((s) => (s.name = 'Fraud2'))), {});
  });

  void it('requires a name', () => {
    assert.match(onlyError(check(aSpec((s) => (s.name = ''))), 'name'), /Enter a name/);
  });

  void it('refuses spaces, dashes and underscores', () => {
    assert.match(onlyError(check(aDefaultToolSpec((s) => (s.name = 'my fraud'))), 'name'), /spaces/);
    assert.match(
      onlyError(check(aDefaultToolSpec((s) => (s.name = 'my-fraud'))), 'name'),
      /letters and digits/,
    );
    assert.match(
      onlyError(check(aDefaultToolSpec((s) => (s.name = 'my_fraud'))), 'name'),
      /letters and digits/,
    );
  });

  void it('refuses upper case on KServe only', () => {
    assert.match(onlyError(check(aSpec((s) => (s.name = 'Fraud'))), 'name'), /lower-case/);
    assert.deepStrictEqual(check(aDefaultToolSpec((s) => (s.name = 'Fraud'))), {});
  });

  void it('refuses a name another deployment has, but not the edited deployment its own name', () => {
    const msg = onlyError(check(aSpec(), { existingNames: ['fraud', 'churn'] }), 'name');
    assert.match(msg, /'fraud' already exists/);
    assert.deepStrictEqual(check(aSpec(), { existingNames: ['fraud'], existing: anExisting() }), {});
    const renamed = aSpec((s) => (s.name = 'churn'));
    onlyError(check(renamed, { existingNames: ['fraud', 'churn'], existing: anExisting() }), 'name');
  });
});

void describe('validateSpec: model and model server', () => {
  void it('requires the model path to end with the model name', () => {
    const msg = onlyError(check(aSpec((s) => (s.model!.path = '/Projects/mlops/Models/other'))), 'model');
    assert.match(msg, /end with the model name 'fraud'/);
  });

  void it('requires a model version', () => {
    onlyError(check(aSpec((s) => (s.model!.version = 0))), 'model');
  });

  void it('pins TensorFlow to TF Serving and Torch to Python', () => {
    const tf = aSpec((s) => (s.modelServer = 'PYTHON'), { framework: 'TENSORFLOW' });
    assert.match(onlyError(check(tf), 'modelServer'), /TensorFlow Serving/);
    const torch = aSpec(
      (s) => {
        s.modelServer = 'TENSORFLOW_SERVING';
      },
      { framework: 'TORCH' },
    );
    // Torch also needs a predictor, which TF Serving forbids: only the server choice is reported here.
    assert.equal(
      check(torch).modelServer,
      'TORCH models cannot be served by TensorFlow Serving; use the Python model server.',
    );
    assert.deepStrictEqual(modelServersFor('SKLEARN'), ['PYTHON']);
    assert.deepStrictEqual(modelServersFor('LLM'), ['VLLM', 'PYTHON']);
  });

  void it('refuses to change the model server of an existing deployment (240013)', () => {
    const spec = aSpec((s) => (s.modelServer = 'VLLM'), { framework: 'LLM' });
    const existing = anExisting({ modelFramework: 'LLM', modelServer: 'PYTHON' });
    assert.match(onlyError(check(spec, { existing }), 'modelServer'), /cannot change \(it is PYTHON\)/);
    spec.modelServer = 'PYTHON';
    spec.logger.topic = { kind: 'NONE' };
    assert.deepStrictEqual(check(spec, { existing }), {});
  });

  void it('refuses KServe when it is not installed', () => {
    assert.match(
      onlyError(check(aSpec(), { variables: servingVariables({ kserveInstalled: false }) }), 'servingTool'),
      /not installed/,
    );
  });
});

void describe('validateSpec: predictor script', () => {
  void it('is required for Python and Torch models and for Python without KServe', () => {
    assert.match(onlyError(check(aSpec(() => {}, { framework: 'PYTHON' })), 'predictor'), /Custom Python/);
    assert.match(onlyError(check(aSpec(() => {}, { framework: 'TORCH' })), 'predictor'), /PyTorch/);
    const defaultSklearn = aSpec((s) => (s.servingTool = 'DEFAULT'));
    assert.match(onlyError(check(defaultSklearn), 'predictor'), /without KServe/);
  });

  void it('is optional for sklearn on KServe', () => {
    assert.deepStrictEqual(check(aSpec()), {});
    assert.deepStrictEqual(check(aSpec((s) => (s.predictor = '   '))), {});
  });

  void it('must be a .py file', () => {
    const spec = aSpec((s) => (s.predictor = '/Projects/mlops/Resources/predict.ipynb'));
    assert.match(onlyError(check(spec), 'predictor'), /\.py/);
  });

  void it('is forbidden with TF Serving', () => {
    const spec = aSpec((s) => (s.predictor = '/Projects/mlops/predict.py'), { framework: 'TENSORFLOW' });
    assert.match(onlyError(check(spec), 'predictor'), /TensorFlow Serving deployments cannot/);
  });
});

void describe('validateSpec: instances', () => {
  void it('needs a whole number of 0 or more', () => {
    onlyError(check(aSpec((s) => (s.requestedInstances = -1))), 'requestedInstances');
    onlyError(check(aSpec((s) => (s.requestedInstances = 1.5))), 'requestedInstances');
    onlyError(check(aSpec((s) => (s.requestedInstances = Number.NaN))), 'requestedInstances');
    assert.deepStrictEqual(check(aSpec((s) => (s.requestedInstances = 0))), {});
  });

  void it('must be 0 on KServe when the cluster requires scale-to-zero', () => {
    const v = servingVariables({ scaleToZeroRequired: true });
    assert.match(onlyError(check(aSpec(), { variables: v }), 'requestedInstances'), /scale-to-zero/);
    assert.deepStrictEqual(
      check(
        aSpec((s) => (s.requestedInstances = 0)),
        { variables: v },
      ),
      {},
    );
    assert.deepStrictEqual(check(aDefaultToolSpec(), { variables: v }), {});
  });

  void it('must be at least 1 without KServe (scale-to-zero is Knative only)', () => {
    assert.match(
      onlyError(check(aDefaultToolSpec((s) => (s.requestedInstances = 0))), 'requestedInstances'),
      /KServe/,
    );
  });

  void it('cannot exceed the cluster maximum unless it is -1', () => {
    const v = servingVariables({ maxInstances: 2 });
    assert.match(
      onlyError(
        check(
          aSpec((s) => (s.requestedInstances = 3)),
          { variables: v },
        ),
        'requestedInstances',
      ),
      /at most 2/,
    );
    assert.deepStrictEqual(
      check(
        aSpec((s) => (s.requestedInstances = 2)),
        { variables: v },
      ),
      {},
    );
    assert.deepStrictEqual(check(aSpec((s) => (s.requestedInstances = 300))), {});
  });
});

void describe('validateSpec: resources', () => {
  void it('needs requests above 0 for cores and memory', () => {
    onlyError(check(aSpec((s) => (s.resources.requests.cores = 0))), 'resources.requests.cores');
    onlyError(check(aSpec((s) => (s.resources.requests.memory = 0))), 'resources.requests.memory');
    onlyError(check(aSpec((s) => (s.resources.requests.memory = 32.5))), 'resources.requests.memory');
  });

  void it('keeps requests at or below limits unless the limit is -1', () => {
    const msg = onlyError(check(aSpec((s) => (s.resources.requests.cores = 3))), 'resources.requests.cores');
    assert.equal(msg, 'The request (3 cores) is above the limit (2 cores).');
    onlyError(check(aSpec((s) => (s.resources.requests.memory = 2048))), 'resources.requests.memory');
    const unlimited = aSpec((s) => {
      s.resources.requests.cores = 3;
      s.resources.limits.cores = -1;
      s.resources.requests.memory = 2048;
      s.resources.limits.memory = -1;
    });
    assert.deepStrictEqual(check(unlimited), {});
  });

  void it('refuses limits that are neither positive nor -1', () => {
    onlyError(check(aSpec((s) => (s.resources.limits.cores = 0))), 'resources.limits.cores');
    onlyError(check(aSpec((s) => (s.resources.limits.memory = -2))), 'resources.limits.memory');
  });

  void it('keeps requests and limits within the cluster maximum, where -1 is not allowed', () => {
    const v = servingVariables({ maxCores: 4, maxMemory: 2048, maxGpus: 1 });
    const overCores = aSpec((s) => (s.resources.limits.cores = 5));
    assert.match(onlyError(check(overCores, { variables: v }), 'resources.limits.cores'), /at most 4 cores/);
    onlyError(
      check(
        aSpec((s) => (s.resources.limits.memory = -1)),
        { variables: v },
      ),
      'resources.limits.memory',
    );
    const overRequest = aSpec((s) => {
      s.resources.requests.memory = 4096;
      s.resources.limits.memory = -1;
    });
    const errors = check(overRequest, { variables: v });
    assert.match(errors['resources.requests.memory'] ?? '', /at most 2048 MB/);
    const gpus = aSpec((s) => {
      s.resources.requests.gpus = 2;
      s.resources.limits.gpus = 2;
    });
    assert.deepStrictEqual(Object.keys(check(gpus, { variables: v })).sort(), [
      'resources.limits.gpus',
      'resources.requests.gpus',
    ]);
    assert.deepStrictEqual(
      check(
        aSpec((s) => (s.resources.limits.cores = 4)),
        { variables: v },
      ),
      {},
    );
  });

  void it('needs the GPU request to equal the GPU limit', () => {
    const msg = onlyError(check(aSpec((s) => (s.resources.limits.gpus = 1))), 'resources.limits.gpus');
    assert.match(msg, /must equal the GPU request \(0\)/);
    const both = aSpec((s) => {
      s.resources.requests.gpus = 1;
      s.resources.limits.gpus = 1;
    });
    assert.deepStrictEqual(check(both), {});
    onlyError(check(aSpec((s) => (s.resources.requests.gpus = -1))), 'resources.requests.gpus');
  });
});

void describe('validateSpec: inference logger', () => {
  void it('needs whole numbers of partitions and replicas, 1 or more', () => {
    const zero = aSpec((s) => (s.logger.topic = { kind: 'CREATE', partitions: 0, replicas: 1 }));
    onlyError(check(zero), 'logger.partitions');
    const half = aSpec((s) => (s.logger.topic = { kind: 'CREATE', partitions: 1, replicas: 1.5 }));
    onlyError(check(half), 'logger.replicas');
    const ok = aSpec((s) => (s.logger.topic = { kind: 'CREATE', partitions: 6, replicas: 3 }));
    assert.deepStrictEqual(check(ok), {});
  });

  void it('keeps replicas at or below the broker count when it is known', () => {
    const three = aSpec((s) => (s.logger.topic = { kind: 'CREATE', partitions: 1, replicas: 3 }));
    assert.match(onlyError(check(three, { brokerCount: 1 }), 'logger.replicas'), /has 1 broker;/);
    assert.deepStrictEqual(check(three, { brokerCount: 3 }), {});
  });

  void it('only accepts existing topics the server accepts, when the topic list is known', () => {
    const topics = [
      aTopic(),
      aTopic({ name: 'old-inf1', schemaVersion: 3 }),
      aTopic({ name: 'events', schemaName: 'events' }),
    ];
    const pick = (name: string) => aSpec((s) => (s.logger.topic = { kind: 'EXISTING', name }));
    assert.deepStrictEqual(check(pick('fraud-inf1234'), { topics }), {});
    assert.match(onlyError(check(pick('old-inf1'), { topics }), 'logger.topic'), /version 4 or later/);
    assert.match(onlyError(check(pick('events'), { topics }), 'logger.topic'), /'inferenceschema'/);
    assert.match(onlyError(check(pick('nope'), { topics }), 'logger.topic'), /not a topic of this project/);
    assert.match(onlyError(check(pick(''), { topics }), 'logger.topic'), /Choose a topic/);
    assert.deepStrictEqual(check(pick('anything')), {});
  });

  void it('accepts only mode ALL without KServe (240024)', () => {
    const spec = aDefaultToolSpec((s) => (s.logger.mode = 'PREDICTIONS'));
    assert.match(onlyError(check(spec), 'logger.mode'), /without KServe/);
    assert.deepStrictEqual(check(aSpec((s) => (s.logger.mode = 'MODEL_INPUTS'))), {});
    assert.deepStrictEqual(
      check(aDefaultToolSpec((s) => (s.logger = { topic: { kind: 'NONE' }, mode: 'PREDICTIONS' }))),
      {},
    );
  });

  void it('refuses logging on vLLM deployments', () => {
    const spec = aSpec((s) => (s.logger.topic = { kind: 'CREATE', partitions: 1, replicas: 1 }), {
      framework: 'LLM',
    });
    assert.match(onlyError(check(spec), 'logger.topic'), /vLLM/);
  });
});

void describe('validateSpec: batching', () => {
  void it('accepts fine-grained batching on KServe', () => {
    const spec = aSpec(
      (s) => (s.batching = { enabled: true, maxBatchSize: 32, maxLatency: 5000, timeout: 5 }),
    );
    assert.deepStrictEqual(check(spec), {});
    const zero = aSpec((s) => (s.batching = { enabled: true, maxBatchSize: 0 }));
    onlyError(check(zero), 'batching.maxBatchSize');
  });

  void it('refuses batching for Python without KServe (240025) and fine-grained values without KServe', () => {
    assert.match(
      onlyError(check(aDefaultToolSpec((s) => (s.batching = { enabled: true }))), 'batching'),
      /needs KServe/,
    );
    const tf = aSpec(
      (s) => {
        s.servingTool = 'DEFAULT';
        s.batching = { enabled: true, maxLatency: 100 };
      },
      { framework: 'TENSORFLOW' },
    );
    assert.match(onlyError(check(tf), 'batching.maxLatency'), /Only KServe/);
    tf.batching = { enabled: true };
    assert.deepStrictEqual(check(tf), {});
  });

  void it('ignores fine-grained values while batching is off', () => {
    assert.deepStrictEqual(
      check(aDefaultToolSpec((s) => (s.batching = { enabled: false, timeout: -3 }))),
      {},
    );
  });
});

void describe('validateSpec: transformer', () => {
  void it('accepts a transformer on KServe and checks its instances and resources', () => {
    const spec = aSpec((s) => (s.transformer.script = '/Projects/mlops/transform.py'));
    assert.deepStrictEqual(check(spec), {});
    const v = servingVariables({ maxInstances: 1 });
    spec.transformer.instances = 2;
    assert.match(
      onlyError(check(spec, { variables: v }), 'transformer.instances'),
      /at most 1 transformer instances/,
    );
    spec.transformer.instances = 1;
    spec.transformer.resources.requests.cores = 0;
    onlyError(check(spec), 'transformer.resources.requests.cores');
    spec.transformer.resources.requests.cores = 0.5;
    spec.transformer.resources.limits.gpus = 1;
    onlyError(check(spec), 'transformer.resources.limits.gpus');
  });

  void it('applies scale-to-zero to transformer instances too', () => {
    const spec = aSpec((s) => {
      s.requestedInstances = 0;
      s.transformer.script = '/Projects/mlops/transform.py';
      s.transformer.instances = 1;
    });
    onlyError(
      check(spec, { variables: servingVariables({ scaleToZeroRequired: true }) }),
      'transformer.instances',
    );
  });

  void it('is KServe only (240021) and must be .py or .ipynb', () => {
    const def = aDefaultToolSpec((s) => (s.transformer.script = '/Projects/mlops/transform.py'));
    assert.match(onlyError(check(def), 'transformer.script'), /only available on KServe/);
    const txt = aSpec((s) => (s.transformer.script = '/Projects/mlops/transform.txt'));
    onlyError(check(txt), 'transformer.script');
    assert.deepStrictEqual(check(aSpec((s) => (s.transformer.script = '/Projects/mlops/t.ipynb'))), {});
  });

  void it('ignores transformer settings when there is no script', () => {
    assert.deepStrictEqual(check(aSpec((s) => (s.transformer.instances = -5))), {});
  });
});

void describe('validateSpec: API protocol', () => {
  void it('allows gRPC only with the Python model server', () => {
    assert.deepStrictEqual(check(aSpec((s) => (s.apiProtocol = 'GRPC'))), {});
    const tf = aSpec((s) => (s.apiProtocol = 'GRPC'), { framework: 'TENSORFLOW' });
    assert.match(onlyError(check(tf), 'apiProtocol'), /Python model server/);
  });

  void it('cannot change on an existing deployment', () => {
    const spec = aSpec((s) => (s.apiProtocol = 'GRPC'));
    assert.match(
      onlyError(check(spec, { existing: anExisting() }), 'apiProtocol'),
      /cannot change \(it is REST\)/,
    );
    assert.deepStrictEqual(check(spec, { existing: anExisting({ apiProtocol: 'GRPC' }) }), {});
  });
});

void describe('formAvailability', () => {
  void it('describes a KServe Python deployment', () => {
    assert.deepStrictEqual(formAvailability(aSpec(), { variables: servingVariables({ maxInstances: 5 }) }), {
      modelServers: ['PYTHON'],
      modelServerLocked: false,
      apiProtocolLocked: false,
      predictor: 'optional',
      instances: { min: 0, max: 5 },
      logger: true,
      loggerModeChoice: true,
      batching: true,
      batchingFineGrained: true,
      transformer: true,
      grpc: true,
      knativeScaling: true,
      vllmOptions: false,
    });
  });

  void it('describes a default TF Serving deployment being edited', () => {
    const spec = aSpec((s) => (s.servingTool = 'DEFAULT'), { framework: 'TENSORFLOW' });
    assert.deepStrictEqual(
      formAvailability(spec, { variables: servingVariables(), existing: anExisting() }),
      {
        modelServers: ['TENSORFLOW_SERVING'],
        modelServerLocked: true,
        apiProtocolLocked: true,
        predictor: 'forbidden',
        instances: { min: 1 },
        logger: true,
        loggerModeChoice: false,
        batching: true,
        batchingFineGrained: false,
        transformer: false,
        grpc: false,
        knativeScaling: false,
        vllmOptions: false,
      },
    );
  });

  void it('pins instances to 0 when KServe requires scale-to-zero', () => {
    assert.deepStrictEqual(
      formAvailability(aSpec(), { variables: servingVariables({ scaleToZeroRequired: true }) }).instances,
      {
        min: 0,
        max: 0,
      },
    );
  });

  // What the form offers must be exactly what validation accepts, for every combination.
  for (const framework of ['SKLEARN', 'PYTHON', 'TORCH', 'TENSORFLOW', 'LLM']) {
    for (const tool of ['KSERVE', 'DEFAULT'] as const) {
      void it(`agrees with validation: ${framework} on ${tool}`, () => {
        const base = (edit: (s: DeploymentSpec) => void) =>
          aSpec(
            (s) => {
              s.servingTool = tool;
              s.logger.topic = { kind: 'NONE' };
              if (s.modelServer !== 'TENSORFLOW_SERVING') s.predictor = '/Projects/mlops/p.py';
              edit(s);
            },
            { framework },
          );
        const avail = formAvailability(
          base(() => {}),
          { variables: servingVariables() },
        );
        const has = (edit: (s: DeploymentSpec) => void, field: FieldId) => field in check(base(edit));
        assert.equal(
          has((s) => (s.transformer.script = '/t.py'), 'transformer.script'),
          !avail.transformer,
        );
        assert.equal(
          has((s) => (s.batching = { enabled: true }), 'batching'),
          !avail.batching,
        );
        assert.equal(
          has((s) => (s.batching = { enabled: true, timeout: 5 }), 'batching.timeout'),
          !avail.batchingFineGrained,
        );
        assert.equal(
          has((s) => (s.apiProtocol = 'GRPC'), 'apiProtocol'),
          !avail.grpc,
        );
        assert.equal(
          has((s) => (s.logger.topic = { kind: 'CREATE', partitions: 1, replicas: 1 }), 'logger.topic'),
          !avail.logger,
        );
        if (avail.logger) {
          const mode = (s: DeploymentSpec) =>
            (s.logger = { topic: { kind: 'EXISTING', name: 't' }, mode: 'PREDICTIONS' });
          assert.equal(has(mode, 'logger.mode'), !avail.loggerModeChoice);
        }
        assert.equal(
          has((s) => (s.requestedInstances = avail.instances.min - 1), 'requestedInstances'),
          true,
        );
        assert.equal(
          has((s) => (s.requestedInstances = avail.instances.min), 'requestedInstances'),
          false,
        );
        assert.equal(
          has((s) => delete s.predictor, 'predictor'),
          avail.predictor === 'required',
        );
        for (const server of avail.modelServers) {
          assert.equal(
            has((s) => (s.modelServer = server), 'modelServer'),
            false,
            server,
          );
        }
      });
    }
  }
});
