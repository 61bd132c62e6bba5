// The log viewer's host side inside the real extension host: nothing of Kafka/Avro is loaded before a log
// view opens; then the lazily loaded pipeline consumes the running KServe deployment's topic over mutual TLS
// and yields decoded, paired rows.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { connectedApi, eventually, EXTENSION_ID, panelSessions, seededDeployment } from './helpers';

suite('inference logs', () => {
  test('a session for the running KServe deployment receives decoded request/response pairs', async () => {
    const api = await connectedApi();
    const project = api.connection.project!;
    const deployment = await seededDeployment(project, 'irisclassifier');
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;

    const session = await panelSessions(project, deployment)('earliest');
    try {
      await session.start();
      const pair = await eventually('a paired row', () => {
        const rows = session.query({ filter: { kind: 'pair' }, limit: 1 }).rows;
        return Promise.resolve(rows[0]);
      });
      assert.equal(pair.model, 'irisclassifier');
      assert.match(pair.inferenceId, /^[0-9a-f-]{36}$/);
      assert.match(pair.requestText ?? '', /"instances"/);
      assert.match(pair.responseText ?? '', /"predictions"/);
      assert.equal(session.stats().undecodable, 0);
      assert.ok(
        require.cache[path.join(ext.extensionPath, 'dist', 'inferenceLog.js')],
        'the pipeline bundle was not loaded lazily from dist/',
      );
    } finally {
      await session.dispose();
    }
  });
});
