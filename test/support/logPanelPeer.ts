// The log panel's pieces as sandbox tests put them together without VS Code: the connection session over a
// real pipeline (the built dist/inferenceLog.js, loaded the way the panel loads it) and the test standing in
// for the webview the host talks to.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Deployment, ProjectClient } from '../../src/hopsworks/index';
import { ConnectionLogSession } from '../../src/panels/logViewer/connectionLogSession';
import type { LogViewerHost } from '../../src/panels/logViewer/logViewerHost';
import { describeSessionFailure, sessionFactory } from '../../src/panels/logViewer/logViewerLoader';
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
