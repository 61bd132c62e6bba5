// The HTTPS agent of one client: keep-alive, and certificate verification against the default CAs plus an
// optional extra CA (self-signed and private-CA clusters are common, hopsworks-rest.md §0.2).
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';

export interface TlsOptions {
  caCertPem?: string;
  verifyTls: boolean;
}

type CaStore = 'default' | 'system' | 'bundled' | 'extra';
// Node ≥ 22.15 can list the operating system's CAs; older Node only has its bundled list.
const getCACertificates = (tls as { getCACertificates?: (store: CaStore) => string[] }).getCACertificates;

function defaultCaCertificates(): string[] {
  if (getCACertificates) return [...getCACertificates('default'), ...getCACertificates('system')];
  // Passing `ca` replaces Node's default store, which includes NODE_EXTRA_CA_CERTS; keep that file.
  const extraFile = process.env.NODE_EXTRA_CA_CERTS;
  let extra: string[] = [];
  if (extraFile) {
    try {
      extra = [readFileSync(extraFile, 'utf8')];
    } catch {
      // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; do the same (ignore it).
    }
  }
  return [...tls.rootCertificates, ...extra];
}

/** Throws a TypeError naming the problem when `pem` holds no usable certificate. */
export function checkCaCertPem(pem: string): void {
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new TypeError(
      'The CA certificate is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line).',
    );
  }
  try {
    new X509Certificate(pem);
  } catch {
    throw new TypeError(
      'The CA certificate could not be read: the PEM text is damaged or not a certificate.',
    );
  }
}

export function createHttpsAgent(opts: TlsOptions): https.Agent {
  const base: https.AgentOptions = { keepAlive: true, maxSockets: 8, rejectUnauthorized: opts.verifyTls };
  if (!opts.verifyTls) return new https.Agent(base);
  if (opts.caCertPem) {
    checkCaCertPem(opts.caCertPem);
    return new https.Agent({ ...base, ca: [...defaultCaCertificates(), opts.caCertPem] });
  }
  if (getCACertificates) return new https.Agent({ ...base, ca: defaultCaCertificates() });
  return new https.Agent(base);
}
