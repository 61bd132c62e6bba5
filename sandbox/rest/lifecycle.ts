// Deployment lifecycle like Hopsworks' (hopsworks-rest.md §4.2): every transitional state lasts one step,
// START on a version that cannot run ends Failed with the reason in `condition`, and actions that make no
// sense in the current state are refused with 400 240003, which is what the Python client expects.
import type { DeploymentCondition } from './serverTypes';
import { restError } from './errors';
import type { SandboxState, ServingRecord, ServingStatus } from './state';

const CONDITIONS: Record<ServingStatus, DeploymentCondition> = {
  Creating: { type: 'STOPPED', status: null, reason: 'Deployment is being created' },
  Created: {
    type: 'STOPPED',
    status: true,
    reason: 'Deployment has been created, start it to serve requests',
  },
  Starting: { type: 'SCHEDULED', status: null, reason: 'Deployment is being scheduled' },
  Running: { type: 'READY', status: true, reason: 'Deployment is ready' },
  Idle: { type: 'READY', status: true, reason: 'Deployment is ready, scaled to zero' },
  Updating: { type: 'STARTED', status: null, reason: 'Deployment is being updated' },
  Stopping: { type: 'STOPPED', status: null, reason: 'Deployment is stopping' },
  Stopped: { type: 'STOPPED', status: true, reason: 'Deployment is stopped' },
  Failed: { type: 'STARTED', status: false, reason: 'Deployment failed to start' },
};

// Sub-steps of Starting, as the condition moves through the pod's phases.
const STARTING_PHASES: DeploymentCondition[] = [
  CONDITIONS.Starting,
  { type: 'INITIALIZED', status: null, reason: 'Predictor is initializing: pulling image and model files' },
  { type: 'STARTED', status: null, reason: 'Predictor container started, waiting for readiness' },
];

export type TransitionListener = (serving: ServingRecord, from: ServingStatus) => void;

export class Lifecycle {
  private readonly timers = new Map<number, NodeJS.Timeout[]>();

  constructor(
    private readonly state: SandboxState,
    private readonly stepMs: number,
    private readonly onTransition: TransitionListener = () => undefined,
  ) {}

  /** A freshly created deployment: Creating, then Created. */
  created(serving: ServingRecord): void {
    this.set(serving, 'Creating');
    this.after(serving, this.stepMs, () => this.set(serving, 'Created'));
  }

  start(serving: ServingRecord): void {
    switch (serving.status) {
      case 'Created':
      case 'Stopped':
        break;
      case 'Creating':
        throw restError('LIFECYCLE_ERROR', 'Instance is still being created, wait until it is Created');
      case 'Stopping':
        throw restError('LIFECYCLE_ERROR', 'Instance is stopping, wait until it is Stopped');
      default:
        throw restError('LIFECYCLE_ERROR', 'Instance is already started');
    }
    this.set(serving, 'Starting');
    const phase = this.stepMs / STARTING_PHASES.length;
    STARTING_PHASES.slice(1).forEach((condition, i) => {
      this.after(serving, phase * (i + 1), () => {
        serving.condition = { ...condition };
      });
    });
    this.after(serving, this.stepMs, () => this.settleDeployed(serving));
  }

  stop(serving: ServingRecord): void {
    switch (serving.status) {
      case 'Running':
      case 'Idle':
      case 'Starting':
      case 'Updating':
      case 'Failed':
        break;
      case 'Stopping':
        throw restError('LIFECYCLE_ERROR', 'Instance is already stopping');
      case 'Creating':
        throw restError('LIFECYCLE_ERROR', 'Instance is still being created, wait until it is Created');
      default:
        throw restError('LIFECYCLE_ERROR', 'Instance is already stopped');
    }
    this.clear(serving.id);
    this.set(serving, 'Stopping');
    this.after(serving, this.stepMs, () => this.set(serving, 'Stopped'));
  }

  /** Throws when a PUT may not change this deployment now (it is between two states). */
  assertUpdatable(serving: ServingRecord): void {
    if (serving.status === 'Starting' || serving.status === 'Stopping' || serving.status === 'Updating') {
      throw restError(
        'LIFECYCLE_ERROR',
        `Deployment cannot be updated while it is ${serving.status}, wait until it settles`,
      );
    }
  }

  /** After a PUT changed a deployment: a deployed one rolls its pods (Updating), others keep their state. */
  updated(serving: ServingRecord): void {
    if (serving.status === 'Running' || serving.status === 'Idle' || serving.status === 'Failed') {
      this.clear(serving.id);
      this.set(serving, 'Updating');
      this.after(serving, this.stepMs, () => this.settleDeployed(serving));
    }
  }

  forget(servingId: number): void {
    this.clear(servingId);
  }

  stopAll(): void {
    for (const id of [...this.timers.keys()]) this.clear(id);
  }

  private settleDeployed(serving: ServingRecord): void {
    const model = this.state.findModel(serving.spec.modelName, serving.spec.modelVersion);
    const now = Date.now();
    serving.deployed = now;
    serving.revision = String(Math.floor(now / 1000));
    if (model?.failReason) {
      this.set(serving, 'Failed', { ...CONDITIONS.Failed, reason: model.failReason });
    } else {
      this.set(serving, 'Running');
    }
  }

  private set(serving: ServingRecord, status: ServingStatus, condition = CONDITIONS[status]): void {
    const from = serving.status;
    serving.status = status;
    serving.condition = { ...condition };
    serving.availableInstances =
      status === 'Running' || status === 'Updating'
        ? Math.max(1, serving.spec.requestedInstances)
        : status === 'Stopping'
          ? serving.availableInstances
          : 0;
    if (from !== status) this.onTransition(serving, from);
  }

  private after(serving: ServingRecord, ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      const list = this.timers.get(serving.id);
      if (list) list.splice(list.indexOf(timer), 1);
      // Deleted meanwhile: nothing to move.
      if (this.state.servings.get(serving.id) === serving) fn();
    }, ms);
    timer.unref();
    const list = this.timers.get(serving.id) ?? [];
    list.push(timer);
    this.timers.set(serving.id, list);
  }

  private clear(servingId: number): void {
    for (const t of this.timers.get(servingId) ?? []) clearTimeout(t);
    this.timers.delete(servingId);
  }
}
