// Reads one deployment component's server logs into a ServerLogModel: a full load (the chosen tail, pod, source
// and time range) and then, while followed, one poll at a time that adds only what is new. Everything the server
// or the connection does is turned into lines of the document or a refusal a person can act on; nothing throws
// for a refusal. No vscode, no timers: the caller decides when to poll (only while the document is shown).
import { isClosedConnectionError } from '../hopsworks/errors';
import type { Deployment, DeploymentLogs, LogsQuery } from '../hopsworks/types';
import type { PodBatch } from './logModel';
import { ServerLogModel } from './logModel';
import type { ServerLogOptions } from './options';
import { canFollow } from './options';
import { completeLines, isCut, LOG_LIMIT_BYTES, PodFollower } from './podFollow';
import { podTag } from './podTag';
import type { LogRefusal } from './refusals';
import { describeLogRefusal, needsState } from './refusals';

/** The two calls a reader makes (ProjectClient has both). */
export interface LogsApi {
  getLogs(id: number, q: LogsQuery): Promise<DeploymentLogs[]>;
  getDeployment(id: number): Promise<Deployment | undefined>;
}

export interface ReaderDeployment {
  id: number;
  name: string;
}

export type ReadResult =
  | { kind: 'ok'; added: number }
  /** `changed`: a refusal other than the one before (it was added to the document as a note) */
  | { kind: 'refused'; refusal: LogRefusal; changed: boolean }
  /** the connection was closed under the call (Disconnect): nothing to say */
  | { kind: 'closed' };

export interface ReaderOptions {
  /** the server reads `source`, `since`, `until`, `pod` (Hopsworks 5.0+) */
  archive: boolean;
  clock?: () => number;
  maxLines?: number;
}

/** Lines one archive poll asks for; a poll that gets this many may have missed some (said in the document). */
export const ARCHIVE_POLL_TAIL = 1_000;
/** Tries to get an answer under the byte limit before showing the part that fits. */
const MAX_SHRINKS = 4;

/** Thrown inside a read that a newer load() made pointless; it ends that read without touching the model. */
class Stale extends Error {}

export class ServerLogReader {
  readonly model: ServerLogModel;
  #options: ServerLogOptions;
  readonly #follower = new PodFollower();
  #refusal: LogRefusal | undefined;
  /** archive following: the newest time read, and the ids of the lines read at that time */
  #archiveSince: number | undefined;
  #archiveSeen = new Set<string>();
  readonly #clock: () => number;
  /** bumps on every load(): an answer to an older read arrives too late to be shown */
  #generation = 0;

  constructor(
    readonly deployment: ReaderDeployment,
    options: ServerLogOptions,
    private readonly opts: ReaderOptions,
  ) {
    this.#options = { ...options };
    this.#clock = opts.clock ?? Date.now;
    this.model = new ServerLogModel(
      (pod) => podTag(pod, deployment.name, this.#options.component),
      opts.maxLines,
    );
  }

  get options(): ServerLogOptions {
    return { ...this.#options };
  }

  /** The server's archive (5.0+) can be read; older servers have only the live pods. */
  get hasArchive(): boolean {
    return this.opts.archive;
  }

  /** Why the last read gave nothing, while that lasts. */
  get refusal(): LogRefusal | undefined {
    return this.#refusal;
  }

  get canFollow(): boolean {
    return canFollow(this.#options);
  }

  /** Pods the live source showed in its last answer (for the pod picker). */
  get livePods(): string[] {
    return this.#follower.pods;
  }

  /** New options take effect at the next load(). Options a server cannot honour are dropped here. */
  setOptions(options: ServerLogOptions): void {
    const o = { ...options };
    if (!this.opts.archive) {
      o.source = 'kubernetes';
      delete o.since;
      delete o.until;
    }
    if (o.source === 'kubernetes') {
      // The live source ignores a time range (it has only what the pods still hold).
      delete o.since;
      delete o.until;
    }
    this.#options = o;
  }

  /** Reads the document afresh with the current options. */
  async load(api: LogsApi): Promise<ReadResult> {
    const generation = ++this.#generation;
    this.model.clear();
    this.#follower.reset();
    this.#refusal = undefined;
    this.#archiveSince = undefined;
    this.#archiveSeen = new Set();
    try {
      const added =
        this.#options.source === 'opensearch'
          ? await this.#loadArchive(api, generation)
          : await this.#loadLive(api, generation);
      return { kind: 'ok', added };
    } catch (err) {
      return this.#refused(api, err, generation);
    }
  }

  /** One follow step: adds what was printed since the last read. */
  async poll(api: LogsApi): Promise<ReadResult> {
    if (!this.canFollow) return { kind: 'ok', added: 0 };
    const generation = this.#generation;
    try {
      const added =
        this.#options.source === 'opensearch'
          ? await this.#pollArchive(api, generation)
          : await this.#pollLive(api, generation);
      // Pods that came back are announced by the follower ("Pod … started"), from their first line.
      this.#refusal = undefined;
      return { kind: 'ok', added };
    } catch (err) {
      return this.#refused(api, err, generation);
    }
  }

  /** The answer of `getLogs`, unless a newer load() started while it was on its way. */
  async #get(api: LogsApi, q: LogsQuery, generation: number): Promise<DeploymentLogs[]> {
    const answer = await api.getLogs(this.deployment.id, q);
    if (generation !== this.#generation) throw new Stale();
    return answer;
  }

  // ---- live pods (Kubernetes source) ----

  #query(tail: number, extra: Partial<LogsQuery> = {}): LogsQuery {
    const o = this.#options;
    const q: LogsQuery = { component: o.component, tail, ...extra };
    // Servers before 5.0 ignore `pod`; the answer is filtered here too (#forPod), so it is sent only to 5.x.
    if (o.pod !== undefined && this.opts.archive) q.pod = o.pod;
    return q;
  }

  #forPod(answer: DeploymentLogs[]): DeploymentLogs[] {
    const pod = this.#options.pod;
    return pod === undefined ? answer : answer.filter((p) => p.instanceName === pod);
  }

  async #loadLive(api: LogsApi, generation: number): Promise<number> {
    let tail = this.#options.tail;
    let answer = this.#forPod(await this.#get(api, this.#query(tail), generation));
    let shrinks = 0;
    // An answer cut at the byte limit holds the OLDER lines of the tail: ask for fewer until the newest fit.
    while (answer.some((p) => isCut(p.content)) && shrinks < MAX_SHRINKS) {
      const fit = Math.min(
        ...answer.filter((p) => isCut(p.content)).map((p) => completeLines(p.content).length),
      );
      tail = Math.max(1, Math.floor(fit * 0.8));
      answer = this.#forPod(await this.#get(api, this.#query(tail), generation));
      shrinks++;
    }
    const batches: PodBatch[] = answer.map((p) => ({ pod: p.instanceName, lines: completeLines(p.content) }));
    if (shrinks > 0) {
      this.model.note(
        `Hopsworks sends at most ${(LOG_LIMIT_BYTES / 1000).toFixed(0)} KB per pod: showing the last ${tail} lines of each pod`,
      );
    }
    if (answer.length === 0) {
      this.model.note(
        this.#options.pod !== undefined ? `Pod ${this.#options.pod} is not running` : 'No pod is running',
        this.#clock(),
      );
    }
    this.#follower.seed(batches);
    return this.model.addPods(batches);
  }

  async #pollLive(api: LogsApi, generation: number): Promise<number> {
    const asked = this.#follower.pollTail;
    const answer = this.#forPod(await this.#get(api, this.#query(asked), generation));
    const update = this.#follower.take(answer);
    const now = this.#clock();
    const tag = (pod: string) => podTag(pod, this.deployment.name, this.#options.component);
    for (const pod of update.ended) this.model.note(`Pod ${tag(pod)} ended`, now);
    for (const pod of update.started) this.model.note(`Pod ${tag(pod)} started (${pod})`, now);
    for (const pod of update.gaps) {
      this.model.note(
        `More than ${asked} lines of pod ${tag(pod)} arrived between two reads: some lines may be missing here`,
        now,
      );
    }
    return this.model.addPods(update.batches);
  }

  // ---- the archive (5.0+ `source=opensearch`) ----

  async #loadArchive(api: LogsApi, generation: number): Promise<number> {
    const o = this.#options;
    const extra: Partial<LogsQuery> = { source: 'opensearch' };
    if (o.since !== undefined) extra.since = new Date(o.since);
    if (o.until !== undefined) extra.until = new Date(o.until);
    const items = await this.#get(api, this.#query(o.tail, extra), generation);
    if (o.tail > 0 && items.length >= o.tail) {
      this.model.note(
        `Only the last ${o.tail.toLocaleString('en-US')} lines of this range are shown: ask for more lines or a shorter range to see older ones`,
      );
    }
    if (items.length === 0) this.model.note('The log archive has no lines for this choice');
    return this.#addArchived(items);
  }

  async #pollArchive(api: LogsApi, generation: number): Promise<number> {
    const extra: Partial<LogsQuery> = { source: 'opensearch' };
    const since = this.#archiveSince ?? this.#options.since;
    if (since !== undefined) extra.since = new Date(since);
    const items = await this.#get(api, this.#query(ARCHIVE_POLL_TAIL, extra), generation);
    const fresh = items.filter((i) => i.docId === undefined || !this.#archiveSeen.has(i.docId));
    if (items.length >= ARCHIVE_POLL_TAIL) {
      this.model.note(
        `More than ${ARCHIVE_POLL_TAIL} lines arrived between two reads: some lines may be missing here`,
        this.#clock(),
      );
    }
    return this.#addArchived(fresh);
  }

  #addArchived(items: readonly DeploymentLogs[]): number {
    const rows = items.map((i) => {
      const t = i.timestamp !== undefined ? Date.parse(i.timestamp) : NaN;
      return {
        pod: i.instanceName,
        // One document per line; a multi-line document is shown as its lines.
        text: i.content.replace(/\n$/, ''),
        ...(Number.isFinite(t) ? { timeMs: t } : {}),
        docId: i.docId,
      };
    });
    // The next poll starts at the newest time read; the lines read at exactly that time are not taken twice.
    for (const r of rows) {
      if (r.timeMs === undefined) continue;
      if (this.#archiveSince === undefined || r.timeMs > this.#archiveSince) {
        this.#archiveSince = r.timeMs;
        this.#archiveSeen = new Set();
      }
      if (r.timeMs === this.#archiveSince && r.docId !== undefined) this.#archiveSeen.add(r.docId);
    }
    const lines = rows.flatMap((r) =>
      r.text.split('\n').map((text, i) => ({
        pod: r.pod,
        text,
        ...(i === 0 && r.timeMs !== undefined ? { timeMs: r.timeMs } : {}),
      })),
    );
    return this.model.addOrdered(lines);
  }

  // ---- refusals ----

  async #refused(api: LogsApi, err: unknown, generation: number): Promise<ReadResult> {
    if (err instanceof Stale || generation !== this.#generation) return { kind: 'ok', added: 0 };
    if (isClosedConnectionError(err)) return { kind: 'closed' };
    let status: string | undefined;
    if (needsState(err)) {
      try {
        status = (await api.getDeployment(this.deployment.id))?.status;
      } catch (e) {
        if (isClosedConnectionError(e)) return { kind: 'closed' };
      }
      if (generation !== this.#generation) return { kind: 'ok', added: 0 };
    }
    const refusal = describeLogRefusal(err, {
      deployment: this.deployment.name,
      component: this.#options.component,
      archive: this.opts.archive,
      ...(status !== undefined ? { status } : {}),
    });
    if (!refusal) return { kind: 'closed' };
    const changed = this.#refusal?.kind !== refusal.kind || this.#refusal.message !== refusal.message;
    if (changed) this.model.note(refusal.message, this.#clock());
    this.#refusal = refusal;
    // The pods are gone: whatever comes next is new pods, each shown from its start.
    this.#follower.reset();
    return { kind: 'refused', refusal, changed };
  }
}
