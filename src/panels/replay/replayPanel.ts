// The comparison WebviewPanel of one replay (one per source → target pair: replayPanels.ts): the strict-CSP
// shell around dist/webview/replay.js and the vscode-free host (replayHost.ts) wired to it. Closing the
// panel cancels a replay still running: nothing more is sent once nobody can see the answers.
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { systemClock } from '../../inferenceLog/clock';
import type { ReplayExportFormat } from '../../protocol/replay';
import { DisposableCollection } from '../shared/disposables';
import type { PanelSlot } from '../shared/panelRegistry';
import { createWebviewPanel } from '../shared/webviewPanel';
import type { ReplayHost } from './replayHost';
import { createReplayHost } from './replayHost';
import type { ReplaySession } from './replaySession';

export const REPLAY_VIEW_TYPE = 'hopsworks.replayComparison';

const FORMAT_LABELS: Record<ReplayExportFormat, string> = { jsonl: 'JSON Lines', csv: 'CSV' };

export class ReplayPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly host: ReplayHost;
  private readonly disposables = new DisposableCollection();
  private disposed = false;

  constructor(
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    readonly session: ReplaySession,
    private readonly slot: PanelSlot,
  ) {
    const { source, target } = session.info;
    this.panel = createWebviewPanel({
      viewType: REPLAY_VIEW_TYPE,
      title: `Replay: ${source.deployment} → ${target.deployment}`,
      documentTitle: `Replay of ${source.deployment} to ${target.deployment}`,
      extensionUri,
      bundle: 'replay',
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
      // The results live in the host: a hidden panel is rebuilt on show and pulls them again.
      retainContextWhenHidden: false,
    });
    this.host = createReplayHost({
      session,
      post: (m) => this.panel.webview.postMessage(m),
      isVisible: () => this.panel.visible,
      clock: systemClock,
      effects: {
        pickExportPath: (format) => this.pickExportPath(format),
        log: (line) => log.info(line),
      },
    });
    this.disposables.add(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.host.receive(raw)),
    );
    this.disposables.add(this.panel.onDidDispose(() => this.dispose()));
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.session.running) {
      this.log.info(
        `Replay to ${this.session.info.target.deployment}: its comparison was closed, so nothing more is sent.`,
      );
      this.session.cancel();
    }
    this.slot.release();
    this.host.dispose();
    this.disposables.dispose();
    this.panel.dispose();
  }

  private async pickExportPath(format: ReplayExportFormat): Promise<string | undefined> {
    const { source, target } = this.session.info;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const dir =
      vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? homedir();
    const uri = await vscode.window.showSaveDialog({
      title: `Export the replay of ${source.deployment} to ${target.deployment}`,
      defaultUri: vscode.Uri.file(
        path.join(dir, `replay-${source.deployment}-to-${target.deployment}-${stamp}.${format}`),
      ),
      filters: { [FORMAT_LABELS[format]]: [format] },
      saveLabel: 'Export',
    });
    if (!uri) return undefined;
    // Written with Node's fs from the extension host, so it needs a path the host can write.
    if (uri.scheme !== 'file') throw new Error('Choose a file on the machine the extension runs on.');
    return uri.fsPath;
  }
}
