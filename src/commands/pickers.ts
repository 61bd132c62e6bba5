// Quick picks that let every item action run from the command palette too.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import { modelLabel } from '../deployments/deploymentModel';
import type { Deployment, ModelVersion } from '../hopsworks/types';
import { normalizeStatus } from '../hopsworks/types';
import { loggingSummary, sortByName, sortVersions, statusLabel } from '../views/treeModel';

export async function requireProject(connection: ConnectionManager) {
  const project = connection.project;
  if (project) return project;
  const choice = await vscode.window.showWarningMessage('Not connected to Hopsworks.', 'Connect…');
  if (choice) await vscode.commands.executeCommand('hopsworks.connect');
  return connection.project;
}

export async function pickDeployment(
  connection: ConnectionManager,
  title: string,
  filter: (d: Deployment) => boolean = () => true,
): Promise<Deployment | undefined> {
  const project = await requireProject(connection);
  if (!project) return undefined;
  const all = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Loading deployments…' },
    () => project.listDeployments(),
  );
  const candidates = sortByName(all.filter(filter));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`${title}: no deployment in ${project.projectName} fits.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((d) => ({
      label: d.name,
      description: `${statusLabel(normalizeStatus(d.status))} · ${modelLabel(d)}`,
      detail: loggingSummary(d) ? `Logging to ${loggingSummary(d)}` : 'No inference logging',
      deployment: d,
    })),
    { title, placeHolder: 'Choose a deployment', matchOnDescription: true },
  );
  return picked?.deployment;
}

export async function pickModelVersion(
  connection: ConnectionManager,
  title: string,
): Promise<ModelVersion | undefined> {
  const project = await requireProject(connection);
  if (!project) return undefined;
  const models = sortByName(await project.listLatestModels());
  if (models.length === 0) {
    void vscode.window.showInformationMessage(`No models in ${project.projectName}.`);
    return undefined;
  }
  const model = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m.name, description: `latest v${m.version} · ${m.framework ?? ''}`, m })),
    { title, placeHolder: 'Choose a model' },
  );
  if (!model) return undefined;
  const versions = sortVersions(await project.listModelVersions(model.m.name));
  const version = await vscode.window.showQuickPick(
    versions.map((v) => ({
      label: `v${v.version}`,
      description: [v.framework, ...Object.entries(v.metrics ?? {}).map(([k, x]) => `${k} ${x}`)].join(' · '),
      v,
    })),
    { title, placeHolder: `Choose a version of ${model.m.name}` },
  );
  return version?.v;
}
