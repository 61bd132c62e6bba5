// The deployment form's WebviewPanels: one per model version being deployed or deployment being edited
// (opening the same one again reveals it). Each panel only wires its webview to a DeploymentFormController
// through the typed, validated envelope; the logic lives in the controller. A form belongs to the
// host/port/project it was opened for: while another one (or none) is connected it refuses to submit,
// saying why at the top of the form and keeping what was typed.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../../connection/connectionManager';
import type { ViewTarget } from '../../connection/targetChange';
import { relationTo, submitRefusal } from '../../connection/targetChange';
import type { DeploymentFormProtocol, SubmitParams, SubmitResult } from '../../protocol/deploymentForm';
import { deploymentFormSchemas } from '../../protocol/deploymentForm';
import type { HostEndpoint } from '../../protocol/messages';
import { createHostEndpoint } from '../../protocol/messages';
import type { HopsworksTreeProvider } from '../../views/treeProvider';
import type { FormProjectApi, FormTarget } from './deploymentFormController';
import { DeploymentFormController, formKey } from './deploymentFormController';
import { makeNonce, renderWebviewHtml } from '../shared/webviewHtml';

const VIEW_TYPE = 'hopsworks.deploymentForm';

function titleOf(target: FormTarget, name?: string): string {
  return target.kind === 'create'
    ? `Deploy ${target.model.name} v${target.model.version}`
    : `Edit ${name ?? `deployment ${target.deploymentId}`}`;
}

export class DeploymentFormPanels implements vscode.Disposable {
  readonly #panels = new Map<string, DeploymentFormPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly connection: ConnectionManager,
    private readonly tree: HopsworksTreeProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Opens the form for a target, or reveals the panel that already shows it. */
  open(target: FormTarget, name?: string): void {
    const key = formKey(target);
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
    const panel = new DeploymentFormPanel(target, name, {
      extensionUri: this.extensionUri,
      connection: this.connection,
      openedFor: state.target,
      tree: this.tree,
      log: this.log,
      onRekey: (from, to) => {
        this.#panels.delete(from);
        const other = this.#panels.get(to);
        // Two panels now edit the same deployment: keep the one the user just worked in.
        if (other) other.dispose();
        this.#panels.set(to, panel);
      },
      // Only forget the entry if it is still this panel (a disposal may be reported after a re-key).
      onDispose: (k) => {
        if (this.#panels.get(k) === panel) this.#panels.delete(k);
      },
    });
    this.#panels.set(key, panel);
  }

  dispose(): void {
    for (const p of [...this.#panels.values()]) p.dispose();
    this.#panels.clear();
  }
}

interface PanelDeps {
  extensionUri: vscode.Uri;
  connection: ConnectionManager;
  /** The host/port/project the form was opened for: it works there only. */
  openedFor: ViewTarget;
  tree: HopsworksTreeProvider;
  log: vscode.LogOutputChannel;
  onRekey: (from: string, to: string) => void;
  onDispose: (key: string) => void;
}

class DeploymentFormPanel {
  readonly #panel: vscode.WebviewPanel;
  readonly #controller: DeploymentFormController;
  readonly #endpoint: HostEndpoint<DeploymentFormProtocol>;
  readonly #abort = new AbortController();
  readonly #disposables: vscode.Disposable[] = [];
  #key: string;

  constructor(
    target: FormTarget,
    name: string | undefined,
    private readonly deps: PanelDeps,
  ) {
    this.#key = formKey(target);
    const dist = vscode.Uri.joinPath(deps.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(deps.extensionUri, 'media');
    this.#panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      titleOf(target, name),
      vscode.ViewColumn.Active,
      // The form holds what the user typed; keeping it alive when hidden means nothing is lost on a tab switch.
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [dist, media] },
    );
    this.#panel.iconPath = vscode.Uri.joinPath(media, 'hopsworks.svg');

    this.#controller = new DeploymentFormController(target, {
      project: () => this.#project(),
      servingVariables: () => deps.connection.servingVariables(),
      log: (line) => deps.log.info(line),
    });
    this.#endpoint = createHostEndpoint<DeploymentFormProtocol>({
      schemas: deploymentFormSchemas,
      handlers: {
        init: () => this.#controller.load(),
        submit: (p) => this.#submit(p),
      },
      post: (m) => this.#panel.webview.postMessage(m),
      onProblem: (text) => deps.log.warn(`Deployment form: ${text}`),
    });

    const webview = this.#panel.webview;
    this.#disposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.#endpoint.receive(m)),
      this.#panel.onDidDispose(() => this.#cleanUp()),
    );
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview', 'deploymentForm.js')).toString(),
      title: titleOf(target, name),
    });
  }

  reveal(): void {
    this.#panel.reveal();
  }

  dispose(): void {
    this.#panel.dispose();
  }

  /** The project this form was opened in; submitting elsewhere would surprise the user. */
  #project(): FormProjectApi {
    const { connection, openedFor } = this.deps;
    const p = connection.project;
    if (!p || relationTo(openedFor, connection.state).kind !== 'same') {
      throw new Error(submitRefusal(openedFor, connection.state) ?? 'Not connected to Hopsworks.');
    }
    return p;
  }

  async #submit(params: SubmitParams): Promise<SubmitResult> {
    // Checked before the controller runs, so nothing is read from or sent to another project.
    const refusal = submitRefusal(this.deps.openedFor, this.deps.connection.state);
    if (refusal !== undefined) {
      this.deps.log.warn(`Deployment form: not submitted. ${refusal}`);
      return { ok: false, fieldErrors: {}, formError: refusal };
    }
    const result = await this.#controller.submit(
      params,
      (e) => {
        this.#endpoint.emit('progress', e);
        if (e.status !== undefined) this.deps.tree.refreshDeployments();
      },
      this.#abort.signal,
    );
    if (result.ok) {
      this.deps.tree.refreshDeployments();
      this.deps.log.info(result.message);
      const key = this.#controller.key;
      if (key !== this.#key) {
        this.deps.onRekey(this.#key, key);
        this.#key = key;
      }
      this.#panel.title = titleOf(this.#controller.target, result.init.context.existing?.name);
    }
    return result;
  }

  #cleanUp(): void {
    this.#abort.abort();
    for (const d of this.#disposables.splice(0)) d.dispose();
    this.deps.onDispose(this.#key);
  }
}
