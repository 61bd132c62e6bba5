// The inference-log WebviewPanel: one per deployment (opening again reveals it), strict CSP HTML from the
// shared shell, and the vscode-free host (logViewerHost.ts) wired to the webview. The pipeline session is
// built lazily (dist/inferenceLog.js is required only now) and disposed with the panel.
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProjectClient } from '../hopsworks/projectClient';
import type { Deployment } from '../hopsworks/types';
import type { ExportFormat, PanelInfo } from '../protocol/logViewer';
import { makeNonce, renderWebviewHtml } from './webviewHtml';
import type { LogViewerHost } from './logViewerHost';
import { createLogViewerHost } from './logViewerHost';
import { describeSessionFailure, sessionFactory } from './logViewerLoader';
import { SwitchableLogSession } from './logViewerSession';
import { readLogSettings } from './logViewerSettings';
import { loggingTopic } from './logViewerSource';
import type { OutputTails } from './logViewerTail';
import { tailKey } from './logViewerTail';
import { exampleBody } from './logViewerTestRequest';

export const LOG_VIEW_TYPE = 'hopsworks.inferenceLogs';

export interface LogPanelDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  tails: OutputTails;
}

export class LogViewerPanels implements vscode.Disposable {
  private readonly panels = new Map<string, LogViewerPanel>();

  constructor(private readonly deps: LogPanelDeps) {}

  /** Opens (or reveals) the panel of `deployment`; with `testRequest` the request editor is opened too. */
  open(project: ProjectClient, deployment: Deployment, opts: { testRequest?: boolean } = {}): void {
    const key = tailKey(project, deployment);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal(opts.testRequest ?? false);
      return;
    }
    const panel = new LogViewerPanel(this.deps, project, deployment, () => this.panels.delete(key));
    this.panels.set(key, panel);
    if (opts.testRequest) panel.showTestRequest();
  }

  has(project: ProjectClient, deployment: Pick<Deployment, 'name'>): boolean {
    return this.panels.has(tailKey(project, deployment));
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}

class LogViewerPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly session: SwitchableLogSession;
  private readonly host: LogViewerHost;
  private readonly disposables: vscode.Disposable[] = [];
  private example: string | undefined;
  private disposed = false;

  constructor(
    private readonly deps: LogPanelDeps,
    private readonly project: ProjectClient,
    private readonly deployment: Deployment,
    private readonly onDisposed: () => void,
  ) {
    const distWebview = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(
      LOG_VIEW_TYPE,
      `Logs: ${deployment.name}`,
      vscode.ViewColumn.Active,
      // Not retained when hidden: the page is rebuilt on show and pulls its rows again (nothing is lost,
      // the rows live in the host), and a hidden panel costs no renderer memory.
      { enableScripts: true, localResourceRoots: [distWebview], retainContextWhenHidden: false },
    );
    this.panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'hopsworks.svg');

    const settings = readLogSettings();
    const factory = sessionFactory(project, deployment, {
      extensionPath: deps.extensionUri.fsPath,
      bootstrapServers: settings.bootstrapServers,
      capacity: settings.capacity,
      noResponseTimeoutMs: settings.noResponseTimeoutMs,
      log: (line) => deps.log.info(line),
    });
    this.session = new SwitchableLogSession(
      factory,
      settings.startFrom,
      settings.capacity,
      describeSessionFailure,
    );
    const stopLogging = this.session.onState((s) => {
      if (s.state === 'error')
        deps.log.error(`Inference logs of ${deployment.name}: ${s.message} ${s.action}`);
      else if (s.state === 'reconnecting') deps.log.warn(`Inference logs of ${deployment.name}: ${s.reason}`);
    });
    this.disposables.push({ dispose: () => stopLogging() });

    this.host = createLogViewerHost({
      session: this.session,
      info: () => this.info(),
      post: (m) => this.panel.webview.postMessage(m),
      isVisible: () => this.panel.visible,
      testRequestExample: () => this.example,
      effects: {
        pickExportPath: (format) => this.pickExportPath(format),
        copyText: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
        toggleTail: () => deps.tails.toggle(project, deployment),
        predict: (body) => project.predict(deployment.name, body),
        log: (line) => deps.log.info(line),
      },
    });

    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.host.receive(raw)),
      this.panel.onDidDispose(() => this.dispose()),
    );
    this.panel.webview.html = renderWebviewHtml({
      cspSource: this.panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(distWebview, 'logViewer.js')).toString(),
      title: `Inference logs: ${deployment.name}`,
    });

    void project
      .getModelVersion(deployment.modelName, deployment.modelVersion)
      .then((m) => (this.example = exampleBody(m)))
      .catch(() => undefined);
    void this.session.start();
  }

  reveal(testRequest: boolean): void {
    this.panel.reveal();
    if (testRequest) this.showTestRequest();
  }

  showTestRequest(): void {
    this.host.emit('showTestRequest', {});
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDisposed();
    this.host.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    void this.session.dispose();
  }

  private info(): PanelInfo {
    const d = this.deployment;
    return {
      deploymentName: d.name,
      modelName: d.modelName,
      modelVersion: d.modelVersion,
      servingTool: d.servingTool ?? 'DEFAULT',
      topic: loggingTopic(d) ?? '',
      loggingMode: d.inferenceLogging && d.inferenceLogging !== 'NONE' ? d.inferenceLogging : 'ALL',
      capacity: this.session.stats().capacity,
      startFrom: this.session.position,
      tailing: this.deps.tails.isTailing(tailKey(this.project, d)),
    };
  }

  private async pickExportPath(format: ExportFormat): Promise<string | undefined> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const dir =
      vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? homedir();
    const uri = await vscode.window.showSaveDialog({
      title: `Export inference logs of ${this.deployment.name}`,
      defaultUri: vscode.Uri.file(path.join(dir, `${this.deployment.name}-inference-${stamp}.${format}`)),
      filters: format === 'csv' ? { CSV: ['csv'] } : { 'JSON Lines': ['jsonl'] },
      saveLabel: 'Export',
    });
    if (!uri) return undefined;
    // The export streams with Node's fs from the extension host, so it needs a path the host can write.
    if (uri.scheme !== 'file') throw new Error('Choose a file on the machine the extension runs on.');
    return uri.fsPath;
  }
}
