// The inference URL a person can use, built from what the server reports, and the curl command around it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { curlCommand, shellQuote } from '../../src/commands/curlCommand';
import { inferenceUrl } from '../../src/hopsworks/inferenceUrl';
import { aDeployment } from '../builders/deployment';

const origin = 'https://hopsworks.example.com:8181';

describe('inference URL', () => {
  it('completes the path the server reports (no API prefix, no verb) into a full URL', () => {
    const d = aDeployment({ hopsworksInferencePath: '/project/119/inference/models/fraud' });
    assert.equal(
      inferenceUrl(origin, 119, d),
      'https://hopsworks.example.com:8181/hopsworks-api/api/project/119/inference/models/fraud:predict',
    );
  });

  it('keeps what the server reports: its project id, a prefix or a verb it already has', () => {
    const url = (path: string) => inferenceUrl(origin, 1, aDeployment({ hopsworksInferencePath: path }));
    assert.equal(
      url('/project/7/inference/models/fraud'),
      `${origin}/hopsworks-api/api/project/7/inference/models/fraud:predict`,
    );
    assert.equal(
      url('/hopsworks-api/api/project/7/inference/models/fraud:predict'),
      `${origin}/hopsworks-api/api/project/7/inference/models/fraud:predict`,
    );
    assert.equal(
      url('project/7/inference/models/fraud'),
      `${origin}/hopsworks-api/api/project/7/inference/models/fraud:predict`,
    );
  });

  it('without a reported path, builds the one the Python client uses, and names another verb when asked', () => {
    const d = aDeployment({ name: 'fraud', hopsworksInferencePath: undefined });
    assert.equal(
      inferenceUrl(`${origin}/`, 119, d),
      `${origin}/hopsworks-api/api/project/119/inference/models/fraud:predict`,
    );
    assert.equal(
      inferenceUrl(origin, 119, d, 'classify'),
      `${origin}/hopsworks-api/api/project/119/inference/models/fraud:classify`,
    );
  });
});

describe('curl command', () => {
  it('reads the key from $HOPSWORKS_API_KEY and sends the body as JSON', () => {
    const text = curlCommand({ url: `${origin}/x:predict`, body: { instances: [[1, 2]] } });
    assert.equal(
      text,
      [
        `curl -X POST '${origin}/x:predict'`,
        '-H "Authorization: ApiKey $HOPSWORKS_API_KEY"',
        "-H 'Content-Type: application/json'",
        `-d '{"instances":[[1,2]]}'`,
      ].join(' \\\n  '),
    );
  });

  it('trusts what the connection trusts: its CA file, or nothing when the person turned checks off', () => {
    const base = { url: 'https://h/x:predict', body: {} };
    assert.match(curlCommand({ ...base, caFile: '/etc/ca chain.pem' }), /--cacert '\/etc\/ca chain\.pem'/);
    assert.match(curlCommand({ ...base, insecure: true, caFile: '/ca.pem' }), /--insecure/);
    assert.doesNotMatch(curlCommand({ ...base, insecure: true, caFile: '/ca.pem' }), /--cacert/);
    assert.doesNotMatch(curlCommand(base), /--cacert|--insecure/);
  });

  it('quotes for a POSIX shell so that nothing in a body is expanded or ends the quote', () => {
    assert.equal(shellQuote(`it's $HOME and \`id\``), `'it'\\''s $HOME and \`id\`'`);
    const text = curlCommand({ url: 'https://h/x:predict', body: { note: "O'Brien $(rm -rf /)" } });
    assert.match(text, /-d '\{"note":"O'\\''Brien \$\(rm -rf \/\)"\}'$/);
  });
});
