// Start, Stop, Delete, Refresh, Copy Inference URL and Copy as curl — from a tree item or, with a quick pick, the
// palette. Long actions run under a progress notification and end with the settled state or the server's reason.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import type { LifecycleDecision, WaitResult } from '../deployments/lifecycle';
import { decideDelete, decideStart, decideStop, waitForStatus } from '../deployments/lifecycle';
import { modelLabel } from '../deployments/deploymentModel';
import { stateName, stateSentence } from '../deployments/stateWords';
import { inferenceUrl } from '../hopsworks/inferenceUrl';
import type { ProjectClient } from '../hopsworks/projectClient';
import { FRESH } from '../hopsworks/readShare';
import type { Deployment, DeploymentStatus } from '../hopsworks/types';
import { startingBody } from '../panels/logViewer/startingBody';
import type { HopsworksTreeProvider, TreeNode } from '../views/treeProvider';
import { deploymentOf } from './commandArgs';
import { API_KEY_VARIABLE, curlCommand } from './curlCommand';
import { deleteQuestion } from './lifecycleTexts';
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
    // Refresh shows the server as it is now: nothing read before is shared any more.
    vscode.commands.registerCommand('hopsworks.refresh', () => {
      connection.project?.forgetReads();
      tree.refresh();
    }),

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
      const fresh = (await project.getDeployment(d.id!, FRESH)) ?? d;
      const decision = decideDelete(fresh);
      if (decision.kind === 'refuse') {
        void vscode.window.showWarningMessage(decision.message);
        return;
      }
      const ok = await vscode.window.showWarningMessage(deleteQuestion(fresh), { modal: true }, 'Delete');
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

    // Both resolve to the text copied (undefined when nothing was), for scripts and tests.
    vscode.commands.registerCommand('hopsworks.copyInferencePath', async (arg: Target) => {
      const d = await resolve(arg, 'Copy inference URL');
      const project = d && (await requireProject(connection));
      const origin = connection.client?.origin;
      if (!d || !project || !origin) return undefined;
      const url = inferenceUrl(origin, project.projectId, d);
      await vscode.env.clipboard.writeText(url);
      void vscode.window.showInformationMessage(`Copied ${url}`);
      return url;
    }),

    vscode.commands.registerCommand('hopsworks.copyInferenceCurl', async (arg: Target) => {
      const d = await resolve(arg, 'Copy as curl');
      const project = d && (await requireProject(connection));
      const s = connection.state;
      if (!d || !project || s.kind !== 'connected') return undefined;
      try {
        const start = await startingBody(project, d);
        if (start.problem)
          log.warn(`Copy as curl for ${d.name}: ${start.problem} The V1 template is used instead.`);
        const text = curlCommand({
          url: inferenceUrl(s.client.origin, project.projectId, d),
          body: start.body,
          caFile: s.target.caFile,
          insecure: !s.target.verifyTls,
        });
        await vscode.env.clipboard.writeText(text);
        const from =
          start.source === 'inputExample'
            ? `the input example of ${modelLabel(d)}`
            : 'a template: edit the instances before sending';
        void vscode.window.showInformationMessage(
          `Copied a curl command for ${d.name} (body from ${from}). It reads your API key from $${API_KEY_VARIABLE}; set that variable in the shell first.`,
        );
        return text;
      } catch (err) {
        showError(log, `Could not copy a curl command for ${d.name}`, err);
        return undefined;
      }
    }),
  ];
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
  // Polls and the check before acting read the server now, never a shared answer.
  const get = () => project.getDeployment(initial.id!, FRESH);
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
            message: `${stateName(d.status)}${d.condition?.reason ? ` — ${d.condition.reason}` : ''}`,
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
        `${action === 'start' ? 'Started' : 'Stopped'} ${name}. ${stateSentence(r.deployment.status)}`,
      );
      log.info(`${name}: ${action} finished in state ${r.deployment.status ?? '?'}.`);
      return;
    case 'failed':
      showError(log, `${name} failed to ${action}`, new Error(r.reason));
      return;
    case 'settledElsewhere':
      void vscode.window.showWarningMessage(
        `${name} did not ${action}. ${stateSentence(r.deployment.status)}`,
      );
      return;
    case 'gone':
      void vscode.window.showWarningMessage(`${name} no longer exists.`);
      return;
    case 'timeout':
      void vscode.window.showWarningMessage(
        `${name} has not settled yet. ${stateSentence(r.deployment.status, true)} The tree keeps watching it.`,
      );
      return;
    case 'cancelled':
      void vscode.window.showInformationMessage(
        `Stopped watching ${name}; the tree keeps showing its state.`,
      );
      return;
  }
}
