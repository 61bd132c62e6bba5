// The deployment form's WebviewPanel (one per model version being deployed or deployment being edited:
// deploymentFormPanels.ts). Each panel only wires its webview to a DeploymentFormController
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
import { DeploymentFormController } from './deploymentFormController';
import { DisposableCollection } from '../shared/disposables';
import type { PanelSlot } from '../shared/panelRegistry';
import { createWebviewPanel } from '../shared/webviewPanel';

const VIEW_TYPE = 'hopsworks.deploymentForm';

function titleOf(target: FormTarget, name?: string): string {
  return target.kind === 'create'
    ? `Deploy ${target.model.name} v${target.model.version}`
    : `Edit ${name ?? `deployment ${target.deploymentId}`}`;
}

export interface PanelDeps {
  extensionUri: vscode.Uri;
  connection: ConnectionManager;
  /** The host/port/project the form was opened for: it works there only. */
  openedFor: ViewTarget;
  tree: HopsworksTreeProvider;
  log: vscode.LogOutputChannel;
  /** Its place among the open forms: moved when a created deployment is edited from then on. */
  slot: PanelSlot;
}

export class DeploymentFormPanel {
  readonly #panel: vscode.WebviewPanel;
  readonly #controller: DeploymentFormController;
  readonly #endpoint: HostEndpoint<DeploymentFormProtocol>;
  readonly #abort = new AbortController();
  readonly #disposables = new DisposableCollection();

  constructor(
    target: FormTarget,
    name: string | undefined,
    private readonly deps: PanelDeps,
  ) {
    this.#panel = createWebviewPanel({
      viewType: VIEW_TYPE,
      title: titleOf(target, name),
      documentTitle: titleOf(target, name),
      extensionUri: deps.extensionUri,
      bundle: 'deploymentForm',
      localResourceRoots: [
        vscode.Uri.joinPath(deps.extensionUri, 'dist'),
        vscode.Uri.joinPath(deps.extensionUri, 'media'),
      ],
      // The form holds what the user typed; keeping it alive when hidden means nothing is lost on a tab switch.
      retainContextWhenHidden: true,
    });

    this.#controller = new DeploymentFormController(target, {
      project: () => this.#project(),
      servingVariables: () => deps.connection.servingVariables(),
      hopsworksVersion: () => deps.connection.client?.getBackendVersion() ?? Promise.resolve(undefined),
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

    this.#disposables.add(
      this.#panel.webview.onDidReceiveMessage((m: unknown) => void this.#endpoint.receive(m)),
    );
    this.#disposables.add(this.#panel.onDidDispose(() => this.#cleanUp()));
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
      this.deps.slot.moveTo(this.#controller.key);
      this.#panel.title = titleOf(this.#controller.target, result.init.context.existing?.name);
    }
    return result;
  }

  #cleanUp(): void {
    this.#abort.abort();
    this.#disposables.dispose();
    this.deps.slot.release();
  }
}
