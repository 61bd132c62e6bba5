// How a deployment's state is written to a person, in one place: the tree, the form's messages and the
// Start/Stop notifications said "It is Created.", "Its state is Created." and "is created." for the same thing.
import type { DeploymentStatus } from '../hopsworks/types';
import { normalizeStatus, TRANSITIONAL_STATUSES } from '../hopsworks/types';

const STATE_NAMES: Record<Exclude<DeploymentStatus, 'UNKNOWN'>, string> = {
  RUNNING: 'Running',
  IDLE: 'Idle (scaled to zero)',
  CREATED: 'Created',
  STOPPED: 'Stopped',
  FAILED: 'Failed',
  CREATING: 'Creating',
  STARTING: 'Starting',
  UPDATING: 'Updating',
  STOPPING: 'Stopping',
};

/**
 * The state's name: "Running", "Idle (scaled to zero)"… A state this extension does not know is named as the
 * server wrote it, since that is what Hopsworks' own pages show.
 */
export function stateName(raw: string | null | undefined): string {
  const s = normalizeStatus(raw);
  if (s !== 'UNKNOWN') return STATE_NAMES[s];
  const text = raw?.trim();
  return text ? text : 'unknown';
}

/** The tree's short label: transitional states end in "…"; an unknown one says so. */
export function stateLabel(status: DeploymentStatus): string {
  if (status === 'UNKNOWN') return 'Unknown state';
  return TRANSITIONAL_STATUSES.has(status) ? `${STATE_NAMES[status]}…` : STATE_NAMES[status];
}

/** The one sentence every message ends with: "Its state is Running." (or "…is still Starting."). */
export function stateSentence(raw: string | null | undefined, still = false): string {
  return `Its state is ${still ? 'still ' : ''}${stateName(raw)}.`;
}
