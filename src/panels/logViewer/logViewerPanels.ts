// The log panels' registration: one panel per deployment of a project on a cluster (opening it again
// reveals it), every open panel told of each connection change, and a read-only probe for the tests.
import type * as vscode from 'vscode';
import type { ViewTarget } from '../../connection/targetChange';
import type { Deployment } from '../../hopsworks/types';
import { tailKey } from '../outputTail/outputTails';
import { PanelRegistry } from '../shared/panelRegistry';
import type { LogPanelDeps, LogPanelProbe } from './logViewerPanel';
import { LogViewerPanel } from './logViewerPanel';

export class LogViewerPanels implements vscode.Disposable {
  private readonly panels = new PanelRegistry<LogViewerPanel>();
  private readonly connectionWatch: vscode.Disposable;

  constructor(private readonly deps: LogPanelDeps) {
    this.connectionWatch = deps.connection.onDidChange((s) => {
      for (const [, p] of this.panels.entries()) p.connectionChanged(s);
    });
  }

  /** Opens (or reveals) the panel of `deployment`; with `testRequest` the request editor is opened too. */
  open(target: ViewTarget, deployment: Deployment, opts: { testRequest?: boolean } = {}): void {
    const testRequest = opts.testRequest ?? false;
    this.panels.revealOrCreate(
      tailKey(target, deployment),
      (open) => open.reveal(testRequest),
      (slot) => {
        const panel = new LogViewerPanel(this.deps, target, deployment, slot);
        if (testRequest) panel.showTestRequest();
        return panel;
      },
    );
  }

  /** The open panels of `target`'s deployments (the replay command picks among them). */
  panelsOf(target: ViewTarget): { deployment: string; rows: number; panel: LogViewerPanel }[] {
    const prefix = tailKey(target, { name: '' });
    return this.panels
      .entries()
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, panel]) => {
        const p = panel.probe(key);
        return { deployment: p.deployment, rows: p.rows, panel };
      });
  }

  probe(): LogPanelProbe[] {
    return this.panels.entries().map(([key, p]) => p.probe(key));
  }

  dispose(): void {
    this.connectionWatch.dispose();
    this.panels.dispose();
  }
}
