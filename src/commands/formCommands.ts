// "Deploy this version…", "Edit deployment…" and "Create Deployment…": each opens the deployment form, from a
// tree item or, without one, after quick picks.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import { deploymentModel } from '../deployments/deploymentModel';
import { DeploymentFormPanels } from '../panels/deploymentForm/deploymentFormPanels';
import type { HopsworksTreeProvider } from '../views/treeProvider';
import { deploymentOf, modelVersionOf } from './commandArgs';
import { showError } from './notify';
import { pickDeployment, pickModelVersion, requireProject } from './pickers';

export function registerFormCommands(
  context: vscode.ExtensionContext,
  connection: ConnectionManager,
  tree: HopsworksTreeProvider,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const panels = new DeploymentFormPanels(context.extensionUri, connection, tree, log);

  const deploy = async (arg: unknown) => {
    try {
      const model = modelVersionOf(arg) ?? (await pickModelVersion(connection, 'Create deployment'));
      if (model) panels.open({ kind: 'create', model });
    } catch (err) {
      showError(log, 'Could not open the deployment form', err);
    }
  };

  return [
    panels,
    vscode.commands.registerCommand('hopsworks.deployModelVersion', deploy),
    vscode.commands.registerCommand('hopsworks.createDeployment', () => deploy(undefined)),
    vscode.commands.registerCommand('hopsworks.editDeployment', async (arg: unknown) => {
      try {
        const d = deploymentOf(arg) ?? (await pickDeployment(connection, 'Edit deployment'));
        if (!d) return;
        if (!deploymentModel(d)) {
          // 4.6+ deployments without a model: the form is built around a model version and cannot show one.
          void vscode.window.showInformationMessage(
            `Deployment ${d.name} has no model (a Python deployment that runs its script only). The form edits deployments of a model version; change this one in Hopsworks or with the Python client.`,
          );
          return;
        }
        if (d.id === undefined) {
          void vscode.window.showWarningMessage(
            `Deployment ${d.name} has no id; refresh the tree and try again.`,
          );
          return;
        }
        if (!(await requireProject(connection))) return;
        panels.open({ kind: 'edit', deploymentId: d.id }, d.name);
      } catch (err) {
        showError(log, 'Could not open the deployment form', err);
      }
    }),
  ];
}
