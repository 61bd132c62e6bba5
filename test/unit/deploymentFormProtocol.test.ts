// The host checks every message from the deployment form webview before acting: malformed envelopes,
// unknown methods and badly shaped specs are refused (and answered, when they carry an id), and only
// well-formed requests reach a handler.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSpec } from '../../src/deployments/defaults';
import type { DeploymentSpec } from '../../src/deployments/spec';
import type {
  DeploymentFormProtocol,
  FormInit,
  SubmitParams,
  SubmitResult,
} from '../../src/protocol/deploymentForm';
import { deploymentFormSchemas } from '../../src/protocol/deploymentForm';
import type { HostMessage } from '../../src/protocol/messages';
import { createHostEndpoint, parseWebviewMessage } from '../../src/protocol/messages';
import { aModelVersion } from '../builders/deployment';
import { servingVariables } from '../builders/servingVariables';

const variables = servingVariables();

function aSpec(): DeploymentSpec {
  return defaultSpec(aModelVersion(), { projectName: 'mlops', variables });
}

const parse = (raw: unknown) => parseWebviewMessage<DeploymentFormProtocol>(deploymentFormSchemas, raw);

describe('host-side validation of webview messages', () => {
  it('accepts ready, init and a well-formed submit', () => {
    assert.deepEqual(parse({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(parse({ type: 'request', id: 1, method: 'init', params: {} }), {
      ok: true,
      message: { type: 'request', id: 1, method: 'init', params: {} },
    });
    const spec = aSpec();
    const r = parse({ type: 'request', id: 2, method: 'submit', params: { action: 'create', spec } });
    assert.ok(r.ok);
    assert.deepEqual(r.message, {
      type: 'request',
      id: 2,
      method: 'submit',
      params: { action: 'create', spec },
    });
  });

  it('refuses envelopes that are not ours, without an id to answer', () => {
    for (const raw of [
      null,
      'ready',
      42,
      [],
      {},
      { type: 'hello' },
      { type: 'request', method: 'init', params: {} },
      { type: 'request', id: '1', method: 'init', params: {} },
      { type: 'request', id: -1, method: 'init', params: {} },
      { type: 'request', id: 1.5, method: 'init', params: {} },
      { type: 'request', id: 1, params: {} },
      { type: 'response', id: 1, ok: true, result: {} },
    ]) {
      const r = parse(raw);
      assert.equal(r.ok, false, JSON.stringify(raw));
      assert.ok(!r.ok && r.id === undefined, JSON.stringify(raw));
      assert.match(!r.ok ? r.error : '', /^Malformed message/);
    }
  });

  it('refuses unknown methods, including ones inherited from Object, and says which id it refuses', () => {
    for (const method of ['delete', 'toString', '__proto__', 'constructor']) {
      const r = parse({ type: 'request', id: 7, method, params: {} });
      assert.deepEqual(r, { ok: false, id: 7, error: `Unknown request '${method}'.` });
    }
  });

  it('refuses a submit whose action or spec is malformed, naming the offending path', () => {
    const cases: [unknown, RegExp][] = [
      [{ action: 'destroy', spec: aSpec() }, /action/],
      [{ action: 'create' }, /spec/],
      [{ action: 'create', spec: { ...aSpec(), servingTool: 'SAGEMAKER' } }, /spec\.servingTool/],
      [{ action: 'create', spec: { ...aSpec(), requestedInstances: '1' } }, /spec\.requestedInstances/],
      [
        { action: 'create', spec: { ...aSpec(), requestedInstances: Number.NaN } },
        /spec\.requestedInstances/,
      ],
      [{ action: 'create', spec: { ...aSpec(), requestedInstances: Infinity } }, /spec\.requestedInstances/],
      [{ action: 'create', spec: { ...aSpec(), name: 'x'.repeat(300) } }, /spec\.name/],
      [
        {
          action: 'create',
          spec: { ...aSpec(), logger: { topic: { kind: 'CREATE', partitions: 1 }, mode: 'ALL' } },
        },
        /spec\.logger\.topic\.replicas/,
      ],
      [
        { action: 'create', spec: { ...aSpec(), logger: { topic: { kind: 'SOMEWHERE' }, mode: 'ALL' } } },
        /spec\.logger\.topic/,
      ],
      [
        { action: 'create', spec: { ...aSpec(), logger: { topic: { kind: 'NONE' }, mode: 'EVERYTHING' } } },
        /mode/,
      ],
      [{ action: 'create', spec: { ...aSpec(), resources: { requests: {} } } }, /spec\.resources/],
      [
        { action: 'create', spec: { ...aSpec(), scaling: { maxInstances: 2 } } },
        /spec\.scaling\.minInstances/,
      ],
      [{ action: 'create', spec: { ...aSpec(), envVars: 'A=1' } }, /spec\.envVars/],
      [{ action: 'create', spec: { ...aSpec(), envVars: [1] } }, /spec\.envVars/],
      [{ action: 'create', spec: { ...aSpec(), vllm: { variant: 7 } } }, /spec\.vllm\.variant/],
    ];
    for (const [params, where] of cases) {
      const r = parse({ type: 'request', id: 3, method: 'submit', params });
      assert.equal(r.ok, false, JSON.stringify(params).slice(0, 120));
      assert.ok(!r.ok);
      assert.equal(r.id, 3);
      assert.match(r.error, /^Invalid 'submit' request/);
      assert.match(r.error, where);
    }
  });

  it('accepts the parts of newer versions and a deployment without a model', () => {
    const { model: _m, ...modelLess } = aSpec();
    const spec = {
      ...modelLess,
      scaling: { minInstances: 0, maxInstances: 2, scaleMetric: 'RPS', target: 10 },
      envVars: ['A=1'],
      vllm: { variant: 'VLLM_OMNI', imageTag: 'v1' },
      transformer: { ...aSpec().transformer, scaling: { minInstances: 0 }, envVars: [] },
    };
    const r = parse({ type: 'request', id: 5, method: 'submit', params: { action: 'save', spec } });
    assert.ok(r.ok && r.message.type === 'request', JSON.stringify(r));
    assert.deepEqual((r.message.params as SubmitParams).spec, spec);
  });

  it('drops members the spec does not have, so nothing unexpected reaches the server', () => {
    const spec = { ...aSpec(), kafkaTopicDTO: { name: 'someone-elses-topic' }, id: 5 };
    const r = parse({ type: 'request', id: 4, method: 'submit', params: { action: 'create', spec } });
    assert.ok(r.ok && r.message.type === 'request' && r.message.method === 'submit');
    const params = r.message.params as SubmitParams & { spec: Record<string, unknown> };
    assert.equal('kafkaTopicDTO' in params.spec, false);
    assert.equal('id' in params.spec, false);
  });
});

describe('host endpoint', () => {
  function harness() {
    const posted: HostMessage[] = [];
    const problems: string[] = [];
    const calls: SubmitParams[] = [];
    const init = { context: {}, spec: aSpec() } as unknown as FormInit;
    const endpoint = createHostEndpoint<DeploymentFormProtocol>({
      schemas: deploymentFormSchemas,
      handlers: {
        init: () => Promise.resolve(init),
        submit: (p) => {
          calls.push(p);
          if (p.spec.name === 'boom') return Promise.reject(new Error('Hopsworks is unreachable'));
          return Promise.resolve<SubmitResult>({ ok: false, fieldErrors: { name: 'taken' } });
        },
      },
      post: (m) => {
        posted.push(m);
        return Promise.resolve(true);
      },
      onProblem: (t) => problems.push(t),
    });
    return { endpoint, posted, problems, calls, init };
  }

  it('answers a request with the same id, and holds events back until ready', async () => {
    const h = harness();
    h.endpoint.emit('progress', { phase: 'saving', message: 'Saving…' });
    assert.deepEqual(h.posted, []);
    await h.endpoint.receive({ type: 'ready' });
    assert.deepEqual(h.posted, [
      { type: 'event', name: 'progress', payload: { phase: 'saving', message: 'Saving…' } },
    ]);
    await h.endpoint.receive({ type: 'request', id: 9, method: 'init', params: {} });
    assert.deepEqual(h.posted[1], { type: 'response', id: 9, ok: true, result: h.init });
  });

  it('never calls a handler for a refused message, and answers the refused request with an error', async () => {
    const h = harness();
    await h.endpoint.receive({ type: 'ready' });
    await h.endpoint.receive({
      type: 'request',
      id: 3,
      method: 'submit',
      params: { action: 'create', spec: {} },
    });
    await h.endpoint.receive({ type: 'nonsense' });
    assert.deepEqual(h.calls, []);
    assert.equal(h.posted.length, 1, 'only the request with an id is answered');
    const reply = h.posted[0];
    assert.ok(reply?.type === 'response' && !reply.ok && reply.id === 3);
    assert.match(reply.error, /Invalid 'submit' request/);
    assert.equal(h.problems.length, 2);
  });

  it('turns a failing handler into an error reply instead of leaving the webview waiting', async () => {
    const h = harness();
    await h.endpoint.receive({ type: 'ready' });
    await h.endpoint.receive({
      type: 'request',
      id: 5,
      method: 'submit',
      params: { action: 'create', spec: { ...aSpec(), name: 'boom' } },
    });
    assert.deepEqual(h.posted, [{ type: 'response', id: 5, ok: false, error: 'Hopsworks is unreachable' }]);
  });
});
