// The inference-log WebviewPanel (one per deployment: logViewerPanels.ts), strict CSP HTML from the shared
// shell, and the vscode-free host (logViewerHost.ts) wired to the webview. The pipeline session is
// built lazily (dist/inferenceLog.js is required only now) and disposed with the panel.
// A panel reads with the connection it was opened for: on Disconnect, or a connection to another project,
// its Kafka session is disposed (the credentials with it) while the rows it shows stay readable; once the
// same project is connected again, Restart reads again with brokers and credentials fetched anew.
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionManager } from '../../connection/connectionManager';
import type { ConnectionStateLike, ViewTarget } from '../../connection/targetChange';
import { describeViewTarget, followAction, lostReason, relationTo } from '../../connection/targetChange';
import { deploymentModel } from '../../deployments/deploymentModel';
import type { ProjectClient } from '../../hopsworks/projectClient';
import type { Deployment } from '../../hopsworks/types';
import { SERVING_TOOLS, isOneOf } from '../../hopsworks/types';
import { loggingModeOf, loggingTopic } from '../../deployments/loggerTopics';
import type { ConsumerState, ExportFormat, PanelInfo, StartFrom } from '../../protocol/logViewer';
import { EXPORT_FORMAT_LABELS } from '../../inferenceLog/types';
import { DisposableCollection } from '../shared/disposables';
import type { PanelSlot } from '../shared/panelRegistry';
import { createWebviewPanel } from '../shared/webviewPanel';
import type { LogViewerHost } from './logViewerHost';
import { createLogViewerHost } from './logViewerHost';
import { describeSessionFailure, sessionFactory } from './logViewerLoader';
import { ConnectionLogSession } from './connectionLogSession';
import { readLogSettings } from './logViewerSettings';
import { LogSourceError } from './logViewerSource';
import type { OutputTails } from '../outputTail/outputTails';
import { tailKey } from '../outputTail/outputTails';
import type { RevealOutcome } from './logViewerHost';
import { SERVER_LOG_COMMANDS } from '../serverLogs/commandIds';
import type { ShowResult } from '../serverLogs/commandIds';
import { openPayloadDocument } from './payloadDocument';
import type { ReplayLauncher } from '../replay/replayPanels';
import type { ReplaySelection, ReplayStartReply } from '../../protocol/replay';
import { replaySelection } from './replayRows';
import { HealthFeed } from './health/healthFeed';
import { ownDeploymentRows } from './ownDeploymentRows';
import type { HealthReply } from '../../protocol/logViewerHealth';
import { startingBody } from './startingBody';
import { projectFeatureSources } from './features/projectFeatureSources';
import type { FeatureColumnsView } from '../../protocol/logViewerFeatures';

export const LOG_VIEW_TYPE = 'hopsworks.inferenceLogs';

export interface LogPanelDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  tails: OutputTails;
  connection: ConnectionManager;
  replays: ReplayLauncher;
}

/** What the integration suite may see of an open log panel (read-only; never rows or credentials). */
export interface LogPanelProbe {
  deployment: string;
  /** "host:port/project" the panel was opened for. */
  target: string;
  state: ConsumerState;
  /** Rows the panel can show (and export) now. */
  rows: number;
  /** Whether it holds a Kafka session (and with it the project's Kafka credentials). */
  reading: boolean;
  /** Inference id of the row its detail pane shows (the row selected last). */
  shownRequest?: string;
  /** The health figures last sent to the webview (it asks for them), if it asked yet. */
  health?: HealthReply;
  /** The feature columns a page would have now, and whether the model version's files were read. */
  features: { inputs: FeatureColumnsView; outputs: FeatureColumnsView; loaded: boolean };
}

export class LogViewerPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly session: ConnectionLogSession;
  private readonly host: LogViewerHost;
  private readonly health: HealthFeed;
  private readonly disposables = new DisposableCollection();
  /** The input example as a request body (undefined when the model has none), once read. */
  private readonly example: Promise<string | undefined>;
  private disposed = false;

  constructor(
    private readonly deps: LogPanelDeps,
    private readonly target: ViewTarget,
    private readonly deployment: Deployment,
    private readonly slot: PanelSlot,
  ) {
    this.panel = createWebviewPanel({
      viewType: LOG_VIEW_TYPE,
      title: `Logs: ${deployment.name}`,
      documentTitle: `Inference logs: ${deployment.name}`,
      extensionUri: deps.extensionUri,
      bundle: 'logViewer',
      localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview')],
      // Not retained when hidden: the page is rebuilt on show and pulls its rows again (nothing is lost,
      // the rows live in the host), and a hidden panel costs no renderer memory.
      retainContextWhenHidden: false,
    });

    const settings = readLogSettings();
    const factoryOptions = {
      extensionPath: deps.extensionUri.fsPath,
      bootstrapServers: settings.bootstrapServers,
      capacity: settings.capacity,
      maxMemoryMB: settings.maxMemoryMB,
      noResponseTimeoutMs: settings.noResponseTimeoutMs,
      log: (line: string) => deps.log.info(line),
    };
    // Each session is built with the client connected now, so brokers and credentials are fetched anew.
    const factory = (startFrom: StartFrom) =>
      sessionFactory(this.requireProject(), deployment, factoryOptions)(startFrom);
    this.session = new ConnectionLogSession({
      create: factory,
      startFrom: settings.startFrom,
      capacity: settings.capacity,
      describeFailure: describeSessionFailure,
      blocked: () => (this.currentProject() ? undefined : this.notConnected().message),
    });
    const stopLogging = this.session.onState((s) => {
      // A stopped panel's state is its own message about the connection (connectionChanged logs it), not a
      // failure.
      if (s.state === 'error' && this.session.reading)
        deps.log.error(`Inference logs of ${deployment.name}: ${s.message} ${s.action}`);
      else if (s.state === 'reconnecting') deps.log.warn(`Inference logs of ${deployment.name}: ${s.reason}`);
    });
    this.disposables.add(stopLogging);
    this.health = new HealthFeed({
      rows: ownDeploymentRows(this.session, deployment.id),
      servingTool: isOneOf(SERVING_TOOLS, deployment.servingTool) ? deployment.servingTool : undefined,
      loggingMode: loggingModeOf(deployment),
    });
    this.disposables.add(() => this.health.dispose());

    // The test request starts from the model version's input example when it has one (read from its folder:
    // the model JSON only points at the file). Never rejects: without it the suggestion falls back.
    this.example = Promise.resolve()
      .then(() => startingBody(this.requireProject(), deployment))
      .then((start) => {
        if (start.problem) deps.log.warn(`Test request for ${deployment.name}: ${start.problem}`);
        return start.source === 'inputExample' ? JSON.stringify(start.body, null, 2) : undefined;
      })
      .catch(() => undefined);
    const served = deploymentModel(deployment);
    this.host = createLogViewerHost({
      session: this.session,
      info: () => this.info(),
      post: (m) => this.panel.webview.postMessage(m),
      isVisible: () => this.panel.visible,
      testRequestExample: () => this.example,
      health: (p) => this.health.reply(p),
      // A deployment without a model (4.6+ Python deployment) has no schema, example or training dataset to read.
      ...(served ? { featureSources: projectFeatureSources(() => this.requireProject(), served.name) } : {}),
      effects: {
        pickExportPath: (format) => this.pickExportPath(format),
        copyText: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
        toggleTail: () => deps.tails.toggle(target, deployment, () => this.requireProject()),
        predict: (body) => this.requireProject().predict(deployment.name, body),
        log: (line) => deps.log.info(line),
        // Beside the panel, so the row and the server's lines for it are seen together.
        showServerLogs: async (moment) => {
          this.requireProject();
          const command = moment ? SERVER_LOG_COMMANDS.atTime : SERVER_LOG_COMMANDS.show;
          const args = { deployment, beside: true, ...moment };
          return (
            (await vscode.commands.executeCommand<ShowResult | undefined>(command, args)) ?? { shown: false }
          );
        },
        openPayload: async (payload, name) => {
          await openPayloadDocument(payload, name);
        },
        startReplay: (rows, what) => deps.replays.start(target, deployment, rows, what),
      },
    });

    this.disposables.add(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.host.receive(raw)),
    );
    this.disposables.add(this.panel.onDidDispose(() => this.dispose()));

    void this.session.start();
  }

  /** Stops reading when the connection leaves this panel's project; says so again when it comes back. */
  connectionChanged(state: ConnectionStateLike): void {
    const action = followAction(this.target, this.session.reading, state);
    if (action.kind === 'none') return;
    const name = this.deployment.name;
    if (action.kind === 'stop') {
      if (this.session.reading)
        this.deps.log.info(`Inference logs of ${name}: stopped reading. ${action.reason}`);
      void this.session.stop({
        state: 'error',
        message: action.reason,
        action: 'The rows shown stay readable: export or copy them.',
      });
    } else {
      void this.session.stop({
        state: 'error',
        message: `Connected to ${describeViewTarget(this.target)} again.`,
        action: 'Press Restart to read the logs again (the rows shown now are replaced).',
      });
    }
  }

  probe(key: string): LogPanelProbe {
    const probe: LogPanelProbe = {
      deployment: this.deployment.name,
      target: key.slice(0, key.length - this.deployment.name.length - 1),
      state: this.session.state,
      rows: this.session.query({ offset: 0, limit: 0 }).total,
      reading: this.session.reading,
      ...(this.health.last ? { health: this.health.last } : {}),
      features: this.host.features.columns(),
    };
    if (this.host.shownRequest) probe.shownRequest = this.host.shownRequest;
    return probe;
  }

  /** A server-log line's inference id was followed: show the panel with its row selected, if it holds it. */
  revealRequest(inferenceId: string): RevealOutcome {
    const outcome = this.host.revealRequest(inferenceId);
    if (outcome.found) this.panel.reveal(undefined, false);
    return outcome;
  }

  reveal(testRequest: boolean): void {
    this.panel.reveal();
    if (testRequest) this.showTestRequest();
  }

  /** "Replay to…" for rows this panel holds (the palette command). */
  replay(selection: ReplaySelection): Promise<ReplayStartReply> {
    return replaySelection(this.session, selection, (rows, what) =>
      this.deps.replays.start(this.target, this.deployment, rows, what),
    );
  }

  showTestRequest(): void {
    this.host.emit('showTestRequest', {});
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.slot.release();
    this.host.dispose();
    this.disposables.dispose();
    this.panel.dispose();
    void this.session.dispose();
  }

  private info(): PanelInfo {
    const d = this.deployment;
    const model = deploymentModel(d);
    return {
      deploymentName: d.name,
      // Absent for a deployment without a model: the header then says "no model".
      ...(model ? { modelName: model.name, modelVersion: model.version } : {}),
      servingTool: d.servingTool ?? 'DEFAULT',
      topic: loggingTopic(d) ?? '',
      loggingMode: loggingModeOf(d),
      capacity: this.session.stats().capacity,
      startFrom: this.session.position,
      tailing: this.deps.tails.isTailing(tailKey(this.target, d)),
      ...(d.id !== undefined ? { deploymentId: d.id } : {}),
      ...(d.kafkaTopicDTO?.schemaVersion !== undefined
        ? { schemaVersion: d.kafkaTopicDTO.schemaVersion }
        : {}),
    };
  }

  /** The connected client when it is this panel's project. */
  private currentProject(): ProjectClient | undefined {
    const c = this.deps.connection;
    return relationTo(this.target, c.state).kind === 'same' ? c.project : undefined;
  }

  private requireProject(): ProjectClient {
    const project = this.currentProject();
    if (!project) throw this.notConnected();
    return project;
  }

  private notConnected(): LogSourceError {
    return new LogSourceError(
      lostReason(this.target, this.deps.connection.state) ??
        `Still connecting to ${describeViewTarget(this.target)}.`,
      'Press Restart once connected.',
    );
  }

  private async pickExportPath(format: ExportFormat): Promise<string | undefined> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const dir =
      vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? homedir();
    const uri = await vscode.window.showSaveDialog({
      title: `Export inference logs of ${this.deployment.name}`,
      defaultUri: vscode.Uri.file(path.join(dir, `${this.deployment.name}-inference-${stamp}.${format}`)),
      filters: { [EXPORT_FORMAT_LABELS[format]]: [format] },
      saveLabel: 'Export',
    });
    if (!uri) return undefined;
    // The export streams with Node's fs from the extension host, so it needs a path the host can write.
    if (uri.scheme !== 'file') throw new Error('Choose a file on the machine the extension runs on.');
    return uri.fsPath;
  }
}
