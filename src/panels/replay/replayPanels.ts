// "Replay to…" in VS Code: plan the chosen rows, pick the target (this deployment or another one that
// answers), confirm with the target and the count named, then send — paced, with a progress notification
// whose Cancel stops it — while the comparison panel (one per source → target of a project) fills in. The
// replay sends with the client of the project it was started in and stops, keeping what it has, when the
// connection leaves that project.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../../connection/connectionManager';
import type { ViewTarget } from '../../connection/targetChange';
import { lostReason, relationTo, targetKey } from '../../connection/targetChange';
import type { Deployment } from '../../hopsworks/types';
import { systemClock } from '../../inferenceLog/clock';
import type { LogRow } from '../../inferenceLog/types';
import { planReplay } from '../../replay';
import type { ReplayCounts, ReplayPhase, ReplayStartReply } from '../../protocol/replay';
import { PanelRegistry } from '../shared/panelRegistry';
import { ReplayPanel } from './replayPanel';
import { ReplaySession } from './replaySession';
import { readReplaySettings } from './replaySettings';
import { connectionLostStop } from './replayStops';
import { endpointOf, replayConfirmation, replayTargets, skippedReasons } from './replayTargets';

export interface ReplayDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  connection: ConnectionManager;
}

/** What the log panel needs: start a replay of its rows. */
export interface ReplayLauncher {
  start(target: ViewTarget, source: Deployment, rows: LogRow[], what: string): Promise<ReplayStartReply>;
}

/** What the integration suite may see of a replay (counts only; never payloads). */
export interface ReplayProbe {
  source: string;
  target: string;
  phase: ReplayPhase;
  counts: ReplayCounts;
  stopReason?: string;
}

const NOTHING_SENT = 'Replay cancelled: nothing was sent.';

export class ReplayPanels implements ReplayLauncher, vscode.Disposable {
  private readonly panels = new PanelRegistry<ReplayPanel>();

  constructor(private readonly deps: ReplayDeps) {}

  async start(view: ViewTarget, source: Deployment, rows: LogRow[], what: string): Promise<ReplayStartReply> {
    const { connection, log } = this.deps;
    const project = relationTo(view, connection.state).kind === 'same' ? connection.project : undefined;
    if (!project)
      return {
        started: false,
        message: lostReason(view, connection.state) ?? 'Still connecting to Hopsworks.',
      };

    const plan = planReplay(rows);
    const reasons = skippedReasons(plan.skipped);
    if (plan.items.length === 0)
      return {
        started: false,
        message: `None of ${what} can be replayed: ${reasons.join(' ')}`,
      };

    const all = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Loading deployments…' },
      () => project.listDeployments(),
    );
    const picked = await vscode.window.showQuickPick(replayTargets(source, all), {
      title: `Replay ${plan.items.length} request${plan.items.length === 1 ? '' : 's'} of ${source.name} to…`,
      placeHolder: 'Choose the deployment that answers them again (e.g. the new version)',
      matchOnDescription: true,
    });
    if (!picked) return { started: false, message: NOTHING_SENT };
    const target = picked.deployment;

    const key = `${targetKey(view)}/${source.name}→${target.name}`;
    const open = this.panels.get(key);
    if (open?.session.running) {
      open.reveal();
      return {
        started: false,
        message: `A replay from ${source.name} to ${target.name} is still running: cancel it or let it finish first.`,
      };
    }

    const settings = readReplaySettings();
    const confirmation = replayConfirmation({
      source,
      target,
      count: plan.items.length,
      ratePerSecond: settings.requestsPerSecond,
      skipped: plan.skipped.length,
      skippedReasons: reasons,
    });
    const answer = await vscode.window.showWarningMessage(
      confirmation.message,
      { modal: true, detail: confirmation.detail },
      confirmation.button,
    );
    if (answer !== confirmation.button) return { started: false, message: NOTHING_SENT };
    // The dialog may have been open a while: send only with the client of the project it was asked for.
    if (relationTo(view, connection.state).kind !== 'same' || connection.project !== project)
      return {
        started: false,
        message: `${lostReason(view, connection.state) ?? 'The connection changed during the confirmation.'} Nothing was sent.`,
      };

    const session = new ReplaySession({
      info: {
        source: endpointOf(source),
        target: endpointOf(target),
        planned: plan.items.length,
        skipped: plan.skipped.length,
        skippedReasons: reasons,
        ratePerSecond: settings.requestsPerSecond,
        tolerance: settings.tolerance,
        startedAtMs: Date.now(),
      },
      items: plan.items,
      clock: systemClock,
      send: (body, signal) => project.predict(target.name, body, signal),
    });
    log.info(
      `Replay: sending ${plan.items.length} logged requests of ${source.name} to ${target.name} at ${settings.requestsPerSecond}/s.`,
    );
    const watch = connection.onDidChange((s) => {
      const lost = lostReason(view, s);
      if (lost !== undefined) session.halt(connectionLostStop(lost));
    });
    void session.whenDone().finally(() => {
      watch.dispose();
    });

    open?.dispose();
    this.panels.revealOrCreate(
      key,
      (p) => p.reveal(),
      (slot) => new ReplayPanel(this.deps.extensionUri, log, session, slot),
    );
    void this.showProgress(session);
    return {
      started: true,
      message: `Replaying ${plan.items.length} request${plan.items.length === 1 ? '' : 's'} to ${target.name}: the comparison fills in as the answers arrive.`,
    };
  }

  probe(): ReplayProbe[] {
    return this.panels.entries().map(([, p]) => {
      const s = p.session.status();
      const probe: ReplayProbe = {
        source: p.session.info.source.deployment,
        target: p.session.info.target.deployment,
        phase: s.phase,
        counts: s.counts,
      };
      if (s.stopReason !== undefined) probe.stopReason = s.stopReason;
      return probe;
    });
  }

  dispose(): void {
    this.panels.dispose();
  }

  /** The notification with Cancel, then one line on how it ended. */
  private async showProgress(session: ReplaySession): Promise<void> {
    const { log } = this.deps;
    const target = session.info.target.deployment;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Replaying to ${target}`, cancellable: true },
      async (progress, token) => {
        const cancel = token.onCancellationRequested(() => session.cancel());
        let shown = 0;
        const report = () => {
          const c = session.status().counts;
          const increment = ((c.answered - shown) / Math.max(1, c.planned)) * 100;
          shown = c.answered;
          progress.report({
            increment,
            message: `${c.answered} of ${c.planned} answered · ${c.different} different · ${errorsText(c.errors)}`,
          });
        };
        const unsubscribe = session.onChange(report);
        try {
          await session.whenDone();
        } finally {
          unsubscribe();
          cancel.dispose();
        }
      },
    );
    const s = session.status();
    const c = s.counts;
    const share =
      s.shareDifferent === null ? '' : ` (${(s.shareDifferent * 100).toFixed(1)} % of those compared)`;
    if (s.phase === 'stopped') {
      const text = `Replay to ${target} stopped after ${c.answered} of ${c.planned} requests: ${s.stopReason ?? ''} ${s.stopAction ?? ''}`;
      log.warn(text);
      void vscode.window.showWarningMessage(text);
    } else if (s.phase === 'cancelled') {
      const text = `Replay to ${target} cancelled after ${c.sent} of ${c.planned} requests; the answers received are in the comparison.`;
      log.info(text);
      void vscode.window.showInformationMessage(text);
    } else {
      const text = `Replay to ${target} finished: ${c.different} of ${c.answered} predictions changed${share}, ${errorsText(c.errors)}.`;
      log.info(text);
      void vscode.window.showInformationMessage(text);
    }
  }
}

function errorsText(n: number): string {
  return `${n} error${n === 1 ? '' : 's'}`;
}
