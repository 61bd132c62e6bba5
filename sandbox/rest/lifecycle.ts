// Deployment lifecycle as Hopsworks' KubeServingController drives it (HW-BM, docs/sandbox-profiles.md): each
// transitional state lasts one step while the condition moves through the real `ServingStatusCondition`
// texts; START/STOP/update/delete are refused with the codes and texts of the real controller; a version that
// cannot run ends Failed; a KServe deployment that may scale to zero goes Idle when no request came for a
// while and back to Running on the next one. Pods (and what they print) follow every transition.
import type { Pods } from '../serving/pods';
import type { Condition, ServingStatus } from '../types';
import { restError } from './errors';
import type { SandboxState, ServingRecord } from './state';

/** `ServingStatusCondition` factory texts. */
export const CONDITIONS = {
  creating: { type: 'STOPPED', status: null, reason: 'Deployment is being prepared' },
  notRunning: { type: 'STOPPED', status: true, reason: 'Deployment is not running' },
  stopping: { type: 'STOPPED', status: null, reason: 'Stopping deployment' },
  scheduling: { type: 'SCHEDULED', status: null, reason: 'Waiting for being scheduled' },
  initializing: { type: 'INITIALIZED', status: null, reason: 'Initializing deployment' },
  starting: { type: 'STARTED', status: null, reason: 'Deployment is starting' },
  connecting: { type: 'READY', status: null, reason: 'Setting up connectivity' },
  ready: { type: 'READY', status: true, reason: 'Deployment is ready' },
  idle: {
    type: 'READY',
    status: true,
    reason: 'Deployment is ready, but idle. Higher latencies are expected in the first predictions',
  },
  failed: { type: 'STARTED', status: false, reason: 'Failed to run: predictor terminated unsuccessfully' },
} as const satisfies Record<string, Condition>;

// Sub-steps of Starting and Updating, as the new pods go through their phases.
const PHASES: Condition[] = [
  CONDITIONS.scheduling,
  CONDITIONS.initializing,
  CONDITIONS.starting,
  CONDITIONS.connecting,
];

/** Not Creating/Created/Stopping/Stopped: what the running-deployments quota counts (QuotasEnforcement). */
export function isDeploymentRunning(s: ServingRecord): boolean {
  return !['Creating', 'Created', 'Stopping', 'Stopped'].includes(s.status);
}

/** KServe deployments whose predictor (or transformer) may have no replica: Knative scales them to zero. */
export function scalesToZero(s: ServingRecord): boolean {
  const spec = s.spec;
  if (spec.servingTool !== 'KSERVE') return false;
  const predictorMin = spec.predictorScalingConfig?.minInstances ?? spec.requestedInstances;
  const transformerMin = spec.transformerScalingConfig?.minInstances ?? spec.requestedTransformerInstances;
  return predictorMin === 0 || (spec.transformer !== undefined && transformerMin === 0);
}

export type TransitionListener = (serving: ServingRecord, from: ServingStatus) => void;

/** The states a deployment leaves by itself after a step: what `Lifecycle.hold` can keep it in. */
export type TransitionalStatus = 'Creating' | 'Starting' | 'Updating' | 'Stopping';

export interface LifecycleOptions {
  /** duration of each transitional state */
  stepMs: number;
  /** a scale-to-zero deployment goes Idle after this long without a request (plus its retention) */
  idleAfterMs: number;
  onTransition?: TransitionListener;
}

export class Lifecycle {
  private readonly timers = new Map<number, NodeJS.Timeout[]>();
  /** How many holds each held state has (holds nest). */
  private readonly held = new Map<ServingStatus, number>();
  /** Steps that fell due while their deployment was in a held state, in the order they fell due. */
  private due: { serving: ServingRecord; run: () => void }[] = [];
  private readonly idleCheck: NodeJS.Timeout;

  constructor(
    private readonly state: SandboxState,
    private readonly pods: Pods,
    private readonly opts: LifecycleOptions,
  ) {
    this.idleCheck = setInterval(
      () => this.scaleIdleToZero(),
      Math.min(1000, Math.max(20, opts.idleAfterMs / 4)),
    );
    this.idleCheck.unref();
  }

  /** A seeded deployment as it stands when the sandbox starts: Running ones have pods that started at `deployed`. */
  seeded(serving: ServingRecord): void {
    if (serving.status === 'Running' && serving.deployed !== undefined) {
      this.pods.start(serving, serving.deployed, true);
      this.counts(serving);
    }
  }

  /** A freshly created deployment: Creating (its artifact is being prepared), then Created. */
  created(serving: ServingRecord): void {
    this.set(serving, 'Creating', CONDITIONS.creating);
    this.after(serving, this.opts.stepMs, () => this.set(serving, 'Created', CONDITIONS.notRunning));
  }

  start(serving: ServingRecord): void {
    switch (serving.status) {
      case 'Created':
      case 'Stopped':
        break;
      case 'Creating':
        throw restError('LIFECYCLE_ERROR', 'Deployment is being prepared. Please, try later.');
      case 'Stopping':
        throw restError('LIFECYCLE_ERROR', 'Deployment is stopping. Please, try later.');
      case 'Failed':
        throw restError('LIFECYCLE_ERROR', 'Deployment is in a failed state and cannot be started.');
      default:
        throw restError('LIFECYCLE_ERROR', 'Deployment is already started.');
    }
    const now = Date.now();
    serving.deployed = now;
    serving.revision = String(Math.floor(now / 1000));
    this.set(serving, 'Starting', PHASES[0] as Condition);
    this.rollOut(serving);
  }

  stop(serving: ServingRecord): void {
    switch (serving.status) {
      case 'Running':
      case 'Idle':
      case 'Failed':
        break;
      case 'Starting':
        throw restError('LIFECYCLE_ERROR', 'Deployment is starting. Please, try later.');
      case 'Updating':
        throw restError('LIFECYCLE_ERROR', 'Deployment is updating. Please, try later.');
      default:
        throw restError('LIFECYCLE_ERROR', 'Deployment is already stopped.');
    }
    this.clear(serving.id);
    serving.deployed = undefined;
    this.set(serving, 'Stopping', CONDITIONS.stopping);
    this.after(serving, this.opts.stepMs, () => {
      this.pods.stop(serving, Date.now());
      this.set(serving, 'Stopped', CONDITIONS.notRunning);
    });
  }

  /** Throws when a PUT may not change this deployment now: its pods are being rolled out. */
  assertUpdatable(serving: ServingRecord): void {
    if (serving.deployed !== undefined && (serving.status === 'Starting' || serving.status === 'Updating')) {
      throw restError('UPDATE_ERROR', 'Deployment is starting. Please, try later.');
    }
  }

  /** Throws when a DELETE may not remove this deployment now. */
  assertDeletable(serving: ServingRecord): void {
    if (serving.deployed !== undefined && (serving.status === 'Starting' || serving.status === 'Updating')) {
      throw restError('DELETION_ERROR', 'Deployment is starting. Please, try later.');
    }
  }

  /** After a PUT changed a deployed one: it rolls to a new revision (Updating); others keep their state. */
  updated(serving: ServingRecord): void {
    if (serving.deployed === undefined) return;
    if (serving.status === 'Running' || serving.status === 'Idle' || serving.status === 'Failed') {
      this.clear(serving.id);
      serving.revision = String(Math.floor(Date.now() / 1000));
      this.set(serving, 'Updating', PHASES[0] as Condition);
      this.rollOut(serving);
    }
  }

  deleted(serving: ServingRecord): void {
    this.clear(serving.id);
    this.pods.forget(serving.id);
  }

  /** A request reached the deployment: an Idle one scales up from zero first (same revision, new pods). */
  touch(serving: ServingRecord, at: number): void {
    serving.lastActivity = at;
    if (serving.status !== 'Idle') return;
    this.pods.start(serving, at, false);
    this.set(serving, 'Running', CONDITIONS.ready);
  }

  stopAll(): void {
    clearInterval(this.idleCheck);
    for (const id of [...this.timers.keys()]) this.clear(id);
    this.due = [];
  }

  /**
   * Keeps every deployment that is in `status` there, condition included, until the returned function is
   * called; the steps that fell due meanwhile then run in the order they fell due. A test on a loaded machine
   * can then look at a state that lasts one step for as long as it needs, instead of racing the step's timer.
   */
  hold(status: TransitionalStatus): () => void {
    this.held.set(status, (this.held.get(status) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(status) ?? 1) - 1;
      if (left > 0) {
        this.held.set(status, left);
        return;
      }
      this.held.delete(status);
      const ready = this.due.filter((d) => !this.held.has(d.serving.status));
      this.due = this.due.filter((d) => this.held.has(d.serving.status));
      for (const d of ready) d.run();
    };
  }

  /** The condition walks through the pod phases during one step, then the deployment settles. */
  private rollOut(serving: ServingRecord): void {
    const phase = this.opts.stepMs / PHASES.length;
    PHASES.slice(1).forEach((condition, i) => {
      this.after(serving, phase * (i + 1), () => {
        serving.condition = { ...condition };
      });
    });
    this.after(serving, this.opts.stepMs, () => this.settle(serving));
  }

  private settle(serving: ServingRecord): void {
    const { modelName, modelVersion } = serving.spec;
    const model =
      modelName !== undefined && modelVersion !== undefined
        ? this.state.findModel(modelName, modelVersion)
        : undefined;
    const now = Date.now();
    this.pods.stop(serving, now);
    serving.lastActivity = now;
    if (model?.crashesWith) {
      this.pods.crash(serving, model.crashesWith, now);
      this.set(serving, 'Failed', CONDITIONS.failed);
    } else {
      this.pods.start(serving, now, true);
      this.set(serving, 'Running', CONDITIONS.ready);
    }
  }

  private scaleIdleToZero(): void {
    const now = Date.now();
    for (const s of this.state.servings.values()) {
      if (s.status !== 'Running' || !scalesToZero(s)) continue;
      const retentionMs = (s.spec.predictorScalingConfig?.scaleToZeroRetentionSeconds ?? 0) * 1000;
      if (now - s.lastActivity < this.opts.idleAfterMs + retentionMs) continue;
      this.pods.stop(s, now);
      this.set(s, 'Idle', CONDITIONS.idle);
    }
  }

  private counts(serving: ServingRecord): void {
    serving.availableInstances = this.pods.count(serving.id, 'predictor');
    serving.availableTransformerInstances = this.pods.count(serving.id, 'transformer');
  }

  private set(serving: ServingRecord, status: ServingStatus, condition: Condition): void {
    const from = serving.status;
    serving.status = status;
    serving.condition = { ...condition };
    this.counts(serving);
    if (from !== status) this.opts.onTransition?.(serving, from);
  }

  private after(serving: ServingRecord, ms: number, fn: () => void): void {
    // Deleted meanwhile (also while a hold kept the step waiting): nothing to move.
    const run = () => {
      if (this.state.servings.get(serving.id) === serving) fn();
    };
    const timer = setTimeout(() => {
      const list = this.timers.get(serving.id);
      if (list) list.splice(list.indexOf(timer), 1);
      if (this.held.has(serving.status)) this.due.push({ serving, run });
      else run();
    }, ms);
    timer.unref();
    const list = this.timers.get(serving.id) ?? [];
    list.push(timer);
    this.timers.set(serving.id, list);
  }

  private clear(servingId: number): void {
    for (const t of this.timers.get(servingId) ?? []) clearTimeout(t);
    this.timers.delete(servingId);
    this.due = this.due.filter((d) => d.serving.id !== servingId);
  }
}
