// What the pods of each deployment printed, kept so the logs endpoint can answer the way a cluster does:
// the Kubernetes path (`kubectl logs --tail`) reads the live pods only, the archive path (5.0 `source=opensearch`,
// the project's log index) reads every line of every pod that ran, by time. History is bounded per pod and per
// deployment, so a sandbox left running for days keeps a constant footprint.

export type Component = 'predictor' | 'transformer';

/** `ServingLogs` of the Kubernetes path: one item per pod. */
export interface PodLogs {
  instanceName: string;
  content: string;
}

/** One archived line (5.0 `source=opensearch`): the document a log index holds. */
export interface ArchivedLine extends PodLogs {
  /** ISO-8601 time of the line */
  timestamp: string;
  docId: string;
}

export interface ArchiveQuery {
  tail: number;
  /** epoch ms, inclusive */
  since?: number;
  /** epoch ms, inclusive */
  until?: number;
  pod?: string;
}

interface Line {
  seq: number;
  at: number;
  text: string;
}

interface Pod {
  name: string;
  servingId: number;
  component: Component;
  live: boolean;
  lines: Line[];
}

export interface ServerLogLimits {
  /** lines kept per pod (oldest dropped first); default 2000 */
  linesPerPod?: number;
  /** pods kept per deployment, live ones always included; default 12 */
  podsPerDeployment?: number;
}

/** Kubernetes' `limitBytes` as Hopsworks sets it (KubeServingUtils.LIMIT_BYTES). */
export const LOG_LIMIT_BYTES = 50_000;

export class ServerLogs {
  private readonly pods = new Map<string, Pod>();
  private readonly byServing = new Map<number, string[]>();
  private seq = 0;
  private readonly linesPerPod: number;
  private readonly podsPerDeployment: number;

  constructor(limits: ServerLogLimits = {}) {
    this.linesPerPod = limits.linesPerPod ?? 2000;
    this.podsPerDeployment = limits.podsPerDeployment ?? 12;
  }

  startPod(servingId: number, component: Component, name: string): void {
    this.pods.set(name, { name, servingId, component, live: true, lines: [] });
    const names = this.byServing.get(servingId) ?? [];
    names.push(name);
    this.byServing.set(servingId, names);
    this.prunePods(servingId);
  }

  /** The pod is gone: the Kubernetes path no longer sees it; the archive keeps its lines. */
  endPod(name: string): void {
    const pod = this.pods.get(name);
    if (pod) pod.live = false;
  }

  livePods(servingId: number, component?: Component): string[] {
    return (this.byServing.get(servingId) ?? []).filter((n) => {
      const pod = this.pods.get(n);
      return pod !== undefined && pod.live && (component === undefined || pod.component === component);
    });
  }

  /** Lines printed by a pod at `at` (epoch ms), in order. */
  append(podName: string, lines: readonly string[], at: number): void {
    const pod = this.pods.get(podName);
    if (!pod) return;
    for (const text of lines) pod.lines.push({ seq: ++this.seq, at, text });
    // Trim in chunks, not per line: splicing the head of a long array on every append would be quadratic.
    if (pod.lines.length > this.linesPerPod * 1.25) pod.lines.splice(0, pod.lines.length - this.linesPerPod);
  }

  forget(servingId: number): void {
    for (const n of this.byServing.get(servingId) ?? []) this.pods.delete(n);
    this.byServing.delete(servingId);
  }

  /**
   * The Kubernetes path: each live pod of the component (or only `pod`), its last `tail` lines (all when
   * negative), newline-terminated and cut at LOG_LIMIT_BYTES as `limitBytes` does.
   */
  tail(servingId: number, component: Component, tail: number, pod?: string): PodLogs[] {
    return this.livePods(servingId, component)
      .filter((n) => pod === undefined || n === pod)
      .map((n) => {
        const lines = this.pods.get(n)?.lines ?? [];
        const kept = this.limited(lines, tail);
        const content = kept.length > 0 ? `${kept.map((l) => l.text).join('\n')}\n` : '';
        return { instanceName: n, content: cutBytes(content, LOG_LIMIT_BYTES) };
      });
  }

  /** The archive path: one document per line of any pod of the component, oldest first, the last `tail` that match. */
  archive(servingId: number, component: Component, q: ArchiveQuery): ArchivedLine[] {
    const matching: (Line & { pod: string })[] = [];
    for (const n of this.byServing.get(servingId) ?? []) {
      const pod = this.pods.get(n);
      if (!pod || pod.component !== component || (q.pod !== undefined && n !== q.pod)) continue;
      for (const l of pod.lines) {
        if ((q.since === undefined || l.at >= q.since) && (q.until === undefined || l.at <= q.until)) {
          matching.push({ ...l, pod: n });
        }
      }
    }
    matching.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return this.limited(matching, q.tail).map((l) => ({
      instanceName: l.pod,
      content: l.text,
      timestamp: new Date(l.at).toISOString(),
      docId: `${servingId}-${l.seq}`,
    }));
  }

  private limited<T>(lines: T[], tail: number): T[] {
    if (tail < 0) return lines;
    return tail === 0 ? [] : lines.slice(-tail);
  }

  private prunePods(servingId: number): void {
    const names = this.byServing.get(servingId) ?? [];
    while (names.length > this.podsPerDeployment) {
      const oldest = names.findIndex((n) => this.pods.get(n)?.live === false);
      if (oldest < 0) return;
      const [gone] = names.splice(oldest, 1);
      if (gone !== undefined) this.pods.delete(gone);
    }
  }
}

function cutBytes(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= max ? text : bytes.subarray(0, max).toString('utf8');
}
