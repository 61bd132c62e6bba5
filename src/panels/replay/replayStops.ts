// Which failures of one replayed request stop the whole replay. A model that refuses one input (400/500 from
// the model server) is that request's result, and the run goes on. A failure every later request would meet
// too — the target is not running or is gone, the API key or role is refused, the connection is closed or
// the cluster does not answer — stops the run at once: nothing more is sent, what was answered is kept, and
// the person is told what happened and what to do. No vscode.
import { isHopsworksError } from '../../hopsworks/errors';

export interface ReplayStop {
  /** What happened. */
  reason: string;
  /** What to do about it. */
  action: string;
}

const KEPT = 'The answers received so far are kept in the comparison.';

/** The stop a failed request calls for, or undefined when only that request failed. */
export function stopFor(err: unknown, target: string): ReplayStop | undefined {
  if (!isHopsworksError(err)) return undefined;
  // Our own cancel: the run is already stopping.
  if (err.causeCode === 'CANCELLED') return undefined;
  if (err.errorCode === 250001)
    return {
      reason: `${target} is not running (Hopsworks answered 250001, "Serving instance not running").`,
      action: `Start ${target}, or pick a running deployment, and replay again. ${KEPT}`,
    };
  if (err.errorCode === 250000 || err.errorCode === 240000 || err.kind === 'notFound')
    return {
      reason: `Hopsworks does not know the deployment ${target} any more: it may have been deleted.`,
      action: `Refresh the deployments and replay to another one. ${KEPT}`,
    };
  if (err.causeCode === 'CLOSED')
    return {
      reason:
        'The connection to Hopsworks was closed (Disconnect, or a connection to another project) during the replay.',
      action: `Connect again and replay the rest. ${KEPT}`,
    };
  switch (err.kind) {
    case 'unauthorized':
    case 'forbidden':
      return {
        reason: `Hopsworks refused the request to ${target}: ${err.message}`,
        action: `Nothing more was sent. ${KEPT}`,
      };
    case 'unreachable':
    case 'timeout':
    case 'tls':
      return {
        reason: `Hopsworks stopped answering during the replay: ${err.message}`,
        action: `Check the connection, then replay the rest. ${KEPT}`,
      };
    default:
      return undefined;
  }
}

/** Said when the connection leaves the project the replay was started in. */
export function connectionLostStop(lost: string): ReplayStop {
  return {
    reason: `The replay stopped: ${lost}`,
    action: `Connect to that project again and replay the rest. ${KEPT}`,
  };
}
