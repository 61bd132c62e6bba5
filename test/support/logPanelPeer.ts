// The log panel's pieces as sandbox tests put them together without VS Code: the connection session over a
// real pipeline (the built dist/inferenceLog.js, loaded the way the panel loads it) and the test standing in
// for the webview the host talks to.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Deployment, ProjectClient } from '../../src/hopsworks/index';
import { ConnectionLogSession } from '../../src/panels/logViewer/connectionLogSession';
import type { FeatureSources } from '../../src/panels/logViewer/features/featureSources';
import { createLogViewerHost } from '../../src/panels/logViewer/logViewerHost';
import type { LogViewerHost } from '../../src/panels/logViewer/logViewerHost';
import { describeSessionFailure, sessionFactory } from '../../src/panels/logViewer/logViewerLoader';
import type { PanelInfo } from '../../src/protocol/logViewer';
import type { HostMessage } from '../../src/protocol/messages';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface PanelSessionOptions {
  capacity: number;
  startFrom: 'earliest' | 'latest';
  /** Where the pipeline's Output-channel lines go. */
  log: (line: string) => void;
}

/** The session the panel opens over `d`'s topic, with the store capacity the test chose. */
export function panelLogSession(
  project: ProjectClient,
  d: Deployment,
  { capacity, startFrom, log }: PanelSessionOptions,
): ConnectionLogSession {
  return new ConnectionLogSession({
    create: sessionFactory(project, d, { extensionPath: ROOT, capacity, noResponseTimeoutMs: 30_000, log }),
    startFrom,
    capacity,
    describeFailure: describeSessionFailure,
  });
}

/** What the test sees as the webview: the messages the host posts, and a request helper with ids. */
export class FakeWebview {
  readonly posted: HostMessage[] = [];
  private nextId = 1;
  host!: LogViewerHost;

  post = (m: HostMessage): void => {
    // The webview receives structured clones: what crosses must survive that.
    this.posted.push(structuredClone(m));
  };

  events(name: string): unknown[] {
    return this.posted
      .filter((m) => m.type === 'event' && m.name === name)
      .map((m) => (m as { payload: unknown }).payload);
  }

  async request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    await this.host.receive({ type: 'request', id, method, params });
    const reply = this.posted.find((m) => m.type === 'response' && m.id === id);
    assert.ok(reply && reply.type === 'response', `no reply to ${method}`);
    if (!reply.ok) throw new Error(reply.error);
    return reply.result as T;
  }
}

export interface SandboxPanelOptions extends PanelSessionOptions {
  /** Header fields beyond the deployment's names, capacity and start (topic, logging mode, serving tool…). */
  info?: Partial<PanelInfo>;
  featureSources?: FeatureSources;
  /** The file an export writes to; none = the user cancelled the dialog. */
  exportPath?: string;
}

export interface SandboxPanel {
  session: ConnectionLogSession;
  webview: FakeWebview;
  close: () => Promise<void>;
}

/**
 * The panel as the extension builds it (session, host), without VS Code, the test as its webview. Not yet
 * ready nor started, so a test can look at what the host says before the first row arrives.
 */
export function sandboxPanel(project: ProjectClient, d: Deployment, opts: SandboxPanelOptions): SandboxPanel {
  const session = panelLogSession(project, d, opts);
  const webview = new FakeWebview();
  const info: PanelInfo = {
    deploymentName: d.name,
    modelName: d.modelName,
    modelVersion: d.modelVersion,
    servingTool: d.servingTool ?? 'DEFAULT',
    topic: '',
    loggingMode: 'ALL',
    capacity: opts.capacity,
    startFrom: opts.startFrom,
    tailing: false,
    ...opts.info,
  };
  webview.host = createLogViewerHost({
    session,
    info: () => info,
    post: webview.post,
    ...(opts.featureSources ? { featureSources: opts.featureSources } : {}),
    effects: {
      pickExportPath: () => Promise.resolve(opts.exportPath),
      copyText: () => Promise.resolve(),
      toggleTail: () => Promise.resolve(false),
      predict: (body) => project.predict(d.name, body),
      log: opts.log,
    },
  });
  return {
    session,
    webview,
    close: async () => {
      webview.host.dispose();
      await session.dispose();
    },
  };
}
