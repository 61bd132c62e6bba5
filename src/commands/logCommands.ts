// Inference-log commands: open the live panel, tail to Output, send a test request. Each works from a
// deployment in the tree and from the command palette (quick pick). Panels and tails follow the connection:
// they stop reading when it leaves the project they were opened for.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import type { ViewTarget } from '../connection/targetChange';
import type { ProjectClient } from '../hopsworks/projectClient';
import type { Deployment } from '../hopsworks/types';
import type { LogPanelProbe } from '../panels/logViewer/logViewerPanel';
import { LogViewerPanels } from '../panels/logViewer/logViewerPanels';
import type { ReplayLauncher } from '../panels/replay/replayPanels';
import { loggingTopic } from '../deployments/loggerTopics';
import { OutputTails, tailKey } from '../panels/outputTail/outputTails';
import { startingBody } from '../panels/logViewer/startingBody';
import { deploymentOf } from './commandArgs';
import { showError } from './notify';
import { pickDeployment, requireProject } from './pickers';

export const LOG_COMMANDS = {
  open: 'hopsworks.openInferenceLogs',
  tail: 'hopsworks.tailInferenceLogs',
  testRequest: 'hopsworks.sendTestRequest',
} as const;

const logs = (d: Deployment) => loggingTopic(d) !== undefined;

/** A read-only look at the open log views, for the integration suite (through activate()'s API). */
export interface LogViewsProbe {
  panels(): readonly LogPanelProbe[];
  /** Keys ("host:port/project/deployment") of the Output tails that are running. */
  tails(): readonly string[];
}

export function registerLogCommands(
  context: vscode.ExtensionContext,
  connection: ConnectionManager,
  log: vscode.LogOutputChannel,
  replays: ReplayLauncher,
): { disposables: vscode.Disposable[]; probe: LogViewsProbe; panels: LogViewerPanels } {
  const tails = new OutputTails(context.extensionPath, log);
  const panels = new LogViewerPanels({ extensionUri: context.extensionUri, log, tails, connection, replays });

  /** The deployment a command acts on: the tree item it was run on, or one the user picks. */
  async function target(
    node: unknown,
    title: string,
    filter?: (d: Deployment) => boolean,
  ): Promise<{ project: ProjectClient; target: ViewTarget; deployment: Deployment } | undefined> {
    const project = await requireProject(connection);
    if (!project) return undefined;
    const deployment = deploymentOf(node) ?? (await pickDeployment(connection, title, filter));
    if (!deployment) return undefined;
    // Read after the pick: the view belongs to the project connected when it opens.
    const s = connection.state;
    if (s.kind !== 'connected' || connection.project !== project) {
      throw new Error(
        `the connection changed while ${deployment.name} was being picked; run the command again`,
      );
    }
    return { project, target: s.target, deployment };
  }

  function notLogging(d: Deployment): void {
    void vscode.window.showWarningMessage(
      `Deployment "${d.name}" does not log its inferences to Kafka. Edit it and turn on the inference logger to watch its requests and predictions.`,
    );
  }

  const openLogs = async (node?: unknown) => {
    try {
      const t = await target(node, 'Open Inference Logs', logs);
      if (!t) return;
      if (!logs(t.deployment)) return notLogging(t.deployment);
      panels.open(t.target, t.deployment);
    } catch (err) {
      showError(log, 'Could not open the inference logs', err);
    }
  };

  const tail = async (node?: unknown) => {
    try {
      const t = await target(node, 'Tail Inference Logs to Output', logs);
      if (!t) return;
      if (!logs(t.deployment)) return notLogging(t.deployment);
      if (tails.isTailing(tailKey(t.target, t.deployment))) {
        await tails.stop(tailKey(t.target, t.deployment));
        void vscode.window.showInformationMessage(
          `Stopped tailing the inference logs of ${t.deployment.name}.`,
        );
      } else {
        tails.start(t.target, t.project, t.deployment);
      }
    } catch (err) {
      showError(log, 'Could not tail the inference logs', err);
    }
  };

  const testRequest = async (node?: unknown) => {
    try {
      const t = await target(node, 'Send Test Request');
      if (!t) return;
      // With a logger, the editor lives in the log panel: the answer and the logged events show together.
      if (logs(t.deployment)) panels.open(t.target, t.deployment, { testRequest: true });
      else await testRequestInEditor(t.project, t.deployment, log);
    } catch (err) {
      showError(log, 'Could not send the test request', err);
    }
  };

  return {
    disposables: [
      panels,
      tails,
      connection.onDidChange((s) => tails.connectionChanged(s)),
      vscode.commands.registerCommand(LOG_COMMANDS.open, openLogs),
      vscode.commands.registerCommand(LOG_COMMANDS.tail, tail),
      vscode.commands.registerCommand(LOG_COMMANDS.testRequest, testRequest),
    ],
    probe: { panels: () => panels.probe(), tails: () => tails.running() },
    panels,
  };
}

/** For a deployment without a logger: the request in an untitled JSON editor, the answer in another. */
async function testRequestInEditor(
  project: ProjectClient,
  deployment: Deployment,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const start = await startingBody(project, deployment);
  if (start.problem) log.warn(`Test request for ${deployment.name}: ${start.problem}`);
  const doc = await vscode.workspace.openTextDocument({
    language: 'json',
    content: JSON.stringify(start.body, null, 2),
  });
  await vscode.window.showTextDocument(doc, { preview: false });
  const choice = await vscode.window.showInformationMessage(
    `Edit the request body, then send it to ${deployment.name}.`,
    'Send',
  );
  if (choice !== 'Send') return;
  let body: unknown;
  try {
    body = JSON.parse(doc.getText()) as unknown;
  } catch (err) {
    throw new Error(`The request is not valid JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
  const answer = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Sending a test request to ${deployment.name}…`,
    },
    () => project.predict(deployment.name, body),
  );
  log.info(`Test request to ${deployment.name} answered.`);
  const content = typeof answer === 'string' ? answer : JSON.stringify(answer, null, 2);
  const out = await vscode.workspace.openTextDocument({ language: 'json', content: content ?? '' });
  await vscode.window.showTextDocument(out, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
