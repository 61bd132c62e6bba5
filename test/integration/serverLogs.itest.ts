// "Show Server Logs" and the one timeline between the log panel and the server logs, in a real VS Code against
// the sandbox (its traffic calls irisclassifier twice a second, one call in twelve failing): the document opens
// in the Log language and follows while shown (new lines appear; polling stops when it is closed and on
// Disconnect); "Server Logs at This Time" for a failed row lands on the line with its inference id, its
// traceback highlighted; a link on an inference id selects that row in the open log panel.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HopsworksExtensionApi } from '../../src/extension';
import type { Deployment } from '../../src/hopsworks/types';
import type { ServerLogDocumentProbe } from '../../src/panels/serverLogs/serverLogDocuments';
import {
  closeEditorsAndReconnect,
  connectedApi,
  eventually,
  panelSessions,
  seededDeployment,
} from './helpers';

const DEPLOYMENT = 'irisclassifier';

async function connected(): Promise<{ api: HopsworksExtensionApi; deployment: Deployment }> {
  const api = await connectedApi();
  const deployment = await seededDeployment(api.connection.project!, DEPLOYMENT);
  return { api, deployment };
}

function docOf(api: HopsworksExtensionApi): ServerLogDocumentProbe | undefined {
  return api.serverLogs.documents().find((d) => d.deployment === DEPLOYMENT && d.component === 'predictor');
}

function serverLogEditor(): vscode.TextEditor | undefined {
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'hopsworks-logs');
}

suite('server logs', () => {
  suiteTeardown(closeEditorsAndReconnect);

  test('Show Server Logs opens a Log document that follows while shown, and stops when closed and on Disconnect', async () => {
    const { api, deployment } = await connected();
    const result = await vscode.commands.executeCommand('hopsworks.showServerLogs', {
      kind: 'deployment',
      deployment,
    });
    assert.deepEqual(result, { shown: true });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.scheme === 'hopsworks-logs', 'the server-log document is active');
    const doc = editor.document;
    assert.equal(doc.languageId, 'log');
    assert.equal(path.basename(doc.uri.path), 'irisclassifier-predictor.log');
    assert.match(doc.lineAt(0).text, /^# Server logs of irisclassifier · predictor · project \S+ on /);
    assert.match(doc.lineAt(1).text, /following: new lines every 2 s while this editor is shown$/);
    const podLine = /^\[\d{5}-[a-z0-9]+-[a-z0-9]+\] \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} /;
    assert.ok(
      Array.from({ length: doc.lineCount }, (_, i) => doc.lineAt(i).text).some((l) => podLine.test(l)),
      'lines carry their pod',
    );

    // New lines arrive while it is shown.
    const before = doc.lineCount;
    const lastBefore = doc.lineAt(before - 1).text;
    await eventually('new lines in the document', () =>
      Promise.resolve(doc.lineCount > before + 2 ? true : undefined),
    );
    const added = Array.from({ length: doc.lineCount - before }, (_, i) => doc.lineAt(before + i).text);
    assert.ok(
      added.some((l) => / kserve\.trace requestId: /.test(l)),
      added.join('\n'),
    );
    assert.ok(!added.includes(lastBefore) || lastBefore === '', 'the last line is not repeated');
    const probe = docOf(api);
    assert.ok(probe?.following && probe.polling, JSON.stringify(probe));

    // Disconnect: no more polling (the old client is disposed; a pending read ends quietly), the header says so.
    await vscode.commands.executeCommand('hopsworks.disconnect');
    await eventually('polling to stop on Disconnect', () =>
      Promise.resolve(docOf(api)?.polling === false ? true : undefined),
    );
    await eventually('the header to say it is not connected', () =>
      Promise.resolve(/not connected: following goes on once/.test(doc.lineAt(1).text) ? true : undefined),
    );
    assert.equal(docOf(api)?.refusal, undefined, 'a Disconnect is not a refusal');
    const { api: again } = await connected();
    await eventually('polling to resume once connected', () =>
      Promise.resolve(docOf(again)?.polling ? true : undefined),
    );

    // Closed: polling ends with the editor.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await eventually('polling to stop once the document is closed', () =>
      Promise.resolve(docOf(api)?.polling !== true ? true : undefined),
    );
  });

  test('Server Logs at This Time from a failed row lands on its error line, its traceback highlighted', async () => {
    const { api, deployment } = await connected();
    // A failed row as the log panel has it: the pipeline reading the topic, a short no-response timeout.
    const session = await panelSessions(api.connection.project!, deployment, 1_000)('latest');
    let failed;
    try {
      await session.start();
      failed = await eventually(
        'a call without a response',
        () => Promise.resolve(session.query({ filter: { errorsOnly: true }, limit: 1 }).rows[0]),
        60_000,
      );
    } finally {
      await session.dispose();
    }
    assert.equal(failed.outcome, 'no-response');
    const result = await vscode.commands.executeCommand('hopsworks.showServerLogsAtTime', {
      deployment,
      timeMs: failed.timeMs,
      inferenceId: failed.inferenceId,
    });
    assert.deepEqual(result, { shown: true });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.scheme === 'hopsworks-logs');
    const at = editor.selection.active.line;
    const line = editor.document.lineAt(at).text;
    assert.match(line, new RegExp(` kserve ERROR .*requestId: ${failed.inferenceId}$`));
    assert.match(editor.document.lineAt(at + 1).text, /\] Traceback \(most recent call last\):$/);
    // The editor reports what it shows a moment after it scrolled there.
    await eventually('the line in view', () =>
      Promise.resolve(
        editor.visibleRanges.some((r) => r.contains(new vscode.Position(at, 0))) ? true : undefined,
      ),
    );
    const probe = docOf(api)!;
    const highlighted = new Set(probe.highlighted);
    assert.ok(highlighted.has(at) && highlighted.has(at + 1), `highlighted: ${probe.highlighted.join(',')}`);
    const end = Math.max(...probe.highlighted.filter((n) => n >= at && n < at + 40));
    assert.match(editor.document.lineAt(end).text, /ValueError: could not convert string to float: 'n\/a'$/);
    assert.ok(
      Array.from({ length: 6 }, (_, i) => editor.document.lineAt(i).text).some((l) =>
        l.startsWith(`# Request ${failed.inferenceId} at `),
      ),
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a link on an inference id selects its row in the open log panel', async () => {
    const { api, deployment } = await connected();
    await vscode.commands.executeCommand('hopsworks.openInferenceLogs', { kind: 'deployment', deployment });
    await eventually('the panel to read rows', () => {
      const p = api.logs.panels().find((x) => x.deployment === DEPLOYMENT);
      return Promise.resolve(p && p.state.state === 'live' && p.rows >= 1 ? p : undefined);
    });
    // Beside the panel, as its "Server logs" button opens them.
    assert.deepEqual(
      await vscode.commands.executeCommand('hopsworks.showServerLogs', { deployment, beside: true }),
      {
        shown: true,
      },
    );
    const selected = await eventually(
      'a link whose request the panel selects',
      async () => {
        const editor = serverLogEditor();
        if (!editor) return undefined;
        const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
          'vscode.executeLinkProvider',
          editor.document.uri,
        );
        const link = links[links.length - 1];
        if (!link?.target) return undefined;
        assert.equal(link.target.scheme, 'command');
        assert.equal(link.target.path, 'hopsworks.showRequestInLogPanel');
        const [args] = JSON.parse(link.target.query) as [{ uri: string; inferenceId: string }];
        assert.equal(editor.document.getText(link.range), args.inferenceId);
        const outcome = await vscode.commands.executeCommand<string>(link.target.path, args);
        return outcome === 'selected' ? args.inferenceId : undefined;
      },
      60_000,
    );
    await eventually('the panel to show the row in its detail pane', () => {
      const p = api.logs.panels().find((x) => x.deployment === DEPLOYMENT);
      return Promise.resolve(p?.shownRequest === selected ? true : undefined);
    });
  });
});
