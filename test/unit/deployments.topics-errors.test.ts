import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { eligibleLoggerTopics, fieldForServerError } from '../../src/deployments/index';
import type { KafkaTopic } from '../../src/hopsworks/types';

function aTopic(name: string, overrides: Partial<KafkaTopic> = {}): KafkaTopic {
  return {
    name,
    schemaName: 'inferenceschema',
    schemaVersion: 4,
    numOfPartitions: 1,
    numOfReplicas: 1,
    ...overrides,
  };
}

const TOPICS: KafkaTopic[] = [
  aTopic('kserve-inf1'),
  aTopic('kserve-inf5', { schemaVersion: 5 }),
  aTopic('legacy-inf3', { schemaVersion: 3 }),
  aTopic('legacy-inf1', { schemaVersion: 1 }),
  aTopic('events', { schemaName: 'events', schemaVersion: 1 }),
  aTopic('UPPER-inf', { schemaName: 'InferenceSchema' }),
  aTopic('no-version', { schemaVersion: undefined }),
  aTopic('no-schema', { schemaName: undefined, schemaVersion: undefined }),
  aTopic('shared-inf', { shared: true, ownerProjectId: 7 }),
];

const names = (ts: readonly KafkaTopic[]) => ts.map((t) => t.name);

void describe('eligibleLoggerTopics', () => {
  void it('offers inferenceschema topics of version 4 or later for KServe, in the given order', () => {
    const { eligible, excluded } = eligibleLoggerTopics(TOPICS, 'KSERVE');
    assert.deepStrictEqual(names(eligible), ['kserve-inf1', 'kserve-inf5', 'UPPER-inf']);
    assert.deepStrictEqual(names(excluded.map((e) => e.topic)), [
      'legacy-inf3',
      'legacy-inf1',
      'events',
      'no-version',
      'no-schema',
      'shared-inf',
    ]);
  });

  void it('offers version 3 or lower without KServe', () => {
    const { eligible } = eligibleLoggerTopics(TOPICS, 'DEFAULT');
    assert.deepStrictEqual(names(eligible), ['legacy-inf3', 'legacy-inf1']);
  });

  void it('says why each topic is left out', () => {
    const reasons = new Map(
      eligibleLoggerTopics(TOPICS, 'KSERVE').excluded.map((e) => [e.topic.name, e.reason]),
    );
    assert.equal(
      reasons.get('legacy-inf3'),
      "Topic 'legacy-inf3' uses 'inferenceschema' version 3; KServe deployments need version 4 or later.",
    );
    assert.equal(
      reasons.get('events'),
      "Topic 'events' uses schema 'events'; inference logging needs schema 'inferenceschema'.",
    );
    assert.match(reasons.get('no-schema') ?? '', /uses no schema/);
    assert.match(reasons.get('no-version') ?? '', /does not say which 'inferenceschema' version/);
    assert.match(reasons.get('shared-inf') ?? '', /shared from another project/);
    const defaults = new Map(
      eligibleLoggerTopics(TOPICS, 'DEFAULT').excluded.map((e) => [e.topic.name, e.reason]),
    );
    assert.equal(
      defaults.get('kserve-inf1'),
      "Topic 'kserve-inf1' uses 'inferenceschema' version 4; deployments without KServe need version 3 or lower.",
    );
  });

  void it('handles an empty project', () => {
    assert.deepStrictEqual(eligibleLoggerTopics([], 'KSERVE'), { eligible: [], excluded: [] });
  });
});

void describe('fieldForServerError', () => {
  void it('maps serving and Kafka error codes to their field', () => {
    const cases: Array<[number, string]> = [
      [240011, 'name'],
      [240013, 'modelServer'],
      [190015, 'logger.partitions'],
      [190005, 'logger.replicas'],
      [240022, 'logger.topic'],
      [240023, 'logger.topic'],
      [240024, 'logger.mode'],
      [240021, 'transformer.script'],
      [240025, 'batching'],
    ];
    for (const [errorCode, field] of cases) {
      assert.equal(fieldForServerError({ errorCode, usrMsg: 'whatever' }), field, String(errorCode));
    }
  });

  void it("maps the server's 422 messages (ServingUtil) to their field", () => {
    const cases: Array<[string, string]> = [
      ['Serving name not provided', 'name'],
      ['Serving name cannot contain spaces', 'name'],
      ['Serving name must follow regex: "[a-zA-Z0-9]+"', 'name'],
      [
        "Serving name must consist of lower case alphanumeric characters, '-' or '.', and start and end with an alphanumeric character",
        'name',
      ],
      ['Number of instances not provided', 'requestedInstances'],
      [
        'Number of instances exceeds maximum number of instances allowed of 4 instances',
        'requestedInstances',
      ],
      [
        'Scale-to-zero is required for KServe deployments in this cluster. Please, set the number of instances to 0.',
        'requestedInstances',
      ],
      [
        'Scale-to-zero is required for KServe deployments in this cluster. Please, set the number of transformer instances to 0.',
        'transformer.instances',
      ],
      ['Number of transformer instances must be provided with a transformer', 'transformer.instances'],
      ['Predictor scripts are required in custom python deployments', 'predictor'],
      ['Predictor scripts are required in torch deployments', 'predictor'],
      ['Predictor script should have a valid extension: .py', 'predictor'],
      ['Transformer script should have a valid extension: .py, .ipynb', 'transformer.script'],
      ['Inference logger mode cannot be provided without a Kafka topic', 'logger.mode'],
      ['A valid inference logger mode must be provided with a Kafka topic', 'logger.mode'],
      ['Tensorflow models require Tensorflow Serving server', 'modelServer'],
      ['Torch models require Python model server', 'modelServer'],
      ['Model name does not match the model path', 'model'],
      ['Serving tool not provided or invalid', 'servingTool'],
      [
        'Requested cores allocation of 3.0 exceeds maximum core allocation of 2.0 cores',
        'resources.requests.cores',
      ],
      [
        'Requested memory allocation of 4096 exceeds maximum memory allocation of 1024 MB',
        'resources.requests.memory',
      ],
      [
        'Configured memory allocation of 9000 exceeds maximum memory allocation allowed of 8192 MB',
        'resources.limits.memory',
      ],
      [
        'Configured cores allocation of 4 exceeds maximum gpu allocation allowed of 1 gpus',
        'resources.limits.gpus',
      ],
    ];
    for (const [usrMsg, field] of cases) {
      assert.equal(fieldForServerError({ errorCode: 120001, usrMsg }), field, usrMsg);
    }
  });

  void it('leaves errors about no particular field for the top of the form', () => {
    assert.equal(fieldForServerError({ errorCode: 240003, usrMsg: 'Quota exceeded' }), undefined);
    assert.equal(fieldForServerError({ errorCode: 120001 }), undefined);
    assert.equal(fieldForServerError({}), undefined);
    assert.equal(fieldForServerError({ usrMsg: 'Something unexpected happened' }), undefined);
  });
});
