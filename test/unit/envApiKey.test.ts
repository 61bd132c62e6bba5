// Which host may receive HOPSWORKS_API_KEY: only the one the environment names, or one the person confirmed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideEnvApiKey, hostId } from '../../src/connection/envApiKey';

const target = { host: 'c.app.hopsworks.ai', port: 443 };
const none = new Set<string>();

describe('HOPSWORKS_API_KEY goes only to a host chosen for it', () => {
  it('no key in the environment: nothing to decide', () => {
    assert.deepEqual(decideEnvApiKey({}, target, none), { kind: 'none' });
    assert.deepEqual(decideEnvApiKey({ HOPSWORKS_API_KEY: '  ' }, target, none), { kind: 'none' });
  });

  it('a key alone (no HOPSWORKS_HOST) is not sent before the person confirms the host', () => {
    assert.deepEqual(decideEnvApiKey({ HOPSWORKS_API_KEY: 'ab.cd' }, target, none), {
      kind: 'ask',
      apiKey: 'ab.cd',
    });
  });

  it('the environment naming the same host (and port, 443 by default) binds the key to it', () => {
    const env = { HOPSWORKS_API_KEY: 'ab.cd', HOPSWORKS_HOST: 'C.App.Hopsworks.AI' };
    assert.deepEqual(decideEnvApiKey(env, target, none), {
      kind: 'use',
      apiKey: 'ab.cd',
      why: 'environmentNamesHost',
    });
    const sandbox = { HOPSWORKS_API_KEY: 'ab.cd', HOPSWORKS_HOST: '127.0.0.1', HOPSWORKS_PORT: '28181' };
    assert.equal(decideEnvApiKey(sandbox, { host: '127.0.0.1', port: 28181 }, none).kind, 'use');
  });

  it('settings pointing at another host or port than the environment names: ask', () => {
    const env = { HOPSWORKS_API_KEY: 'ab.cd', HOPSWORKS_HOST: 'c.app.hopsworks.ai' };
    assert.equal(decideEnvApiKey(env, { host: 'evil.example.com', port: 443 }, none).kind, 'ask');
    assert.equal(decideEnvApiKey(env, { host: 'c.app.hopsworks.ai', port: 8443 }, none).kind, 'ask');
  });

  it('a confirmed host is remembered per host and port', () => {
    const confirmed = new Set([hostId({ host: 'C.APP.hopsworks.ai', port: 443 })]);
    assert.deepEqual(decideEnvApiKey({ HOPSWORKS_API_KEY: 'ab.cd' }, target, confirmed), {
      kind: 'use',
      apiKey: 'ab.cd',
      why: 'confirmed',
    });
    assert.equal(
      decideEnvApiKey({ HOPSWORKS_API_KEY: 'ab.cd' }, { ...target, port: 8443 }, confirmed).kind,
      'ask',
    );
  });
});
