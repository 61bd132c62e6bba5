// Reads a kafkajs error (and its causes) and says what happened in words a person can act on, and whether
// retrying can help. Broker addresses may appear in the text; TLS material never does (kafkajs does not
// put it in errors, and nothing here reads the options).

export interface KafkaProblem {
  /** Retrying cannot help: the session stops and says what to do. */
  fatal: boolean;
  message: string;
  action: string;
}

interface ErrorLike {
  name?: string;
  message?: string;
  type?: string;
  code?: string;
  cause?: unknown;
  originalError?: unknown;
}

function chain(e: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let cur: unknown = e;
  while (cur && typeof cur === 'object' && out.length < 8) {
    const el = cur as ErrorLike;
    out.push(el);
    cur = el.cause ?? el.originalError;
  }
  if (out.length === 0 && e !== undefined) {
    out.push({ message: typeof e === 'string' ? e : (JSON.stringify(e) ?? 'unknown error') });
  }
  return out;
}

// Only verdicts of a completed TLS exchange count: a socket cut mid-handshake during an outage ("socket
// disconnected before secure TLS connection was established") is a connection problem, not a TLS one.
const TLS_CODE =
  /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/;
const TLS_MESSAGE =
  /certificate|self[- ]signed|unable to verify|unable to get (local )?issuer|handshake failure|alert|wrong version number/i;

export function describeKafkaError(
  e: unknown,
  topic: string,
  context: { tls?: boolean; everConnected?: boolean } = {},
): KafkaProblem {
  const errs = chain(e);
  const root = errs[errs.length - 1] ?? {};
  const text = errs
    .map((x) => `${x.name ?? ''} ${x.type ?? ''} ${x.code ?? ''} ${x.message ?? ''}`)
    .join(' | ');
  const detail = root.message || errs[0]?.message || 'unknown error';
  const types = new Set(errs.map((x) => x.type).filter(Boolean));

  if (types.has('TOPIC_AUTHORIZATION_FAILED')) {
    return {
      fatal: true,
      message: `Not allowed to read topic "${topic}".`,
      action:
        "Use credentials of the project that owns the topic (or one it is shared with); the certificate's project decides what you may read.",
    };
  }
  if (types.has('GROUP_AUTHORIZATION_FAILED') || types.has('CLUSTER_AUTHORIZATION_FAILED')) {
    return {
      fatal: true,
      message: `The broker refused access (${[...types].join(', ')}).`,
      action: "Check that the project's Kafka credentials are current; download them again.",
    };
  }
  if (
    types.has('UNKNOWN_TOPIC_OR_PARTITION') ||
    /does not host this topic-partition|unknown topic/i.test(text)
  ) {
    return {
      fatal: true,
      message: `Topic "${topic}" was not found on the broker.`,
      action: "Check the deployment's inference logger: the topic may have been deleted or renamed.",
    };
  }
  const codes = new Set(errs.map((x) => x.code).filter((c): c is string => typeof c === 'string'));
  if ([...codes].some((c) => TLS_CODE.test(c)) || TLS_MESSAGE.test(text)) {
    return {
      fatal: true,
      message: `The TLS connection to the broker failed: ${detail}.`,
      action:
        "Download the project's credentials again (the client certificate may have expired or belong to another project) and check the CA chain.",
    };
  }
  if (codes.has('ENOTFOUND') || codes.has('EAI_AGAIN')) {
    return {
      fatal: false,
      message: `A broker host name cannot be resolved: ${detail}.`,
      action:
        'The cluster may advertise an internal name (e.g. kafka.service.consul); configure the external bootstrap servers.',
    };
  }
  if (
    context.tls &&
    !context.everConnected &&
    /closed connection|ECONNRESET|socket disconnected|socket hang up/i.test(text)
  ) {
    return {
      fatal: false,
      message: `The broker closed the connection while it was being set up (${detail}).`,
      action:
        "With mutual TLS this usually means the broker did not accept the client certificate: download the project's credentials again.",
    };
  }
  return {
    fatal: false,
    message: `Lost the connection to the broker${lostBecause(text)}.`,
    action: RECONNECTING,
  };
}

/** What the panel says while it retries: no countdown (kafkajs' own retries make any figure wrong). */
const RECONNECTING = 'Reconnecting automatically; check the network or VPN if this persists.';

// Node's socket errors in words; the raw text ("connect ECONNREFUSED 10.0.0.5:9092") goes to the log only.
function lostBecause(text: string): string {
  if (/ECONNREFUSED/.test(text)) return ' (connection refused)';
  if (/ETIMEDOUT|timed? ?out/i.test(text)) return ' (no answer in time)';
  if (/ENETUNREACH|EHOSTUNREACH|EHOSTDOWN/.test(text)) return ' (network unreachable)';
  if (/ECONNRESET|EPIPE|closed connection|socket hang up|socket disconnected|connection closed/i.test(text))
    return ' (the connection was closed)';
  return '';
}

/** The one message of the "reconnecting" state: what happened, and that it retries. */
export function reconnectReason(problem: KafkaProblem): string {
  return `${problem.message} ${problem.action}`;
}
