// Certificate verification of the REST client against real HTTPS servers on 127.0.0.1:0.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { generateCa, generateTlsMaterial, issueCertificate } from '../../sandbox/tls/certs';
import type { Pem } from '../../sandbox/tls/certs';
import { HopsworksClient } from '../../src/hopsworks/index';
import { rejection } from '../support/rejection';

const API_KEY = 'tlsprefix.TlsS3cretValue123456';

const servers: (http.Server | https.Server)[] = [];
let ca: Pem;
let goodPort: number;
let wrongNamePort: number;
let plainHttpPort: number;

function answer(_req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify([{ software: 'hopsworks', version: '4.2.0' }]));
}

async function listen(s: http.Server | https.Server): Promise<number> {
  servers.push(s);
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  return (s.address() as AddressInfo).port;
}

function client(port: number, extra: { caCertPem?: string; verifyTls?: boolean } = {}): HopsworksClient {
  return new HopsworksClient({ host: '127.0.0.1', port, apiKey: API_KEY, retries: 0, ...extra });
}

before(async () => {
  const material = await generateTlsMaterial('tls-test');
  ca = material.ca;
  goodPort = await listen(
    https.createServer({ cert: material.server.certPem, key: material.server.keyPem }, answer),
  );
  const wrongName = await issueCertificate(ca, {
    commonName: 'other.example',
    kind: 'server',
    dnsNames: ['other.example'],
  });
  wrongNamePort = await listen(
    https.createServer({ cert: wrongName.certPem, key: wrongName.keyPem }, answer),
  );
  plainHttpPort = await listen(http.createServer(answer));
});

after(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
    await once(s, 'close');
  }
});

void describe('HopsworksClient TLS', () => {
  void it('rejects a server signed by an unknown CA by default, saying how to fix it', async () => {
    const c = client(goodPort);
    const err = await rejection(c.getBackendVersion());
    assert.equal(err.kind, 'tls');
    assert.equal(err.causeCode, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.match(
      err.message,
      /^The TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not signed by a trusted authority/,
    );
    assert.match(
      err.message,
      /set the cluster CA certificate file \(PEM\).*turn off TLS certificate verification/,
    );
    for (const text of [
      err.message,
      JSON.stringify(err),
      inspect(err, { depth: Infinity, showHidden: true }),
    ]) {
      assert.ok(!text.includes(API_KEY) && !text.includes('TlsS3cretValue123456'));
    }
    c.dispose();
  });

  void it('accepts that server when its CA is given as caCertPem', async () => {
    const c = client(goodPort, { caCertPem: ca.certPem });
    assert.equal(await c.getBackendVersion(), '4.2.0');
    c.dispose();
  });

  void it('still rejects it when caCertPem is a different CA', async () => {
    const other = await generateCa('Some other CA');
    const c = client(goodPort, { caCertPem: other.certPem });
    assert.equal((await rejection(c.getBackendVersion())).kind, 'tls');
    c.dispose();
  });

  void it('accepts it with verifyTls: false (explicit opt-out)', async () => {
    const c = client(goodPort, { verifyTls: false });
    assert.equal(await c.getBackendVersion(), '4.2.0');
    c.dispose();
  });

  void it('rejects a certificate issued for another host name, even from a trusted CA', async () => {
    const c = client(wrongNamePort, { caCertPem: ca.certPem });
    const err = await rejection(c.getBackendVersion());
    assert.equal(err.kind, 'tls');
    assert.equal(err.causeCode, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.match(err.message, /was not issued for the host name "127\.0\.0\.1"/);
    c.dispose();
  });

  void it('reports a plain-HTTP port as a TLS failure', async () => {
    const c = client(plainHttpPort, { caCertPem: ca.certPem });
    const err = await rejection(c.getBackendVersion());
    assert.equal(err.kind, 'tls');
    assert.match(err.message, /is this port an HTTPS port of Hopsworks\?/);
    c.dispose();
  });

  void it('does not show the API key when the client itself is inspected', () => {
    const c = client(goodPort, { caCertPem: ca.certPem });
    const text = inspect(c, { depth: Infinity, showHidden: true }) + JSON.stringify(c);
    assert.ok(!text.includes(API_KEY) && !text.includes('TlsS3cretValue123456'), text);
    c.dispose();
  });
});
