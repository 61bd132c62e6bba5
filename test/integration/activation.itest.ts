// The extension under development is what VS Code loads, and it activates without error.
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
});
