// The import boundaries of docs/architecture.md are enforced by eslint.config.mjs, not only written down.
// Each rule is shown to fire on a snippet linted in memory under a path inside the fenced folder (and to stay
// quiet where the import is allowed), so a config edit that silently drops a rule fails here.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const repo = path.resolve(import.meta.dirname, '../..');

// The project's own config, with only the boundary rule run: the type-aware rules would need a TypeScript
// program for the in-memory file, and they are not what is under test.
const eslint = new ESLint({
  cwd: repo,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
  assert.ok(result, `ESLint returned no result for ${file}`);
  return result.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

const VSCODE_VALUE = "import * as vscode from 'vscode';\nexport const x = vscode.version;\n";
const VSCODE_TYPE = "import type { Uri } from 'vscode';\nexport type X = Uri;\n";

void describe('lint boundaries', () => {
  for (const file of [
    'src/hopsworks/probe.ts',
    'src/deployments/probe.ts',
    'src/inferenceLog/probe.ts',
    'src/protocol/probe.ts',
    'src/serverLogs/probe.ts',
    'src/views/treeModel.ts',
  ]) {
    void it(`refuses vscode in the core file ${file}, as a value and as a type`, async () => {
      for (const code of [VSCODE_VALUE, VSCODE_TYPE]) {
        const errors = await boundaryErrors(file, code);
        assert.equal(errors.length, 1, errors.join('\n'));
        assert.match(
          errors[0] ?? '',
          /^no-restricted-imports: 'vscode' import is restricted.*vscode-free core/,
        );
      }
    });
  }

  void it('lets the VS Code layer import vscode', async () => {
    assert.deepEqual(await boundaryErrors('src/views/treeProvider.ts', VSCODE_VALUE), []);
    assert.deepEqual(await boundaryErrors('src/commands/probe.ts', VSCODE_VALUE), []);
  });

  void it('keeps the sandbox from importing the extension, at any depth', async () => {
    for (const [file, from] of [
      ['sandbox/probe.ts', '../src/hopsworks/types'],
      ['sandbox/rest/probe.ts', '../../src/hopsworks/types'],
      ['sandbox/rest/resources/probe.ts', '../../../src'],
    ] as const) {
      const errors = await boundaryErrors(
        file,
        `import type { Deployment } from '${from}';\nexport type D = Deployment;\n`,
      );
      assert.equal(errors.length, 1, `${file}: ${errors.join('\n')}`);
      assert.match(errors[0] ?? '', /^no-restricted-imports: .*never imports the extension's src/);
    }
  });

  void it('lets the sandbox import its own files and the tests import the sandbox', async () => {
    assert.deepEqual(
      await boundaryErrors('sandbox/rest/probe.ts', "export type { ServingTool } from '../types';\n"),
      [],
    );
    assert.deepEqual(
      await boundaryErrors('test/unit/probe.ts', "export { startSandbox } from '../../sandbox/index';\n"),
      [],
    );
  });
});
