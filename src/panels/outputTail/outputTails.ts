// "Tail inference logs to Output": one readable line per decoded event in a LogOutputChannel named after
// the deployment. Each tail has its own session (from the latest offset, a small store for pairing), so it
// keeps running when the panel closes and is not affected by the panel's pause, clear or start position.
// A tail reads with the connection it was started with: when that connection goes away (Disconnect, or a
// connection to another project) the tail stops, drops its Kafka credentials and says why in its channel.
import * as vscode from 'vscode';
import type { ConnectionStateLike, ViewTarget } from '../../connection/targetChange';
import { followAction, targetKey } from '../../connection/targetChange';
import type { ProjectClient } from '../../hopsworks/projectClient';
import type { Deployment } from '../../hopsworks/types';
import { escapeControlChars } from '../../inferenceLog/controlChars';
import type { LogRow } from '../../inferenceLog/types';
import { ofDeployment } from '../../inferenceLog/rowFilter';
import type { InferenceLogModule } from '../logViewer/logViewerLoader';
import { describeSessionFailure, loadInferenceLog, sessionFactory } from '../logViewer/logViewerLoader';
import { readLogSettings } from '../logViewer/logViewerSettings';
import { ConnectionLogSession } from '../logViewer/connectionLogSession';
import { TailLineGate } from './tailLineGate';

/** Rows kept by a tail: only needed to join a KServe request with its response. */
const TAIL_CAPACITY = 5_000;

interface Tail {
  target: ViewTarget;
  session: ConnectionLogSession;
  channel: vscode.LogOutputChannel;
  gate: TailLineGate;
}

/** One per deployment of a project on a cluster (project ids repeat across clusters). */
export function tailKey(target: ViewTarget, deployment: Pick<Deployment, 'name'>): string {
  return `${targetKey(target)}/${deployment.name}`;
}

export class OutputTails implements vscode.Disposable {
  private readonly tails = new Map<string, Tail>();
  /** Channels outlive their tail, so what was written can still be read after stopping. */
  private readonly channels = new Map<string, vscode.LogOutputChannel>();
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  isTailing(key: string): boolean {
    return this.tails.has(key);
  }

  /** The keys of the running tails. */
  running(): string[] {
    return [...this.tails.keys()];
  }

  /**
   * Starts or stops the tail of `deployment`; resolves to whether it runs now. `project` is asked for only
   * when starting, and throws (with why) when `target` is not the connected project.
   */
  async toggle(target: ViewTarget, deployment: Deployment, project: () => ProjectClient): Promise<boolean> {
    const key = tailKey(target, deployment);
    if (this.tails.has(key)) {
      await this.stop(key);
      return false;
    }
    this.start(target, project(), deployment);
    return true;
  }

  /** Stops, with one line saying why, every tail whose connection is gone. */
  connectionChanged(state: ConnectionStateLike): void {
    for (const [key, tail] of this.tails) {
      const action = followAction(tail.target, true, state);
      if (action.kind === 'stop') void this.stop(key, action.reason);
    }
  }

  start(target: ViewTarget, project: ProjectClient, deployment: Deployment): void {
    const key = tailKey(target, deployment);
    if (this.tails.has(key)) {
      this.tails.get(key)?.channel.show(true);
      return;
    }
    let channel = this.channels.get(key);
    if (!channel) {
      channel = vscode.window.createOutputChannel(`Inference logs: ${deployment.name}`, { log: true });
      this.channels.set(key, channel);
    }
    const out = channel;
    const settings = readLogSettings();
    let mod: InferenceLogModule | undefined;
    const factory = sessionFactory(project, deployment, {
      extensionPath: this.extensionPath,
      bootstrapServers: settings.bootstrapServers,
      capacity: TAIL_CAPACITY,
      maxMemoryMB: settings.maxMemoryMB,
      noResponseTimeoutMs: settings.noResponseTimeoutMs,
      log: (line) => this.log.debug(line),
    });
    const session = new ConnectionLogSession({
      create: factory,
      startFrom: 'latest',
      capacity: TAIL_CAPACITY,
      describeFailure: describeSessionFailure,
    });
    const write = (row: LogRow) => {
      mod ??= loadInferenceLog(this.extensionPath);
      const line = mod.formatLogLine(row);
      if (row.kind === 'raw') out.warn(line);
      else if (row.outcome === 'http-error' || row.outcome === 'no-response') out.error(line);
      else out.info(line);
    };
    // With both halves logged (mode ALL), a call gets one line when its halves meet, not one per half.
    const gate = new TailLineGate(
      write,
      !deployment.inferenceLogging || deployment.inferenceLogging === 'ALL',
    );
    // Other deployments may log to the same topic: the tail follows only this one (and says what it cannot
    // attribute: undecodable messages).
    const own = deployment.id;
    session.onRow((row) => {
      if (own === undefined || ofDeployment(row, own)) gate.onRow(row);
    });
    session.onState((s) => {
      if (s.state === 'live') out.info(`— live: new events of ${deployment.name} appear below.`);
      // A broker's error text is wire data too: one line each, like the event lines.
      else if (s.state === 'reconnecting') out.warn(escapeControlChars(`— reconnecting: ${s.reason}`));
      else if (s.state === 'error') out.error(escapeControlChars(`— ${s.message} ${s.action}`));
    });
    this.tails.set(key, { target, session, channel: out, gate });
    this.changed.fire(key);
    out.info(
      `— tailing the inference logs of ${deployment.name} (new events only). Run the command again to stop.`,
    );
    out.show(true);
    void session.start();
  }

  /** Stops a tail; with `reason` the channel says why (a connection change) as a warning. */
  async stop(key: string, reason?: string): Promise<void> {
    const tail = this.tails.get(key);
    if (!tail) return;
    this.tails.delete(key);
    this.changed.fire(key);
    tail.gate.dispose();
    if (reason) tail.channel.warn(`— stopped tailing: ${reason}`);
    // Disposing the session closes its consumer and lets go of the Kafka credentials.
    await tail.session.dispose();
    if (!reason) tail.channel.info('— stopped tailing.');
  }

  dispose(): void {
    for (const key of [...this.tails.keys()]) void this.stop(key);
    for (const c of this.channels.values()) c.dispose();
    this.channels.clear();
    this.changed.dispose();
  }
}
