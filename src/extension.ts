// activate(): builds the objects and registers them; nothing else happens here.
import * as vscode from 'vscode';
import { registerConnectionCommands } from './commands/connectionCommands';
import { registerDeploymentCommands } from './commands/deploymentCommands';
import { registerFormCommands } from './commands/formCommands';
import type { LogViewsProbe } from './commands/logCommands';
import { registerLogCommands } from './commands/logCommands';
import { registerReplayCommands } from './commands/replayCommands';
import { ApiKeyStore } from './connection/apiKeyStore';
import type { ConnectionState } from './connection/connectionManager';
import { ConnectionManager } from './connection/connectionManager';
import { readTarget, SECTION } from './connection/settings';
import type { ReplayProbe } from './panels/replay/replayPanels';
import { ReplayPanels } from './panels/replay/replayPanels';
import { ConnectionStatusBar } from './views/statusBar';
import { HopsworksTreeProvider } from './views/treeProvider';

/** What `activate` returns: used by the integration suite and the activation benchmark. */
export interface HopsworksExtensionApi {
  connection: ConnectionManager;
  tree: HopsworksTreeProvider;
  /** ms from the start of activate() to the deployments' first render (undefined until then) */
  timings: { activateMs: number; firstTreeRenderMs?: number };
  /** Read-only: the open log panels (state, rows, whether they hold a Kafka session) and running tails. */
  logs: LogViewsProbe;
  /** Read-only: the replays whose comparison is open (phase and counts). */
  replays: { runs(): readonly ReplayProbe[] };
}

export function activate(context: vscode.ExtensionContext): HopsworksExtensionApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Hopsworks', { log: true });
  const connection = new ConnectionManager(new ApiKeyStore(context.secrets), log, context.globalState);
  const tree = new HopsworksTreeProvider(connection, log);
  // The log viewer's Kafka/Avro code is a separate bundle, loaded when the first log panel opens.
  const replays = new ReplayPanels({ extensionUri: context.extensionUri, log, connection });
  const logViews = registerLogCommands(context, connection, log, replays);
  const view = vscode.window.createTreeView('hopsworks.explorer', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });

  const setContext = (s: ConnectionState) => {
    void vscode.commands.executeCommand('setContext', 'hopsworks.connectionState', s.kind);
    view.message = s.kind === 'error' ? `Connection failed: ${s.message}` : undefined;
  };

  context.subscriptions.push(
    log,
    connection,
    tree,
    view,
    new ConnectionStatusBar(connection),
    connection.onDidChange(setContext),
    ...registerConnectionCommands(connection, new ApiKeyStore(context.secrets), log),
    ...registerDeploymentCommands(connection, tree, log),
    ...registerFormCommands(context, connection, tree, log),
    ...logViews.disposables,
    replays,
    ...registerReplayCommands(connection, logViews.panels, log),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Connect… itself saves the target it just connected to: reconnect only when the settings now name
      // another target, so the tree is not rebuilt (and collapsed) under the user for nothing.
      if (e.affectsConfiguration(SECTION) && !e.affectsConfiguration(`${SECTION}.inferenceLog`)) {
        if (!connection.isConnectedTo(readTarget())) void connection.connectFromSettings();
      }
    }),
  );
  setContext(connection.state);

  const timings: HopsworksExtensionApi['timings'] = { activateMs: 0 };
  void tree.whenDeploymentsShown().then(() => {
    timings.firstTreeRenderMs = performance.now() - started;
    log.info(`Tree first rendered ${timings.firstTreeRenderMs.toFixed(1)} ms after activation started.`);
  });
  // Connecting is network I/O: never block activation on it.
  void connection.connectFromSettings();
  timings.activateMs = performance.now() - started;
  log.info(`Activated in ${timings.activateMs.toFixed(1)} ms.`);
  return { connection, tree, timings, logs: logViews.probe, replays: { runs: () => replays.probe() } };
}

export function deactivate(): void {}
