// The pods behind each deployment: named as Kubernetes names them (KServe: `<name>-predictor-<revision>-
// deployment-<hash>-<id>`), one set per revision, started on START/roll/scale-from-zero and ended on
// STOP/roll/scale-to-zero, each writing what its container prints into the server logs. Calls are spread over
// the live pods in turn, so `pod=` filters have something to tell apart.
import { randomBytes } from 'node:crypto';
import type { ServingRecord, ServingSpec } from '../rest/state';
import { crashLines, shutdownLines, startupLines } from './logLines';
import type { ServedInfo } from './logLines';
import type { Component, ServerLogs } from './serverLogs';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function k8sId(length: number): string {
  let out = '';
  for (const b of randomBytes(length)) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export function servedInfo(spec: ServingSpec, name = spec.name): ServedInfo {
  const info: ServedInfo = { name, servingTool: spec.servingTool, modelServer: spec.modelServer };
  if (spec.modelName !== undefined) info.modelName = spec.modelName;
  if (spec.modelVersion !== undefined) info.modelVersion = spec.modelVersion;
  if (spec.predictor) info.predictorFile = spec.predictor.split('/').pop() ?? spec.predictor;
  if (spec.transformer) info.transformerFile = spec.transformer.split('/').pop() ?? spec.transformer;
  return info;
}

/** Replicas of a component while it serves: the configured minimum, and at least one (a request woke it). */
export function activeReplicas(spec: ServingSpec, component: Component): number {
  const configured =
    component === 'predictor'
      ? (spec.predictorScalingConfig?.minInstances ?? spec.requestedInstances)
      : (spec.transformerScalingConfig?.minInstances ?? spec.requestedTransformerInstances ?? 0);
  return Math.max(1, configured);
}

export class Pods {
  private readonly revisions = new Map<number, number>();
  private readonly turn = new Map<number, number>();

  constructor(readonly logs: ServerLogs) {}

  /** Pods of a new revision (START, roll) or of the same one again (scale from zero), each printing its start-up. */
  start(serving: ServingRecord, at: number, newRevision: boolean): void {
    const revision = (this.revisions.get(serving.id) ?? 0) + (newRevision ? 1 : 0);
    this.revisions.set(serving.id, Math.max(1, revision));
    const components: Component[] = serving.spec.transformer ? ['predictor', 'transformer'] : ['predictor'];
    const info = servedInfo(serving.spec);
    for (const component of components) {
      const hash = k8sId(10);
      for (let i = 0; i < activeReplicas(serving.spec, component); i++) {
        const name = this.podName(serving, component, hash);
        this.logs.startPod(serving.id, component, name);
        this.logs.append(name, startupLines(info, component, at), at);
      }
    }
  }

  /** The predictor pod of a version that cannot start: it crash-loops, printing its traceback. */
  crash(serving: ServingRecord, crashesWith: string, at: number): void {
    const revision = (this.revisions.get(serving.id) ?? 0) + 1;
    this.revisions.set(serving.id, revision);
    const name = this.podName(serving, 'predictor', k8sId(10));
    this.logs.startPod(serving.id, 'predictor', name);
    this.logs.append(name, crashLines(servedInfo(serving.spec), crashesWith, at), at);
  }

  /** Every live pod shuts down (STOP, roll to a new revision, scale to zero). */
  stop(serving: ServingRecord, at: number): void {
    const lines = shutdownLines(servedInfo(serving.spec), at);
    for (const name of this.logs.livePods(serving.id)) {
      this.logs.append(name, lines, at);
      this.logs.endPod(name);
    }
  }

  count(servingId: number, component: Component): number {
    return this.logs.livePods(servingId, component).length;
  }

  /** The pod that serves the next call of this component (round robin), if any is live. */
  next(servingId: number, component: Component): string | undefined {
    const live = this.logs.livePods(servingId, component);
    if (live.length === 0) return undefined;
    const n = (this.turn.get(servingId) ?? 0) + 1;
    this.turn.set(servingId, n);
    return live[n % live.length];
  }

  forget(servingId: number): void {
    this.revisions.delete(servingId);
    this.turn.delete(servingId);
    this.logs.forget(servingId);
  }

  private podName(serving: ServingRecord, component: Component, hash: string): string {
    const revision = String(this.revisions.get(serving.id) ?? 1).padStart(5, '0');
    return serving.spec.servingTool === 'KSERVE'
      ? `${serving.spec.name}-${component}-${revision}-deployment-${hash}-${k8sId(5)}`
      : `${serving.spec.name}-deployment-${hash}-${k8sId(5)}`;
  }
}
