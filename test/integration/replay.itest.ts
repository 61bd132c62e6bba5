// "Replay to…" in the real extension host against the sandbox: the log panel of irisclassifier (v3) fills
// with live traffic; its newest requests are replayed to irisnolog (irisclassifier v2) after the person
// picks the target and confirms a dialog naming it and the count; the comparison opens and the person
// reads how many predictions changed. Declining the confirmation sends nothing; replaying to the same
// version changes nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HopsworksExtensionApi } from '../../src/extension';
import type { ReplayProbe } from '../../src/panels/replay/replayPanels';
import type { ReplayStartReply } from '../../src/protocol/replay';
import { connectedApi, eventually, seededDeployment } from './helpers';

const SOURCE = 'irisclassifier';
const N = 10;

interface Asked {
  picks: { title?: string; items: { label: string; description?: string }[] }[];
  warnings: { message: string; detail?: string; buttons: string[] }[];
  infos: string[];
}

/**
 * Runs `action` while the extension's quick picks choose `target` and its modal confirmations are answered
 * by `confirm` (given the buttons; undefined = dismissed). The extension and this suite share one `vscode`
 * API object, so these are the dialogs the extension really shows. Information messages are recorded
 * until `restore()`.
 */
function answering(target: string, confirm: (buttons: string[]) => string | undefined) {
  const asked: Asked = { picks: [], warnings: [], infos: [] };
  const w = vscode.window as unknown as Record<string, unknown>;
  const original = {
    showQuickPick: w.showQuickPick,
    showWarningMessage: w.showWarningMessage,
    showInformationMessage: w.showInformationMessage,
  };
  w.showQuickPick = (items: { label: string; description?: string }[], options?: { title?: string }) => {
    asked.picks.push({ title: options?.title, items });
    return Promise.resolve(items.find((i) => i.label === target));
  };
  w.showWarningMessage = (message: string, ...rest: unknown[]) => {
    const options =
      typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { detail?: string }) : undefined;
    const buttons = rest.filter((r): r is string => typeof r === 'string');
    asked.warnings.push({ message, detail: options?.detail, buttons });
    return Promise.resolve(confirm(buttons));
  };
  w.showInformationMessage = (message: string) => {
    asked.infos.push(message);
    return Promise.resolve(undefined);
  };
  return {
    asked,
    restore: () => Object.assign(w, original),
  };
}

function run(api: HopsworksExtensionApi, target: string): ReplayProbe | undefined {
  return api.replays.runs().find((r) => r.source === SOURCE && r.target === target);
}

suite('replay to another deployment', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('replays the newest logged requests of irisclassifier to irisnolog and tells how many predictions changed', async function () {
    // Waits for live traffic to fill the panel (2 events/s) and for a paced run: more than the default.
    this.timeout(240_000);
    const api = await connectedApi();
    const deployment = await seededDeployment(api.connection.project!, SOURCE);
    await vscode.commands.executeCommand('hopsworks.openInferenceLogs', { kind: 'deployment', deployment });
    await eventually(
      `${N} rows in the log panel of ${SOURCE}`,
      () => Promise.resolve(api.logs.panels().find((p) => p.deployment === SOURCE && p.rows >= N + 2)),
      180_000,
    );

    // Declined: nothing is sent, no comparison opens.
    const declined = answering('irisnolog', () => undefined);
    let reply: ReplayStartReply | undefined;
    try {
      reply = await vscode.commands.executeCommand<ReplayStartReply>('hopsworks.replayInferenceRequests', {
        deployment: SOURCE,
        newest: N,
      });
    } finally {
      declined.restore();
    }
    assert.deepEqual(reply, { started: false, message: 'Replay cancelled: nothing was sent.' });
    assert.equal(run(api, 'irisnolog'), undefined);
    assert.equal(declined.asked.warnings.length, 1);

    const confirmed = answering('irisnolog', (buttons) => buttons[0]);
    try {
      reply = await vscode.commands.executeCommand<ReplayStartReply>('hopsworks.replayInferenceRequests', {
        deployment: SOURCE,
        newest: N,
      });
      assert.equal(reply?.started, true, reply?.message);

      // The target pick: this deployment first, then those that answer; a stopped one is not offered.
      const [pick] = confirmed.asked.picks;
      assert.ok(pick);
      assert.equal(pick.title, `Replay ${N} requests of ${SOURCE} to…`);
      assert.equal(pick.items[0]?.label, SOURCE);
      assert.equal(pick.items[0]?.description, 'this deployment · irisclassifier v3');
      const labels = pick.items.map((i) => i.label);
      assert.ok(labels.includes('irisnolog'), labels.join(', '));
      assert.ok(!labels.includes('churnpredictor'), 'a stopped deployment is not offered');

      // The confirmation names the target and the count before anything is sent.
      const [confirm] = confirmed.asked.warnings;
      assert.ok(confirm);
      assert.equal(
        confirm.message,
        `Send ${N} requests logged by ${SOURCE} to irisnolog (irisclassifier v2)?`,
      );
      assert.deepEqual(confirm.buttons, [`Send ${N} requests`]);

      const done = await eventually(
        'the replay to finish',
        () => Promise.resolve(run(api, 'irisnolog')?.phase === 'done' ? run(api, 'irisnolog') : undefined),
        60_000,
      );
      const c = done.counts;
      assert.equal(c.planned, N);
      assert.equal(c.sent, N, 'exactly the confirmed count was sent');
      assert.equal(c.answered, N);
      assert.equal(c.equal + c.different + c.errors + c.noLoggedPrediction, N);

      // What the person reads when it ends.
      const finished = await eventually('the closing message', () =>
        Promise.resolve(confirmed.asked.infos.find((m) => m.startsWith('Replay to irisnolog finished: '))),
      );
      assert.match(
        finished,
        new RegExp(`^Replay to irisnolog finished: ${c.different} of ${N} predictions changed`),
      );
    } finally {
      confirmed.restore();
    }
  });

  test('replaying to the same version changes no prediction', async function () {
    this.timeout(180_000);
    const api = await connectedApi();
    const same = answering(SOURCE, (buttons) => buttons[0]);
    try {
      const reply = await vscode.commands.executeCommand<ReplayStartReply>(
        'hopsworks.replayInferenceRequests',
        {
          deployment: SOURCE,
          newest: N,
        },
      );
      assert.equal(reply?.started, true, reply?.message);
      const done = await eventually(
        'the replay to finish',
        () => Promise.resolve(run(api, SOURCE)?.phase === 'done' ? run(api, SOURCE) : undefined),
        60_000,
      );
      assert.equal(done.counts.sent, N);
      assert.equal(done.counts.different, 0);
    } finally {
      same.restore();
    }
  });
});
