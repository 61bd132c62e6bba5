// "Show Server Logs" (tree, palette, the log panel's button), "Server Logs at This Time" (a row of the log
// panel), and the controls of an open server-log document (follow / pause, options). Refusals become a message
// with the action that helps: start the deployment, send a request to wake it, read the archive instead.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import type { ViewTarget } from '../connection/targetChange';
import { sameTarget } from '../connection/targetChange';
import type { ProjectClient } from '../hopsworks/projectClient';
import type { Deployment, DeploymentComponent } from '../hopsworks/types';
import type { Moment } from '../serverLogs/moment';
import { landing, momentOptions } from '../serverLogs/moment';
import type { ServerLogOptions } from '../serverLogs/options';
import {
  defaultOptions,
  describeTail,
  parseRange,
  SOURCE_LABELS,
  TAIL_CHOICES,
  utcTime,
} from '../serverLogs/options';
import { noTransformer } from '../serverLogs/refusals';
import type { LogRefusal } from '../serverLogs/refusals';
import type { ReadResult } from '../serverLogs/serverLogReader';
import { ServerLogDocuments } from '../panels/serverLogs/serverLogDocuments';
import type { ServerLogDocumentProbe } from '../panels/serverLogs/serverLogDocuments';
import { SERVER_LOG_COMMANDS } from '../panels/serverLogs/commandIds';
import type { ShowResult } from '../panels/serverLogs/commandIds';
import { deploymentOf } from './commandArgs';
import { showError } from './notify';
import { pickDeployment, requireProject } from './pickers';

/** Context key: the active editor is a server-log document that follows. */
const FOLLOWING_KEY = 'hopsworks.serverLogs.following';

/** What the log panel (or a script) passes: the deployment, and where to open. */
export interface ShowServerLogsArgs {
  deployment: Deployment;
  component?: DeploymentComponent;
  /** open beside the active editor (the log panel stays in view) */
  beside?: boolean;
}

export interface ServerLogsAtTimeArgs extends ShowServerLogsArgs, Moment {}

export interface ServerLogsProbe {
  documents(): readonly ServerLogDocumentProbe[];
}

const hasTransformer = (d: Deployment) => Boolean(d.transformer);

export function registerServerLogCommands(
  connection: ConnectionManager,
  log: vscode.LogOutputChannel,
): { disposables: vscode.Disposable[]; probe: ServerLogsProbe } {
  const docs = new ServerLogDocuments(connection, log);

  /** The deployment and the connection the command runs with. */
  async function resolve(
    arg: unknown,
    title: string,
  ): Promise<
    | {
        project: ProjectClient;
        target: ViewTarget;
        deployment: Deployment;
        args: Partial<ShowServerLogsArgs>;
      }
    | undefined
  > {
    const project = await requireProject(connection);
    if (!project) return undefined;
    const args = panelArgs(arg);
    const deployment = args.deployment ?? deploymentOf(arg) ?? (await pickDeployment(connection, title));
    if (!deployment) return undefined;
    const s = connection.state;
    if (s.kind !== 'connected' || connection.project !== project) {
      throw new Error(
        `the connection changed while ${deployment.name} was being picked; run the command again`,
      );
    }
    return { project, target: s.target, deployment, args };
  }

  async function pickComponent(d: Deployment): Promise<DeploymentComponent | undefined> {
    if (!hasTransformer(d)) return 'predictor';
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Predictor', description: 'the model server', component: 'predictor' as const },
        { label: 'Transformer', description: 'pre- and post-processing', component: 'transformer' as const },
      ],
      { title: `Server logs of ${d.name}`, placeHolder: 'Which component?' },
    );
    return picked?.component;
  }

  const show = async (arg?: unknown): Promise<ShowResult> => {
    try {
      const r = await resolve(arg, 'Show Server Logs');
      if (!r) return { shown: false };
      const component =
        r.args.component ?? (r.args.deployment ? 'predictor' : await pickComponent(r.deployment));
      if (!component) return { shown: false };
      if (component === 'transformer' && !hasTransformer(r.deployment)) {
        return refused(r.deployment, { kind: 'noTransformer', message: noTransformer(r.deployment.name) });
      }
      // Show Server Logs is the live view, whatever the document showed before (e.g. a moment's window).
      const { uri, result } = await docs.load(r.target, r.deployment, {
        component,
        options: defaultOptions(component),
        highlight: null,
      });
      const outcome = explain(r.deployment, uri, result);
      if (outcome.showDocument) await docs.show(uri, { beside: r.args.beside === true });
      else docs.forgetUnshown(uri);
      return { shown: outcome.showDocument, ...(outcome.message ? { message: outcome.message } : {}) };
    } catch (err) {
      showError(log, 'Could not show the server logs', err);
      return { shown: false, message: err instanceof Error ? err.message : String(err) };
    }
  };

  const atTime = async (arg?: unknown): Promise<ShowResult> => {
    try {
      const m = momentOf(arg);
      if (!m)
        throw new Error(
          'Server Logs at This Time needs a deployment and a time (run it from a row of the log panel).',
        );
      const r = await resolve(arg, 'Server Logs at This Time');
      if (!r) return { shown: false };
      const components: DeploymentComponent[] = hasTransformer(r.deployment)
        ? ['predictor', 'transformer']
        : ['predictor'];
      // The predictor's error line carries the traceback; the transformer is read only when the predictor has
      // no line of the request. With neither, the predictor's lines at that moment are shown.
      let fallback: { uri: vscode.Uri; result: ReadResult } | undefined;
      for (const component of components) {
        const loaded = await loadMoment(r.target, r.deployment, component, m);
        fallback ??= loaded;
        const doc = docs.get(loaded.uri);
        if (doc && loaded.result.kind === 'ok' && landing(doc.reader.model, m).found) {
          return await showMoment(loaded.uri, m, r.args.beside === true);
        }
      }
      if (!fallback) return { shown: false };
      if (fallback.result.kind === 'ok') return await showMoment(fallback.uri, m, r.args.beside === true);
      const outcome = explain(r.deployment, fallback.uri, fallback.result);
      if (outcome.showDocument) await docs.show(fallback.uri, { beside: r.args.beside === true });
      else docs.forgetUnshown(fallback.uri);
      return { shown: outcome.showDocument, ...(outcome.message ? { message: outcome.message } : {}) };
    } catch (err) {
      showError(log, 'Could not show the server logs at that time', err);
      return { shown: false, message: err instanceof Error ? err.message : String(err) };
    }
  };

  /** Shows a document read for a moment, the cursor on the request's line (or the moment's), and says which. */
  async function showMoment(uri: vscode.Uri, m: Moment, beside: boolean): Promise<ShowResult> {
    const doc = docs.get(uri);
    const land = doc ? landing(doc.reader.model, m) : { found: false };
    const line = doc && land.index !== undefined ? doc.bodyStart + land.index : undefined;
    await docs.show(uri, { beside, ...(line !== undefined ? { line } : {}) });
    if (land.note) void vscode.window.showInformationMessage(land.note);
    return { shown: true, ...(land.note ? { message: land.note } : {}) };
  }

  /** 5.0+: the archive around the moment, else (or when the archive has nothing there) the live pods. */
  async function loadMoment(
    target: ViewTarget,
    deployment: Deployment,
    component: DeploymentComponent,
    m: Moment,
  ) {
    const highlight = m.inferenceId ? { inferenceId: m.inferenceId, timeMs: m.timeMs } : null;
    // A server without the archive reads the live pods with these options (the reader drops what it cannot use).
    const first = await docs.load(target, deployment, {
      component,
      options: momentOptions(component, m, 'archive'),
      highlight,
    });
    const doc = docs.get(first.uri);
    if (!doc?.reader.hasArchive) return first;
    if (first.result.kind === 'ok' && doc.reader.model.lines.some((l) => l.kind === 'log')) return first;
    return docs.load(target, deployment, {
      component,
      options: momentOptions(component, m, 'live'),
      highlight,
    });
  }

  /** Tells the person why nothing (or only a note) can be shown, with the action that helps. */
  function explain(
    d: Deployment,
    uri: vscode.Uri,
    result: ReadResult,
  ): { showDocument: boolean; message?: string } {
    if (result.kind === 'ok') return { showDocument: true };
    if (result.kind === 'closed') {
      return { showDocument: false, message: 'Not connected to this project any more.' };
    }
    const r = result.refusal;
    const doc = docs.get(uri);
    switch (r.kind) {
      case 'idle':
      case 'starting': {
        // Worth watching: the pods come when a request wakes it or once it has started.
        const action = r.kind === 'idle' ? 'Send Test Request…' : undefined;
        void (
          action
            ? vscode.window.showInformationMessage(r.message, action)
            : vscode.window.showInformationMessage(r.message)
        ).then((choice) => {
          if (choice === 'Send Test Request…')
            void vscode.commands.executeCommand('hopsworks.sendTestRequest', d);
        });
        return { showDocument: true, message: r.message };
      }
      case 'notRunning':
      case 'stopping': {
        const actions = ['Start Deployment', ...(doc?.reader.hasArchive ? ['Read the Log Archive'] : [])];
        void vscode.window.showWarningMessage(r.message, ...actions).then(async (choice) => {
          if (choice === 'Start Deployment')
            await vscode.commands.executeCommand('hopsworks.startDeployment', d);
          if (choice === 'Read the Log Archive') {
            const component = ServerLogDocuments.keyOf(uri)?.component ?? 'predictor';
            await reload(uri, { ...defaultOptions(component), source: 'opensearch' }).catch((err: unknown) =>
              showError(log, `Could not read the log archive of ${d.name}`, err),
            );
          }
        });
        return { showDocument: false, message: r.message };
      }
      default:
        return refused(d, r);
    }
  }

  function refused(d: Deployment, r: LogRefusal): ShowResult & { showDocument: boolean } {
    if (r.kind === 'noTransformer') {
      void vscode.window.showWarningMessage(r.message, 'Show Predictor Logs').then((choice) => {
        if (choice)
          void vscode.commands.executeCommand(SERVER_LOG_COMMANDS.show, {
            deployment: d,
            component: 'predictor',
          });
      });
    } else {
      showError(log, `Server logs of ${d.name}`, new Error(r.message));
    }
    return { shown: false, showDocument: false, message: r.message };
  }

  /** Reads an open document again with other options, and shows it. */
  async function reload(uri: vscode.Uri, options: ServerLogOptions): Promise<void> {
    const key = ServerLogDocuments.keyOf(uri);
    const s = connection.state;
    if (!key || s.kind !== 'connected' || !sameTarget(s.target, key)) {
      throw new Error('Connect to the project of these server logs first.');
    }
    const deployment = await s.project.getDeployment(key.deploymentId);
    if (!deployment) throw new Error(`${key.deployment} no longer exists: it may have been deleted.`);
    const { result } = await docs.load(key, deployment, { component: options.component, options });
    const outcome = explain(deployment, uri, result);
    if (outcome.showDocument) await docs.show(uri);
    else docs.forgetUnshown(uri);
  }

  const activeUri = (arg: unknown): vscode.Uri | undefined => {
    if (arg instanceof vscode.Uri) return arg;
    const uri = vscode.window.activeTextEditor?.document.uri;
    return uri && ServerLogDocuments.keyOf(uri) ? uri : undefined;
  };

  const updateFollowingKey = () => {
    const uri = activeUri(undefined);
    const following = uri ? (docs.get(uri)?.following ?? false) : false;
    void vscode.commands.executeCommand('setContext', FOLLOWING_KEY, following);
  };

  const setFollowing = (on: boolean) => (arg?: unknown) => {
    const uri = activeUri(arg);
    if (!uri) return;
    docs.setFollowing(uri, on);
    updateFollowingKey();
  };

  const options = async (arg?: unknown) => {
    try {
      const uri = activeUri(arg);
      const doc = uri && docs.get(uri);
      if (!uri || !doc) return;
      const o = doc.reader.options;
      const project = connection.project;
      const deployment = project ? await project.getDeployment(doc.key.deploymentId) : undefined;
      type Item = vscode.QuickPickItem & { run: () => Promise<void> };
      const items: Item[] = [
        { label: '$(list-ordered) Lines', description: describeTail(o), run: () => pickTail(uri, o) },
        { label: '$(server) Pod', description: o.pod ?? 'all pods', run: () => pickPod(uri, o) },
      ];
      if (deployment && hasTransformer(deployment)) {
        const other: DeploymentComponent = o.component === 'predictor' ? 'transformer' : 'predictor';
        items.push({
          label: '$(arrow-swap) Component',
          description: `${o.component} (open the ${other}'s logs)`,
          run: async () => {
            await show({ deployment, component: other });
          },
        });
      }
      if (doc.reader.hasArchive) {
        items.push(
          {
            label: '$(database) Source',
            description: SOURCE_LABELS[o.source],
            run: () => pickSource(uri, o),
          },
          { label: '$(calendar) Time range', description: rangeText(o), run: () => pickRange(uri, o) },
        );
      }
      items.push({ label: '$(refresh) Read again', run: () => reload(uri, o) });
      const picked = await vscode.window.showQuickPick(items, {
        title: `Server logs of ${doc.key.deployment} · ${o.component}`,
        placeHolder: 'What to change',
      });
      await picked?.run();
      updateFollowingKey();
    } catch (err) {
      showError(log, 'Could not change the server logs shown', err);
    }
  };

  async function pickTail(uri: vscode.Uri, o: ServerLogOptions): Promise<void> {
    const per = o.source === 'kubernetes' ? ' of each pod' : '';
    const picked = await vscode.window.showQuickPick(
      TAIL_CHOICES.map((n) => ({
        label: n < 0 ? `All lines${per}` : `Last ${n.toLocaleString('en-US')} lines${per}`,
        picked: n === o.tail,
        n,
      })),
      { title: 'Lines to show', placeHolder: 'Hopsworks sends at most 50 KB per pod from its live pods' },
    );
    if (picked) await reload(uri, { ...o, tail: picked.n });
  }

  async function pickPod(uri: vscode.Uri, o: ServerLogOptions): Promise<void> {
    const doc = docs.get(uri);
    const pods = [...new Set([...(doc?.reader.livePods ?? []), ...(doc?.reader.model.pods ?? [])])];
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'All pods', pod: undefined as string | undefined },
        ...pods.map((p): { label: string; pod: string | undefined } => ({ label: p, pod: p })),
      ],
      { title: 'Pod', placeHolder: 'Whose lines to show' },
    );
    if (!picked) return;
    const next = { ...o };
    if (picked.pod === undefined) delete next.pod;
    else next.pod = picked.pod;
    await reload(uri, next);
  }

  async function pickSource(uri: vscode.Uri, o: ServerLogOptions): Promise<void> {
    const picked = await vscode.window.showQuickPick(
      [
        {
          label: SOURCE_LABELS.kubernetes,
          description: 'what the running pods still hold; followed',
          source: 'kubernetes' as const,
        },
        {
          label: SOURCE_LABELS.opensearch,
          description: 'every line the pods printed, also of pods that ended',
          source: 'opensearch' as const,
        },
      ],
      { title: 'Source' },
    );
    if (picked) await reload(uri, { ...o, source: picked.source });
  }

  async function pickRange(uri: vscode.Uri, o: ServerLogOptions): Promise<void> {
    const now = Date.now();
    const picked = await vscode.window.showQuickPick(
      [
        {
          label: 'No range: follow new lines',
          range: undefined as [number | undefined, number | undefined] | undefined,
        },
        {
          label: 'Last 15 minutes',
          range: [now - 15 * 60_000, undefined] as [number | undefined, number | undefined],
        },
        {
          label: 'Last hour',
          range: [now - 3_600_000, undefined] as [number | undefined, number | undefined],
        },
        {
          label: 'Last 24 hours',
          range: [now - 86_400_000, undefined] as [number | undefined, number | undefined],
        },
        { label: 'From… to… (UTC)', range: null },
      ],
      { title: 'Time range (read from the log archive)' },
    );
    if (!picked) return;
    let range = picked.range;
    if (range === null) {
      const typed = await vscode.window.showInputBox({
        title: 'Time range in UTC',
        prompt:
          'From and to, e.g. "2026-01-31 14:00 2026-01-31 14:30" (leave out the second for "until now")',
        value: `${utcTime(now - 3_600_000).slice(0, 16)} ${utcTime(now).slice(0, 16)}`,
        validateInput: (v) =>
          parseRange(v) ? undefined : 'Give one or two times as YYYY-MM-DD HH:MM[:SS], in UTC',
      });
      range = typed === undefined ? undefined : parseRange(typed);
      if (!range) return;
    }
    const next: ServerLogOptions = { ...o, source: 'opensearch' };
    delete next.since;
    delete next.until;
    if (range?.[0] !== undefined) next.since = range[0];
    if (range?.[1] !== undefined) next.until = range[1];
    await reload(uri, next);
  }

  const requestAtCursor = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const line = editor.document.lineAt(editor.selection.active.line).text;
    const id = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(line)?.[0];
    if (!id) {
      void vscode.window.showInformationMessage('This line names no inference id.');
      return;
    }
    await vscode.commands.executeCommand(SERVER_LOG_COMMANDS.showRequest, {
      uri: editor.document.uri.toString(),
      inferenceId: id.toLowerCase(),
    });
  };

  return {
    disposables: [
      docs,
      vscode.commands.registerCommand(SERVER_LOG_COMMANDS.show, show),
      vscode.commands.registerCommand(SERVER_LOG_COMMANDS.atTime, atTime),
      vscode.commands.registerCommand(SERVER_LOG_COMMANDS.follow, setFollowing(true)),
      vscode.commands.registerCommand(SERVER_LOG_COMMANDS.pause, setFollowing(false)),
      vscode.commands.registerCommand(SERVER_LOG_COMMANDS.options, options),
      vscode.commands.registerCommand(SERVER_LOG_COMMANDS.requestAtCursor, requestAtCursor),
      vscode.window.onDidChangeActiveTextEditor(updateFollowingKey),
    ],
    probe: { documents: () => docs.probe() },
  };
}

/** `{ deployment, component?, beside? }` from the log panel or a script (not a tree item: those have a kind). */
function panelArgs(arg: unknown): Partial<ShowServerLogsArgs> {
  if (typeof arg !== 'object' || arg === null || 'kind' in arg) return {};
  const a = arg as Partial<ShowServerLogsArgs>;
  if (typeof a.deployment !== 'object' || a.deployment === null || typeof a.deployment.name !== 'string')
    return {};
  const out: Partial<ShowServerLogsArgs> = { deployment: a.deployment };
  if (a.component === 'predictor' || a.component === 'transformer') out.component = a.component;
  if (a.beside === true) out.beside = true;
  return out;
}

function momentOf(arg: unknown): Moment | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Partial<Moment>;
  if (typeof a.timeMs !== 'number' || !Number.isFinite(a.timeMs)) return undefined;
  return typeof a.inferenceId === 'string' && a.inferenceId !== ''
    ? { timeMs: a.timeMs, inferenceId: a.inferenceId }
    : { timeMs: a.timeMs };
}

function rangeText(o: ServerLogOptions): string {
  if (o.source !== 'opensearch' || (o.since === undefined && o.until === undefined)) return 'none (follow)';
  return `${o.since !== undefined ? utcTime(o.since) : 'start'} – ${o.until !== undefined ? utcTime(o.until) : 'now'} UTC`;
}
