import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { describe, it } from 'node:test';
import { generateCa, generateTlsMaterial, issueCertificate } from '../../sandbox/tls/certs';

void describe('sandbox TLS material (openssl)', () => {
  void it('issues a server and a client certificate signed by a fresh CA, with the asked names', async () => {
    const { ca, server, client } = await generateTlsMaterial('mlops__demo_user');
    const caCert = new X509Certificate(ca.certPem);
    const serverCert = new X509Certificate(server.certPem);
    const clientCert = new X509Certificate(client.certPem);

    assert.equal(caCert.ca, true);
    assert.equal(caCert.verify(caCert.publicKey), true, 'CA is self-signed');
    for (const leaf of [serverCert, clientCert]) {
      assert.equal(leaf.ca, false);
      assert.equal(leaf.verify(caCert.publicKey), true);
      assert.equal(leaf.checkIssued(caCert), true);
    }
    assert.equal(serverCert.subject, 'CN=localhost');
    assert.equal(serverCert.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1');
    assert.equal(serverCert.checkHost('localhost'), 'localhost');
    assert.equal(serverCert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(clientCert.subject, 'CN=mlops__demo_user');
    assert.deepEqual(serverCert.keyUsage, ['1.3.6.1.5.5.7.3.1']); // serverAuth
    assert.deepEqual(clientCert.keyUsage, ['1.3.6.1.5.5.7.3.2']); // clientAuth

    for (const pem of [ca, server, client]) {
      assert.match(pem.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
      const key = createPrivateKey(pem.keyPem);
      assert.equal(key.asymmetricKeyType, 'ec');
      assert.equal(key.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    }
    assert.equal(serverCert.checkPrivateKey(createPrivateKey(server.keyPem)), true);
    assert.equal(clientCert.checkPrivateKey(createPrivateKey(client.keyPem)), true);
  });

  void it('a certificate from another CA does not verify against this one', async () => {
    const [caA, caB] = await Promise.all([generateCa('A'), generateCa('B')]);
    const leaf = await issueCertificate(caB, { commonName: 'x', kind: 'client' });
    const leafCert = new X509Certificate(leaf.certPem);
    assert.equal(leafCert.checkIssued(new X509Certificate(caA.certPem)), false);
    assert.equal(leafCert.verify(new X509Certificate(caA.certPem).publicKey), false);
    assert.equal(leafCert.verify(new X509Certificate(caB.certPem).publicKey), true);
  });

  void it('keeps separator characters in a common name literal', async () => {
    const ca = await generateCa('proj/with+odd=chars');
    assert.equal(new X509Certificate(ca.certPem).toLegacyObject().subject.CN, 'proj/with+odd=chars');
  });

  void it('the material completes a real mutual-TLS handshake on loopback', async () => {
    const { ca, server, client } = await generateTlsMaterial('mlops__demo_user');
    const srv = tls.createServer(
      {
        ca: ca.certPem,
        cert: server.certPem,
        key: server.keyPem,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (s) => s.end(String(s.getPeerCertificate().subject.CN)),
    );
    srv.listen(0, '127.0.0.1');
    await once(srv, 'listening');
    try {
      const { port } = srv.address() as AddressInfo;
      const sock = tls.connect({
        host: '127.0.0.1',
        port,
        ca: ca.certPem,
        cert: client.certPem,
        key: client.keyPem,
      });
      let got = '';
      sock.setEncoding('utf8').on('data', (d: string) => (got += d));
      await once(sock, 'end');
      assert.equal(sock.authorized, true, 'server certificate verified, host name included (IP SAN)');
      assert.equal(got, 'mlops__demo_user');
      sock.destroy();
    } finally {
      srv.close();
    }
  });
});
