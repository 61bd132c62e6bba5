// The one error type the REST client throws. It is built only from safe fields (never from an axios error,
// whose config carries the Authorization header), so logging or serialising it cannot leak the API key.
import { inspect } from 'node:util';
import type { Refusal } from './errorMessages';

export type HopsworksErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'validation'
  | 'conflict'
  | 'lifecycle'
  | 'server'
  | 'badResponse';

export interface HopsworksErrorInit {
  kind: HopsworksErrorKind;
  message: string;
  method: string;
  /** Path below `/hopsworks-api/api`, without the query string. */
  path: string;
  status?: number;
  errorCode?: number;
  errorMsg?: string;
  usrMsg?: string;
  /** Node/OpenSSL error code of a transport failure, e.g. `ECONNREFUSED` or `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  causeCode?: string;
  /** Why a permitted-looking request was refused: project role, quota, or a deployment between states. */
  refusal?: Refusal;
}

export class HopsworksError extends Error {
  override readonly name = 'HopsworksError';
  readonly kind: HopsworksErrorKind;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly errorCode?: number;
  readonly errorMsg?: string;
  readonly usrMsg?: string;
  readonly causeCode?: string;
  readonly refusal?: Refusal;

  constructor(init: HopsworksErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    if (init.status !== undefined) this.status = init.status;
    if (init.errorCode !== undefined) this.errorCode = init.errorCode;
    if (init.errorMsg !== undefined) this.errorMsg = init.errorMsg;
    if (init.usrMsg !== undefined) this.usrMsg = init.usrMsg;
    if (init.causeCode !== undefined) this.causeCode = init.causeCode;
    if (init.refusal !== undefined) this.refusal = init.refusal;
  }

  /** `message` is not enumerable on Error; include it so JSON logs of the error are useful. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      errorCode: this.errorCode,
      errorMsg: this.errorMsg,
      usrMsg: this.usrMsg,
      causeCode: this.causeCode,
      refusal: this.refusal,
    };
  }

  [inspect.custom](): string {
    return `${this.stack ?? `${this.name}: ${this.message}`} ${inspect(this.toJSON())}`;
  }
}

export function isHopsworksError(e: unknown): e is HopsworksError {
  return e instanceof HopsworksError;
}

/**
 * The client was disposed while the request was pending or before it started: the person disconnected or
 * connected elsewhere, so whatever waited on it ends quietly rather than as an error.
 */
export function isClosedConnectionError(e: unknown): boolean {
  return e instanceof HopsworksError && e.causeCode === 'CLOSED';
}
