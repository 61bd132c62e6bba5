// The deployment forms' registration: one panel per model version being deployed or deployment being edited
// (opening the same one again reveals it). A form opens only while connected: it belongs to the
// host/port/project connected when it opened.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../../connection/connectionManager';
import type { HopsworksTreeProvider } from '../../views/treeProvider';
import { PanelRegistry } from '../shared/panelRegistry';
import type { FormTarget } from './deploymentFormController';
import { formKey } from './deploymentFormController';
import { DeploymentFormPanel } from './deploymentFormPanel';

export class DeploymentFormPanels implements vscode.Disposable {
  readonly #panels = new PanelRegistry<DeploymentFormPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly connection: ConnectionManager,
    private readonly tree: HopsworksTreeProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Opens the form for a target, or reveals the panel that already shows it. */
  open(target: FormTarget, name?: string): void {
    const key = formKey(target);
    // An open form is revealed even while disconnected: it keeps what was typed and says why it cannot submit.
    const open = this.#panels.get(key);
    if (open) {
      open.reveal();
      return;
    }
    const project = this.connection.project;
    const state = this.connection.state;
    if (!project || state.kind !== 'connected') {
      void vscode.window.showWarningMessage('Connect to Hopsworks first.');
      return;
    }
    this.#panels.revealOrCreate(
      key,
      (p) => p.reveal(),
      (slot) =>
        new DeploymentFormPanel(target, name, {
          extensionUri: this.extensionUri,
          connection: this.connection,
          openedFor: state.target,
          tree: this.tree,
          log: this.log,
          slot,
        }),
    );
  }

  dispose(): void {
    this.#panels.dispose();
  }
}
