// "Open Full Payload" inside the real extension host: the host side of the log panel's button (the same two
// functions the panel calls: openRowPayload picks the row's body, openPayloadDocument writes it into an
// untitled editor) opens an untitled JSON document holding the whole body, for a row read from the sandbox's
// broker and for a body of several megabytes, written in slices.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PAYLOAD_SLICE_CHARS } from '../../src/inferenceLog/fullPayload';
import { PRETTY_MAX_CHARS } from '../../src/inferenceLog/prettyPrefix';
import { openRowPayload } from '../../src/panels/logViewer/fullPayloadRequests';
import { openPayloadDocument } from '../../src/panels/logViewer/payloadDocument';
import { connectedApi, eventually, extensionApi, panelSessions, seededDeployment } from './helpers';

function untitled(name: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.isUntitled && d.uri.path.endsWith(name));
}

suite('open full payload', () => {
  const opened: vscode.TextDocument[] = [];
  teardown(async () => {
    // The untitled editors this suite opened are unsaved: revert and close them so the window closes cleanly.
    for (const doc of opened.splice(0)) {
      if (doc.isClosed) continue;
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('a logged request opens whole in an untitled JSON document', async () => {
    const api = await connectedApi();
    const project = api.connection.project!;
    const deployment = await seededDeployment(project, 'irisclassifier');
    const session = await panelSessions(project, deployment)('earliest');
    try {
      await session.start();
      const row = await eventually('a paired row', () =>
        Promise.resolve(session.query({ filter: { kind: 'pair' }, limit: 1 }).rows[0]),
      );
      const result = await openRowPayload(row, 'request', deployment.name, async (payload, name) => {
        opened.push(await openPayloadDocument(payload, name));
      });
      assert.equal(result.opened, true);
      const name = `irisclassifier-request-p${row.kafka.partition}-${row.kafka.offset}.json`;
      const doc = untitled(name);
      assert.ok(
        doc,
        `an untitled ${name} among ${vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', ')}`,
      );
      assert.equal(doc.languageId, 'json');
      assert.equal(vscode.window.activeTextEditor?.document, doc, 'the editor is shown');
      // Indented as the detail pane shows it, the same JSON as logged.
      assert.deepEqual(JSON.parse(doc.getText()), JSON.parse(row.requestText ?? ''));
      assert.equal(result.chars, row.requestText?.length);
    } finally {
      await session.dispose();
    }
  });

  test('a body of several megabytes goes in whole, in slices', async () => {
    await extensionApi();
    const instances = Array.from({ length: 150_000 }, (_, i) => [i, 3.5, 1.4, 0.2]);
    const text = JSON.stringify({ instances });
    assert.ok(text.length > 2 * PAYLOAD_SLICE_CHARS && text.length > PRETTY_MAX_CHARS);
    const doc = await openPayloadDocument({ format: 'v1', text, chars: text.length }, 'bigbody-request-p0-7');
    opened.push(doc);
    assert.ok(doc.isUntitled);
    assert.equal(doc.languageId, 'json');
    // Too big to indent: exactly as logged.
    assert.equal(doc.getText().length, text.length);
    assert.equal(doc.getText(), text);
    assert.equal(untitled('bigbody-request-p0-7.json'), doc);
  });
});
