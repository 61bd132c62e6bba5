// Start, Stop, Delete, Refresh and Copy inference path — from a tree item or, with a quick pick, the palette.
// Long actions run under a progress notification and end with the settled state or the server's reason.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import type { LifecycleDecision, WaitResult } from '../deployments/lifecycle';
import { decideDelete, decideStart, decideStop, waitForStatus } from '../deployments/lifecycle';
import type { ProjectClient } from '../hopsworks/projectClient';
import type { Deployment, DeploymentStatus } from '../hopsworks/types';
import { normalizeStatus } from '../hopsworks/types';
import type { HopsworksTreeProvider, TreeNode } from '../views/treeProvider';
import { statusLabel } from '../views/treeModel';
import { deploymentOf } from './commandArgs';
import { showError } from './notify';
import { pickDeployment, requireProject } from './pickers';

type Target = TreeNode | Deployment | undefined;

export function registerDeploymentCommands(
  connection: ConnectionManager,
  tree: HopsworksTreeProvider,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const resolve = async (arg: Target, title: string, filter?: (d: Deployment) => boolean) =>
    deploymentOf(arg) ?? (await pickDeployment(connection, title, filter));

  return [
    vscode.commands.registerCommand('hopsworks.refresh', () => tree.refresh()),

    vscode.commands.registerCommand('hopsworks.startDeployment', async (arg: Target) => {
      const d = await resolve(arg, 'Start deployment', (x) => decideStart(x).kind !== 'noop');
      const project = d && (await requireProject(connection));
      if (d && project) await runLifecycle(project, tree, log, d, 'start');
    }),

    // `options.confirmed` lets a caller that already asked the user (a script, a keybinding) skip the dialog.
    vscode.commands.registerCommand(
      'hopsworks.stopDeployment',
      async (arg: Target, options?: { confirmed?: boolean }) => {
        const d = await resolve(arg, 'Stop deployment', (x) => decideStop(x).kind !== 'noop');
        const project = d && (await requireProject(connection));
        if (!d || !project) return;
        const ok =
          options?.confirmed === true ||
          (await vscode.window.showWarningMessage(
            `Stop deployment ${d.name}? It stops serving requests.`,
            { modal: true },
            'Stop',
          )) === 'Stop';
        if (ok) await runLifecycle(project, tree, log, d, 'stop');
      },
    ),

    vscode.commands.registerCommand('hopsworks.deleteDeployment', async (arg: Target) => {
      const d = await resolve(arg, 'Delete deployment');
      const project = d && (await requireProject(connection));
      if (!d || !project) return;
      // Judge on fresh state, not on what the tree showed a while ago.
      const fresh = (await project.getDeployment(d.id!)) ?? d;
      const decision = decideDelete(fresh);
      if (decision.kind === 'refuse') {
        void vscode.window.showWarningMessage(decision.message);
        return;
      }
      const ok = await vscode.window.showWarningMessage(
        `Delete deployment ${d.name}? This cannot be undone. Its inference-log topic is kept.`,
        { modal: true },
        'Delete',
      );
      if (ok !== 'Delete') return;
      try {
        await project.deleteDeployment(fresh.id!);
        void vscode.window.showInformationMessage(`Deleted deployment ${d.name}.`);
      } catch (err) {
        showError(log, `Could not delete ${d.name}`, err);
      } finally {
        tree.refreshDeployments();
      }
    }),

    vscode.commands.registerCommand('hopsworks.copyInferencePath', async (arg: Target) => {
      const d = await resolve(arg, 'Copy inference path');
      if (!d) return;
      const path = inferencePath(d, connection);
      await vscode.env.clipboard.writeText(path);
      void vscode.window.showInformationMessage(`Copied ${path}`);
    }),
  ];
}

/** The Hopsworks REST inference path of a deployment (hopsworks-rest.md §7), as the server reports it if it does. */
export function inferencePath(d: Deployment, connection: ConnectionManager): string {
  if (d.hopsworksInferencePath) return d.hopsworksInferencePath;
  const pid = connection.project?.projectId ?? '{projectId}';
  return `/hopsworks-api/api/project/${pid}/inference/models/${encodeURIComponent(d.name)}:predict`;
}

async function runLifecycle(
  project: ProjectClient,
  tree: HopsworksTreeProvider,
  log: vscode.LogOutputChannel,
  initial: Deployment,
  action: 'start' | 'stop',
): Promise<void> {
  const verb = action === 'start' ? 'Starting' : 'Stopping';
  const until: DeploymentStatus[] = action === 'start' ? ['RUNNING', 'IDLE'] : ['STOPPED'];
  const get = () => project.getDeployment(initial.id!);
  try {
    const fresh = (await get()) ?? initial;
    const decision: LifecycleDecision = action === 'start' ? decideStart(fresh) : decideStop(fresh);
    if (decision.kind === 'noop' || decision.kind === 'refuse') {
      void vscode.window.showInformationMessage(decision.message);
      return;
    }
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${verb} ${initial.name}`, cancellable: true },
      async (progress, token): Promise<WaitResult> => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const report = (d: Deployment) => {
          progress.report({
            message: `${statusLabel(normalizeStatus(d.status))}${d.condition?.reason ? ` — ${d.condition.reason}` : ''}`,
          });
          tree.refreshDeployments();
        };
        if (decision.kind === 'waitThenProceed') {
          const created = await waitForStatus(get, {
            until: ['CREATED'],
            signal: abort.signal,
            onUpdate: report,
          });
          if (created.outcome !== 'reached') return created;
        }
        if (action === 'start') await project.startDeployment(initial.id!);
        else await project.stopDeployment(initial.id!);
        return waitForStatus(get, { until, signal: abort.signal, onUpdate: report });
      },
    );
    reportOutcome(initial.name, action, result, log);
  } catch (err) {
    showError(log, `Could not ${action} ${initial.name}`, err);
  } finally {
    tree.refreshDeployments();
  }
}

function reportOutcome(
  name: string,
  action: 'start' | 'stop',
  r: WaitResult,
  log: vscode.LogOutputChannel,
): void {
  switch (r.outcome) {
    case 'reached':
      void vscode.window.showInformationMessage(
        `${name} is ${statusLabel(normalizeStatus(r.deployment.status)).toLowerCase()}.`,
      );
      log.info(`${name}: ${action} finished in state ${r.deployment.status ?? '?'}.`);
      return;
    case 'failed':
      showError(log, `${name} failed to ${action}`, new Error(r.reason));
      return;
    case 'settledElsewhere':
      void vscode.window.showWarningMessage(
        `${name} settled as ${statusLabel(normalizeStatus(r.deployment.status))}.`,
      );
      return;
    case 'gone':
      void vscode.window.showWarningMessage(`${name} no longer exists.`);
      return;
    case 'timeout':
      void vscode.window.showWarningMessage(
        `${name} is still ${r.deployment.status ?? 'changing'}; the tree keeps watching it.`,
      );
      return;
    case 'cancelled':
      void vscode.window.showInformationMessage(
        `Stopped watching ${name}; the tree keeps showing its state.`,
      );
      return;
  }
}
