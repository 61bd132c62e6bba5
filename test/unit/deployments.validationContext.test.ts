// validationContextOf() is what both the form webview and its host check a spec against; these cases pin
// what it carries over from the loaded form, so the two cannot disagree on what is valid.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSpec, validateSpec, validationContextOf } from '../../src/deployments/index';
import type { ValidationFacts } from '../../src/deployments/index';
import { aDeployment, aModelVersion } from '../builders/deployment';
import { servingVariables } from '../builders/servingVariables';

const model = aModelVersion({ name: 'irisclassifier', version: 3, framework: 'SKLEARN' });

function facts(over: Partial<ValidationFacts> = {}): ValidationFacts {
  return {
    variables: servingVariables(),
    existingNames: ['fraudtf'],
    topics: [{ name: 'fraudtf-inf5510', schemaName: 'inferenceschema', schemaVersion: 3 }],
    ...over,
  };
}

function specLoggingTo(name: string) {
  const spec = defaultSpec(model, { projectName: 'mlops', variables: servingVariables() });
  spec.logger.topic = { kind: 'EXISTING', name };
  return spec;
}

describe('validationContextOf', () => {
  it('judges an existing topic against the listed topics', () => {
    const errors = validateSpec(specLoggingTo('nosuchtopic'), validationContextOf(facts()));
    assert.equal(errors['logger.topic'], "Topic 'nosuchtopic' is not a topic of this project.");
  });

  it('does not judge topics when they could not be listed', () => {
    const ctx = validationContextOf(facts({ topics: [], topicsUnavailable: 'could not list' }));
    assert.equal(ctx.topics, undefined);
    assert.equal(validateSpec(specLoggingTo('nosuchtopic'), ctx)['logger.topic'], undefined);
  });

  it('caps replicas by the broker count when known', () => {
    const spec = specLoggingTo('x');
    spec.logger.topic = { kind: 'CREATE', partitions: 1, replicas: 3 };
    assert.equal(validateSpec(spec, validationContextOf(facts()))['logger.replicas'], undefined);
    assert.equal(
      validateSpec(spec, validationContextOf(facts({ brokerCount: 2 })))['logger.replicas'],
      'The Kafka cluster has 2 brokers; replicas cannot exceed that.',
    );
  });

  it('checks the names of the other deployments for uniqueness', () => {
    const spec = specLoggingTo('fraudtf-inf5510');
    spec.name = 'fraudtf';
    assert.match(validateSpec(spec, validationContextOf(facts()))['name'] ?? '', /already exists/);
  });

  it('uses the deployment read again before a save over the one the form was loaded with', () => {
    const loaded = aDeployment({ name: 'irisprod', apiProtocol: 'REST' });
    const now = aDeployment({ name: 'irisprod', apiProtocol: 'GRPC' });
    const spec = specLoggingTo('fraudtf-inf5510');
    spec.name = 'irisprod';
    assert.equal(validationContextOf(facts({ existing: loaded })).existing, loaded);
    assert.equal(validationContextOf(facts({ existing: loaded }), now).existing, now);
    assert.equal(
      validateSpec(spec, validationContextOf(facts({ existing: loaded }), now))['apiProtocol'],
      'The API protocol of an existing deployment cannot change (it is GRPC).',
    );
  });
});
