// "Replay Inference Requests…": replays the newest requests a log panel holds, from the palette, a tree item
// or a script. The log panel's own "Replay to…" button does the same for the rows selected in it; both end
// in the same flow (target pick, confirmation, paced run, comparison: src/panels/replay/replayPanels.ts).
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import type { ReplayStartReply } from '../protocol/replay';
import { MAX_REPLAY_ROWS } from '../protocol/replay';
import type { LogViewerPanels } from '../panels/logViewer/logViewerPanels';
import { showError } from './notify';
import { requireProject } from './pickers';
import { countProblem, replayArgsOf } from './replayArgs';

export const REPLAY_COMMAND = 'hopsworks.replayInferenceRequests';

export function registerReplayCommands(
  connection: ConnectionManager,
  logPanels: LogViewerPanels,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const replay = async (arg?: unknown): Promise<ReplayStartReply | undefined> => {
    try {
      const args = replayArgsOf(arg);
      if (!(await requireProject(connection))) return undefined;
      const s = connection.state;
      if (s.kind !== 'connected') return undefined;
      const open = logPanels.panelsOf(s.target);
      let chosen = args.deployment ? open.find((p) => p.deployment === args.deployment) : undefined;
      if (!chosen) {
        if (args.deployment || open.length === 0) {
          void vscode.window.showInformationMessage(
            `Open the inference logs of ${args.deployment ?? 'a deployment'} first: a replay sends again the requests its log panel holds.`,
          );
          return undefined;
        }
        chosen =
          open.length === 1
            ? open[0]
            : (
                await vscode.window.showQuickPick(
                  open.map((p) => ({ label: p.deployment, description: `${p.rows} rows held`, p })),
                  { title: 'Replay Inference Requests', placeHolder: 'Whose logged requests?' },
                )
              )?.p;
        if (!chosen) return undefined;
      }
      const held = chosen.rows;
      if (held === 0) {
        void vscode.window.showInformationMessage(
          `The log panel of ${chosen.deployment} holds no rows yet: wait for requests, or restart it from the earliest offset.`,
        );
        return undefined;
      }
      let newest = args.newest;
      if (newest === undefined) {
        const typed = await vscode.window.showInputBox({
          title: `Replay requests of ${chosen.deployment}`,
          prompt: `How many of the newest logged requests (at most ${Math.min(MAX_REPLAY_ROWS, held)})?`,
          value: String(Math.min(100, held)),
          validateInput: (t) => countProblem(t, held),
        });
        if (typed === undefined) return undefined;
        newest = Number(typed.trim());
      }
      const reply = await chosen.panel.replay({ filter: {}, newest });
      if (!reply.started) void vscode.window.showInformationMessage(reply.message);
      return reply;
    } catch (err) {
      showError(log, 'Could not replay the requests', err);
      return undefined;
    }
  };
  return [vscode.commands.registerCommand(REPLAY_COMMAND, replay)];
}
