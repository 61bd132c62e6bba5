// What each Hopsworks error code (hopsworks-rest.md §1.3) and each transport failure means for a person,
// and what they can do about it. Pure: no I/O, no secrets in, none out.
import type { HopsworksErrorKind } from './errors';

/** API-key scopes (hopsworks-rest.md §1.1); each request names the one its endpoint needs. */
export type ApiScope = 'PROJECT' | 'MODELREGISTRY' | 'SERVING' | 'KAFKA' | 'FEATURESTORE' | 'DATASET_VIEW';

/**
 * Why Hopsworks refused a request a person is allowed to try, so a UI can say the cause and what to do:
 * their role in the project, a quota of the project, or a deployment that is between two states.
 */
export type Refusal =
  | {
      kind: 'role';
      /** what was refused, e.g. "starting a deployment" */
      action?: string;
      /** the caller's role in the project, when known, e.g. "Data scientist" */
      role?: string;
      needs: 'Data owner';
    }
  | {
      kind: 'quota';
      quota: 'deployments' | 'runningDeployments' | 'topics';
      current?: number;
      max?: number;
    }
  | { kind: 'busy' };

export interface HttpErrorContext {
  /** `https://host:port` */
  origin: string;
  method: string;
  path: string;
  status: number;
  statusText?: string;
  errorCode?: number;
  errorMsg?: string;
  usrMsg?: string;
  scope?: ApiScope;
  /** What the request was about, for not-found messages, e.g. `Project "fraud"`. */
  what?: string;
  /** What the request does, for refusals, e.g. `starting a deployment`. */
  action?: string;
  /** False when the body was HTML, plain text or empty rather than a Hopsworks JSON error. */
  jsonBody: boolean;
}

export interface Described {
  kind: HopsworksErrorKind;
  message: string;
  refusal?: Refusal;
}

const KEY_ADVICE = 'create a new one in Hopsworks > Account settings > API keys';

function detail(c: HttpErrorContext): string {
  const parts = [c.usrMsg, c.errorMsg].filter((s): s is string => Boolean(s && s.trim()));
  return parts.length > 0 ? `: ${parts[0]}` : '';
}

function request(c: HttpErrorContext): string {
  return `${c.method} ${c.path}`;
}

function unauthorized(c: HttpErrorContext): Described {
  return {
    kind: 'unauthorized',
    message: `The API key was rejected by Hopsworks at ${c.origin}: ${KEY_ADVICE}, and set it again.`,
  };
}

function missingScope(c: HttpErrorContext): Described {
  const scope = c.scope ? `the ${c.scope} scope` : 'a scope';
  return {
    kind: 'forbidden',
    message:
      `The API key lacks ${scope} needed for ${request(c)}: ` +
      `create a key with ${c.scope ? `the ${c.scope}` : 'that'} scope in Hopsworks > Account settings > API keys.`,
  };
}

function roleNotAllowed(c: HttpErrorContext): Described {
  return {
    kind: 'forbidden',
    message:
      `Hopsworks refused ${request(c)}: ` +
      (c.scope ? `the API key needs the ${c.scope} scope, and ` : '') +
      'creating, starting, stopping or deleting deployments and topics needs the Data owner role in the project.',
  };
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A write refused for the caller's project role (`ProjectAuthFilter`, 403 150068). With the role known:
 * "Your role in project mlops is Data scientist; starting a deployment needs Data owner. …"
 */
export function roleRefusalMessage(
  project: string | undefined,
  action: string | undefined,
  role?: string,
): string {
  const doing = action ?? 'this change';
  const where = project ? `project ${project}` : 'this project';
  const ask = `Ask a Data owner of ${where} to do it, or to make you a Data owner.`;
  return role
    ? `Your role in ${where} is ${role}; ${doing} needs Data owner. ${ask}`
    : `${capitalised(doing)} needs the Data owner role in ${where}, which you do not have. ${ask}`;
}

/** `Current: 3 Max: 3` in a quota message. */
function quotaFigures(usrMsg: string | undefined): { current?: number; max?: number } {
  const m = /Current:\s*(\d+)\s*Max:\s*(\d+)/i.exec(usrMsg ?? '');
  return m ? { current: Number(m[1]), max: Number(m[2]) } : {};
}

function ofFigures(f: { current?: number; max?: number }): string {
  return f.max !== undefined ? ` (${f.current ?? f.max} of ${f.max})` : '';
}

function lifecycleRefusal(c: HttpErrorContext): Described {
  if (/running model deployments quota/i.test(c.usrMsg ?? '')) {
    const f = quotaFigures(c.usrMsg);
    return {
      kind: 'lifecycle',
      message:
        `The project has reached its quota of running deployments${ofFigures(f)}: stop a deployment it does not ` +
        'need, or ask a Hopsworks administrator to raise the quota, then start this one again.',
      refusal: { kind: 'quota', quota: 'runningDeployments', ...f },
    };
  }
  const verb =
    c.action === 'stopping a deployment'
      ? 'stopped'
      : c.action === 'starting a deployment'
        ? 'started'
        : 'started or stopped';
  const busy = /try later/i.test(c.usrMsg ?? '');
  return {
    kind: 'lifecycle',
    message:
      `${c.what ?? 'The deployment'} could not be ${verb}${detail(c)}` +
      (busy ? ' Wait until it has settled (Running, Idle or Stopped), then try again.' : ''),
    ...(busy ? { refusal: { kind: 'busy' as const } } : {}),
  };
}

type Rule = (c: HttpErrorContext) => Described;

/** A code whose sentence needs nothing from the request (each call answers a fresh object, as the others do). */
function says(kind: HopsworksErrorKind, message: string, refusal?: Refusal): Rule {
  return () => (refusal ? { kind, message, refusal: { ...refusal } } : { kind, message });
}

/** A deployment between two states refused a change (240002) or a delete (240001); `then` says when to retry. */
function busy(refused: 'changed' | 'deleted', then: string): Rule {
  return (c) => ({
    kind: 'lifecycle',
    message: `${c.what ?? 'The deployment'} is starting or updating and cannot be ${refused} now. ${then}`,
    refusal: { kind: 'busy' },
  });
}

const BY_CODE: Readonly<Record<number, Rule>> = {
  200003: unauthorized,
  320012: unauthorized,
  320013: unauthorized,
  320004: missingScope,
  320003: roleNotAllowed,
  200014: (c) => ({
    kind: 'forbidden',
    message: `You are not allowed to ${request(c)}: it needs a role in the project, or is for administrators only.`,
  }),
  150004: (c) => ({
    kind: 'notFound',
    message: `${c.what ?? 'The project'} was not found on ${c.origin}, or your user is not a member of it.`,
  }),
  100050: (c) => ({ kind: 'notFound', message: `${c.what ?? 'The variable'} is not set on this cluster.` }),
  360000: (c) => ({
    kind: 'notFound',
    message: `${c.what ?? 'The model'} was not found in the model registry.`,
  }),
  240000: (c) => ({
    kind: 'notFound',
    message: `${c.what ?? 'The deployment'} was not found; it may have been deleted.`,
  }),
  120001: (c) => ({ kind: 'validation', message: `Hopsworks rejected the request${detail(c)}` }),
  150068: (c) => ({
    kind: 'forbidden',
    message: roleRefusalMessage(undefined, c.action),
    refusal: { kind: 'role', needs: 'Data owner', ...(c.action ? { action: c.action } : {}) },
  }),
  240026: (c) => {
    const f = quotaFigures(c.usrMsg);
    return {
      kind: 'conflict',
      message:
        `The project has reached its quota of deployments${ofFigures(f)}: delete a deployment it no longer ` +
        'needs, or ask a Hopsworks administrator to raise the quota.',
      refusal: { kind: 'quota', quota: 'deployments', ...f },
    };
  },
  240002: busy('changed', 'Save again once it is Running or Idle; your changes were not applied.'),
  240001: busy('deleted', 'Delete it once it has settled (Running, Idle or Stopped).'),
  240016: (c) => ({
    kind: 'validation',
    message:
      `A script of the deployment was not found in the project${detail(c)}. Give its full path ` +
      '(/Projects/<project>/…). On Hopsworks 4.5 and older a script already copied into the model artifact is ' +
      'shown by its file name only; with another model version it needs its full path again.',
  }),
  240019: (c) => ({
    kind: 'validation',
    message: `The model artifact of the deployment cannot be used this way${detail(c)}`,
  }),
  240027: (c) => ({
    kind: 'notFound',
    message:
      `${c.what ?? 'The deployment'} has no running pod to read logs from: start it first; a deployment that ` +
      'is Idle (scaled to zero) has none until a request wakes it.',
  }),
  240011: says(
    'conflict',
    'A deployment with this name already exists in the project: choose another name, or edit that deployment.',
  ),
  240003: lifecycleRefusal,
  250001: says('lifecycle', 'The deployment is not running: start it, then send the request again.'),
  240010: (c) => ({
    kind: 'validation',
    message: `The Kafka topic for inference logging is not valid${detail(c)}`,
  }),
  240022: says('validation', 'The Kafka topic chosen for inference logging does not exist in this project.'),
  240023: says(
    'validation',
    'That Kafka topic cannot be used for inference logging: it must use the "inferenceschema" subject, ' +
      'version 4 or later for KServe deployments and version 3 or earlier otherwise.',
  ),
  240024: says(
    'validation',
    'Only the inference logging mode ALL is supported on deployments that do not use KServe.',
  ),
  240021: says('validation', 'Transformers are only supported on KServe deployments.'),
  240025: says('validation', 'Request batching settings are only supported on KServe deployments.'),
  240013: says(
    'validation',
    'The model server of an existing deployment cannot be changed: create a new deployment instead.',
  ),
  190000: (c) => ({ kind: 'notFound', message: `${c.what ?? 'The Kafka topic'} was not found.` }),
  190002: says(
    'conflict',
    'A Kafka topic with this name already exists. Topic names are unique across the whole cluster: choose another.',
  ),
  190004: says(
    'conflict',
    'The project has reached its quota of Kafka topics: delete topics it no longer needs (or log to an ' +
      'existing inference topic), or ask a Hopsworks administrator to raise the quota.',
    { kind: 'quota', quota: 'topics' },
  ),
  190005: says(
    'validation',
    'The replication factor is larger than the number of Kafka brokers: use a smaller one (1 always works).',
  ),
  190006: says(
    'notFound',
    'The schema (subject and version) given for the topic does not exist in this project.',
  ),
  190010: (c) => ({
    kind: 'forbidden',
    message: `${c.what ?? 'The Kafka topic'} is not shared with this project.`,
  }),
  190015: says('validation', 'The number of partitions of the Kafka topic must be at least 1.'),
  40401: (c) => ({
    kind: 'notFound',
    message: `${c.what ?? 'The schema subject'} was not found in the schema registry.`,
  }),
  40402: (c) => ({
    kind: 'notFound',
    message: `That version of ${c.what ?? 'the schema subject'} was not found in the schema registry.`,
  }),
  42202: says('validation', 'The schema version is not valid: use a number or "latest".'),
};
// Both codes mean the same thing to a user (topic name taken).
const CODE_ALIASES: Readonly<Record<number, number>> = { 190003: 190002 };

function byStatus(c: HttpErrorContext): Described {
  const s = c.status;
  const code = c.errorCode !== undefined ? ` (code ${c.errorCode})` : '';
  if (s === 401) return unauthorized(c);
  if (s === 403) {
    return c.scope
      ? missingScope(c)
      : { kind: 'forbidden', message: `Hopsworks refused ${request(c)}${detail(c)}${code}.` };
  }
  if (s === 404) {
    if (!c.jsonBody) {
      return {
        kind: 'notFound',
        message:
          `Hopsworks at ${c.origin} answered 404 to ${request(c)}: ` +
          'is this the address of a Hopsworks server, and does its version support this call?',
      };
    }
    return { kind: 'notFound', message: `${c.what ?? request(c)} was not found${detail(c)}${code}.` };
  }
  if (s === 409 || s === 412) {
    return { kind: 'conflict', message: `Hopsworks refused ${request(c)}${detail(c)}${code}.` };
  }
  if (s >= 500) {
    const how = c.jsonBody
      ? `failed on ${request(c)} (${s}${c.statusText ? ` ${c.statusText}` : ''})${detail(c)}${code}`
      : `is not answering properly (${s}${c.statusText ? ` ${c.statusText}` : ''} on ${request(c)}); the cluster may be starting or overloaded`;
    return { kind: 'server', message: `Hopsworks at ${c.origin} ${how}. Try again in a moment.` };
  }
  if (s >= 300 && s < 400) {
    return {
      kind: 'badResponse',
      message: `Hopsworks at ${c.origin} redirected ${request(c)} (${s}): check the host and port in the connection settings.`,
    };
  }
  return { kind: 'validation', message: `Hopsworks rejected ${request(c)} (${s})${detail(c)}${code}.` };
}

/** Turn a non-2xx response into a kind and a sentence a person understands. */
export function describeHttpError(c: HttpErrorContext): Described {
  const code = c.errorCode !== undefined ? (CODE_ALIASES[c.errorCode] ?? c.errorCode) : undefined;
  const rule = code !== undefined ? BY_CODE[code] : undefined;
  return rule ? rule(c) : byStatus(c);
}

export interface TransportErrorContext {
  origin: string;
  host: string;
  method: string;
  path: string;
  /** Node/OpenSSL error code, 'TIMEOUT' for our own deadline, 'CLOSED' after dispose(). */
  code: string;
  timeoutMs: number;
}

const UNTRUSTED_CERT = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const TLS_CODES = new Set([
  ...UNTRUSTED_CERT,
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

export function isTlsErrorCode(code: string): boolean {
  return TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_');
}

const TRUST_ADVICE =
  'set the cluster CA certificate file (PEM) in the connection settings, or, only if you trust the network, ' +
  'turn off TLS certificate verification';

/** Turn a failure below HTTP (DNS, TCP, TLS, our deadline) into a kind and a sentence. */
export function describeTransportError(c: TransportErrorContext): Described {
  if (c.code === 'TIMEOUT') {
    return {
      kind: 'timeout',
      message:
        `Hopsworks at ${c.origin} did not answer ${c.method} ${c.path} within ${Math.round(c.timeoutMs / 100) / 10} s: ` +
        'is the cluster overloaded, or is a firewall dropping the traffic?',
    };
  }
  if (c.code === 'CLOSED') {
    return {
      kind: 'unreachable',
      message: `The connection to ${c.origin} was closed (disconnected, or connected elsewhere) before ${c.method} ${c.path} finished.`,
    };
  }
  if (UNTRUSTED_CERT.has(c.code)) {
    return {
      kind: 'tls',
      message: `The TLS certificate of ${c.origin} is not signed by a trusted authority (${c.code}): ${TRUST_ADVICE}.`,
    };
  }
  if (c.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      kind: 'tls',
      message:
        `The TLS certificate of ${c.origin} was not issued for the host name "${c.host}": connect with the name ` +
        'the certificate was issued for, or, only if you trust the network, turn off TLS certificate verification.',
    };
  }
  if (c.code === 'CERT_HAS_EXPIRED' || c.code === 'CERT_NOT_YET_VALID') {
    return {
      kind: 'tls',
      message: `The TLS certificate of ${c.origin} is ${c.code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'}: ask the cluster administrator to renew it, or check this computer's clock.`,
    };
  }
  if (isTlsErrorCode(c.code)) {
    return {
      kind: 'tls',
      message: `The TLS handshake with ${c.origin} failed (${c.code}): is this port an HTTPS port of Hopsworks?`,
    };
  }
  return {
    kind: 'unreachable',
    message: `Cannot reach ${c.origin} — is the host right and the cluster up? (${c.code})`,
  };
}
