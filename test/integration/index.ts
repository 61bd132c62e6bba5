// The integration suite's entry: VS Code loads this module inside its extension host and calls run()
// (the extensionTestsPath contract of @vscode/test-electron, also honoured by the VS Code server).
//
// HOW TO ADD A TEST
// - Add a file test/integration/<topic>.itest.ts (NOT *.test.ts: those are run by Node's test runner).
//   Use mocha's TDD interface (`suite`, `test`, `suiteSetup`, ... are globals) with node:assert/strict, and
//   drive the extension only through the `vscode` API (commands, views, the value activate() returns):
//   the suite is a separate bundle from dist/extension.js, so module state is not shared.
// - scripts/vscode/run-integration.mjs bundles every *.itest.ts under test/integration (sorted by path) into
//   out/test/integration/suite.js, with `vscode` and native modules left external.
// - Run: `npm run test:integration` (needs `node esbuild.js` first; `npm test` does that).
//   One test: `npm run test:integration -- --grep "<part of the title>"`.
// - The extension host's environment carries the sandbox connection when the runner started one:
//   HOPSWORKS_HOST, HOPSWORKS_PORT, HOPSWORKS_PROJECT, HOPSWORKS_API_KEY, HOPSWORKS_CA_FILE and
//   HOPSWORKS_SANDBOX (JSON with every detail the runner's sandbox printed); see sandboxEnv.ts.
// - Skipped or `.only` tests fail the run: every test either passes or fails.
import Mocha from 'mocha';
import * as path from 'node:path';
import { format } from 'node:util';

/** The runner parses this line (not mocha's human output) for the pass/fail counts. */
export const RESULT_PREFIX = '[hopsworks-itest-result] ';
/** Marks the reporter's lines so the runner can show them apart from the workbench's own log noise. */
export const OUTPUT_PREFIX = '[hopsworks-itest] ';

// The workbench forwards console calls unformatted, so format here and tag every line.
Mocha.reporters.Base.consoleLog = (...data: unknown[]) => {
  const text = data.length ? format(...data) : '';
  console.log(
    text
      .split('\n')
      .map((line) => OUTPUT_PREFIX + line)
      .join('\n'),
  );
};

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    // Activation and talking to the sandbox take seconds on a 2-core machine; a hang still fails.
    timeout: 60_000,
    forbidOnly: true,
    forbidPending: true,
    grep: process.env.HOPSWORKS_ITEST_GREP || undefined,
  });
  mocha.addFile(path.join(__dirname, 'suite.js'));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      const passed = stats?.passes ?? 0;
      const failed = Math.max(failures, stats?.failures ?? 0);
      console.log(`${RESULT_PREFIX}${JSON.stringify({ passed, failed })}`);
      if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
      else if (passed === 0) reject(new Error('no integration test ran (check --grep)'));
      else resolve();
    });
  });
}
