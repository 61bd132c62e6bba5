// The way back from a server-log line to its request: the link on an inference id selects that row in the
// deployment's open log panel, or says why it cannot (no panel open, or the row is not among those it holds,
// e.g. it came before the panel started reading) and offers what helps.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import type { LogViewerPanels } from '../panels/logViewer/logViewerPanels';
import { ServerLogDocuments } from '../panels/serverLogs/serverLogDocuments';
import { utcTime } from '../serverLogs/options';

export interface ShowRequestArgs {
  /** the server-log document the link is in */
  uri: string;
  inferenceId: string;
}

/** What happened, for a caller that wants to know (a test, a script). */
export type ShowRequestResult = 'selected' | 'noPanel' | 'notHeld' | 'invalid';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function showRequestInLogPanel(
  panels: LogViewerPanels,
  connection: ConnectionManager,
  arg: unknown,
): Promise<ShowRequestResult> {
  const a = (typeof arg === 'object' && arg !== null ? arg : {}) as Partial<ShowRequestArgs>;
  const key = typeof a.uri === 'string' ? ServerLogDocuments.keyOf(vscode.Uri.parse(a.uri, true)) : undefined;
  if (!key || typeof a.inferenceId !== 'string' || !UUID.test(a.inferenceId)) return 'invalid';
  const outcome = panels.revealRequest(key, key.deployment, a.inferenceId);
  if (outcome?.found) return 'selected';
  if (!outcome) {
    const choice = await vscode.window.showInformationMessage(
      `The inference-log panel of ${key.deployment} is not open: open it, and the requests it reads from then on can be found from here.`,
      'Open Inference Logs',
    );
    if (choice) {
      const deployment = await connection.project?.getDeployment(key.deploymentId);
      if (deployment) await vscode.commands.executeCommand('hopsworks.openInferenceLogs', deployment);
    }
    return 'noPanel';
  }
  const span =
    outcome.firstMs !== undefined && outcome.lastMs !== undefined
      ? ` (from ${utcTime(outcome.firstMs)} to ${utcTime(outcome.lastMs)} UTC)`
      : '';
  void vscode.window.showInformationMessage(
    `Request ${a.inferenceId} is not among the ${outcome.rows.toLocaleString('en-US')} events the log panel of ${key.deployment} holds${span}. ` +
      'Restart the panel from an earlier time (Start from, then Restart) to read it.',
  );
  return 'notHeld';
}
