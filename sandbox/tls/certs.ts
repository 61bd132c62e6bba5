// Fresh TLS material for the sandbox and tests, made with the openssl CLI so nothing is checked in and
// every run gets its own CA. Keys are unencrypted PKCS#8 PEM, the form Hopsworks' /credentials returns.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Pem {
  certPem: string;
  keyPem: string;
}

export interface IssueOptions {
  commonName: string;
  kind: 'server' | 'client';
  dnsNames?: string[];
  ipAddresses?: string[];
  /** Validity in days (default 825). */
  days?: number;
}

async function openssl(cwd: string, args: string[]): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0] ?? ''} failed: ${stderr.trim() || String(e)}`);
  }
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hw-certs-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// openssl's -subj syntax treats '/', '+' and '=' as separators; a backslash makes them literal.
function subject(commonName: string): string {
  if (!commonName) throw new Error('commonName must not be empty');
  return `/CN=${commonName.replace(/[\\/+=]/g, '\\$&')}`;
}

const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

export async function generateCa(commonName: string, days = 3650): Promise<Pem> {
  return withTempDir(async (dir) => {
    await writeFile(
      path.join(dir, 'ca.ext'),
      [
        'basicConstraints=critical,CA:TRUE',
        'keyUsage=critical,keyCertSign,cRLSign',
        'subjectKeyIdentifier=hash',
        '',
      ].join('\n'),
    );
    await openssl(dir, [
      'req',
      '-new',
      ...ecKey,
      '-keyout',
      'ca.key',
      '-subj',
      subject(commonName),
      '-out',
      'ca.csr',
    ]);
    await openssl(dir, [
      'x509', '-req', '-in', 'ca.csr', '-signkey', 'ca.key', '-days', String(days), '-sha256',
      '-extfile', 'ca.ext', '-out', 'ca.crt',
    ]); // prettier-ignore
    return {
      certPem: await readFile(path.join(dir, 'ca.crt'), 'utf8'),
      keyPem: await readFile(path.join(dir, 'ca.key'), 'utf8'),
    };
  });
}

function extensions(opts: IssueOptions): string {
  const sans = [
    ...(opts.dnsNames ?? []).map((n) => `DNS:${n}`),
    ...(opts.ipAddresses ?? []).map((ip) => `IP:${ip}`),
  ];
  for (const s of sans) {
    if (/[,\n\r]/.test(s)) throw new Error(`invalid subject alternative name: ${s}`);
  }
  return [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyAgreement',
    `extendedKeyUsage=${opts.kind === 'server' ? 'serverAuth' : 'clientAuth'}`,
    'subjectKeyIdentifier=hash',
    'authorityKeyIdentifier=keyid,issuer',
    ...(sans.length > 0 ? [`subjectAltName=${sans.join(',')}`] : []),
    '',
  ].join('\n');
}

export async function issueCertificate(ca: Pem, opts: IssueOptions): Promise<Pem> {
  const ext = extensions(opts);
  return withTempDir(async (dir) => {
    await writeFile(path.join(dir, 'ca.crt'), ca.certPem);
    await writeFile(path.join(dir, 'ca.key'), ca.keyPem, { mode: 0o600 });
    await writeFile(path.join(dir, 'leaf.ext'), ext);
    await openssl(dir, [
      'req', '-new', ...ecKey, '-keyout', 'leaf.key', '-subj', subject(opts.commonName), '-out', 'leaf.csr',
    ]); // prettier-ignore
    await openssl(dir, [
      'x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
      '-CAserial', 'ca.srl', '-days', String(opts.days ?? 825), '-sha256', '-extfile', 'leaf.ext',
      '-out', 'leaf.crt',
    ]); // prettier-ignore
    return {
      certPem: await readFile(path.join(dir, 'leaf.crt'), 'utf8'),
      keyPem: await readFile(path.join(dir, 'leaf.key'), 'utf8'),
    };
  });
}

/** A CA plus a server certificate for loopback and one client certificate, as the sandbox needs them. */
export async function generateTlsMaterial(
  clientCommonName: string,
): Promise<{ ca: Pem; server: Pem; client: Pem }> {
  const ca = await generateCa('Hopsworks Sandbox CA');
  const [server, client] = await Promise.all([
    issueCertificate(ca, {
      commonName: 'localhost',
      kind: 'server',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
    }),
    issueCertificate(ca, { commonName: clientCommonName, kind: 'client' }),
  ]);
  return { ca, server, client };
}
