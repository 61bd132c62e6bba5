// Why the server gave no logs, said so a person knows what to do. The endpoint answers the same 404 240027
// for every state without a pod (Creating, Created, Idle, Stopping, Stopped: shared docs §10.1 #10), so the
// deployment's state, read right after, picks the sentence: "start it first" is wrong advice for an Idle
// deployment, which a request wakes. Pure: the error and the state in, a sentence out.
import { HopsworksError, isClosedConnectionError } from '../hopsworks/errors';
import { normalizeStatus } from '../hopsworks/types';
import type { DeploymentComponent, DeploymentStatus } from '../hopsworks/types';

export type LogRefusalKind =
  'notRunning' | 'idle' | 'starting' | 'stopping' | 'noTransformer' | 'forbidden' | 'gone' | 'other';

export interface LogRefusal {
  kind: LogRefusalKind;
  message: string;
  /** the deployment's state when it was read after the refusal */
  status?: DeploymentStatus;
}

/** The endpoint's "no pod to read" (SERVER_LOGS_NOT_AVAILABLE). */
export const NO_POD_ERROR_CODE = 240027;

export function needsState(err: unknown): boolean {
  return err instanceof HopsworksError && err.errorCode === NO_POD_ERROR_CODE;
}

export interface RefusalContext {
  deployment: string;
  component: DeploymentComponent;
  /** the deployment's state read after the refusal (raw server string), when it was read */
  status?: string;
  /** the server keeps a log archive readable in any state (Hopsworks 5.0+) */
  archive: boolean;
}

const STATUS_WORDS: Partial<Record<DeploymentStatus, string>> = {
  CREATING: 'being created',
  CREATED: 'created but not started',
  STOPPED: 'stopped',
  STOPPING: 'stopping',
  STARTING: 'starting',
  UPDATING: 'updating',
};

/** Undefined for a connection closed under the call (the person disconnected): nothing to say. */
export function describeLogRefusal(err: unknown, c: RefusalContext): LogRefusal | undefined {
  if (isClosedConnectionError(err)) return undefined;
  const archive = c.archive
    ? ' Hopsworks keeps a log archive: choose the source "Log archive" to read what its pods printed before.'
    : '';
  if (needsState(err)) {
    const status = normalizeStatus(c.status);
    const withStatus = (r: Omit<LogRefusal, 'status'>): LogRefusal =>
      c.status !== undefined ? { ...r, status } : r;
    if (status === 'IDLE') {
      return withStatus({
        kind: 'idle',
        message: `${c.deployment} is Idle (scaled to zero): no pod is running; send a request to wake it.`,
      });
    }
    if (status === 'STOPPED' || status === 'CREATED') {
      return withStatus({
        kind: 'notRunning',
        message: `${c.deployment} is ${STATUS_WORDS[status]}: no pod is running, so there are no server logs to read; start it first.${archive}`,
      });
    }
    if (status === 'CREATING' || status === 'STARTING' || status === 'UPDATING') {
      return withStatus({
        kind: 'starting',
        message: `${c.deployment} is ${STATUS_WORDS[status]}: no pod runs yet; its logs can be read once one starts.`,
      });
    }
    if (status === 'STOPPING') {
      return withStatus({
        kind: 'stopping',
        message: `${c.deployment} is stopping: its pods are ending; start it again to read new logs.${archive}`,
      });
    }
    return withStatus({
      kind: 'notRunning',
      message: `${c.deployment} has no running pod to read logs from: start it first; an Idle deployment (scaled to zero) has none until a request wakes it.`,
    });
  }
  if (
    err instanceof HopsworksError &&
    c.component === 'transformer' &&
    /transformer/i.test(`${err.usrMsg ?? ''} ${err.errorMsg ?? ''}`)
  ) {
    return { kind: 'noTransformer', message: noTransformer(c.deployment) };
  }
  if (err instanceof HopsworksError && err.kind === 'forbidden') {
    return { kind: 'forbidden', message: err.message };
  }
  if (err instanceof HopsworksError && err.kind === 'notFound' && err.errorCode === 240000) {
    return { kind: 'gone', message: `${c.deployment} no longer exists: it may have been deleted.` };
  }
  return { kind: 'other', message: err instanceof Error ? err.message : String(err) };
}

export function noTransformer(deployment: string): string {
  return `${deployment} has no transformer: its server logs are the predictor's.`;
}
