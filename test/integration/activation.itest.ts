// The extension under development is what VS Code loads, it activates without error, and activating loads
// none of the Kafka/Avro code.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'hopsworks-community.hopsworks-vscode';
// The suite is bundled to <repo>/out/test/integration/suite.js.
const repoRoot = path.resolve(__dirname, '..', '..', '..');

suite('activation', () => {
  test('the extension is installed from the repository folder and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among VS Code's extensions`);
    assert.equal(extension.extensionUri.fsPath, repoRoot, 'VS Code loaded another copy of the extension');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  // Here, in the first file the suite runs, because any later file may open a log panel (which loads it).
  test('activation did not load the Kafka/Avro bundle', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const bundle = path.join(extension.extensionPath, 'dist', 'inferenceLog.js');
    assert.equal(
      require.cache[bundle],
      undefined,
      'dist/inferenceLog.js was loaded before any log view opened',
    );
  });
});
