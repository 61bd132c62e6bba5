// The integration suite's entry: VS Code loads this module inside its extension host and calls run()
// (the extensionTestsPath contract of @vscode/test-electron, also honoured by the VS Code server).
//
// HOW TO ADD A TEST
// - Add a file test/integration/<topic>.itest.ts (NOT *.test.ts: those are run by Node's test runner).
//   Use mocha's TDD interface (`suite`, `test`, `suiteSetup`, ... are globals) with node:assert/strict, and
//   drive the extension only through the `vscode` API (commands, views, the value activate() returns):
//   the suite is a separate bundle from dist/extension.js, so module state is not shared.
// - scripts/vscode/build-suite.mjs bundles every *.itest.ts under test/integration (sorted by path) into
//   out/test/integration/suite.js, with `vscode` and native modules left external.
// - Run: `npm run test:integration` (needs `node esbuild.js` first; `npm test` does that).
//   One test: `npm run test:integration -- --grep "<part of the title>"`.
// - The runner starts the sandbox on ephemeral ports and the extension host's environment carries its
//   connection: HOPSWORKS_HOST, HOPSWORKS_PORT, HOPSWORKS_PROJECT, HOPSWORKS_API_KEY, HOPSWORKS_CA_FILE and
//   HOPSWORKS_SANDBOX (JSON: also projectId, keys for error paths, Kafka bootstraps and the broker's
//   control URL for POST /outage and /restore). The settings hopsworks.host/port/project/tls.caFile are
//   pre-filled with the same values, so the extension connects on activation.
// - Skipped or `.only` tests fail the run: every test either passes or fails.
import Mocha from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';

/** Set by the runners: where to write {"passed","failed"}, which they report instead of mocha's text. */
const resultFile = process.env.HOPSWORKS_ITEST_RESULT_FILE;

// The VS Code server's workbench forwards console calls unformatted and mixed with its own log; when the
// runner asks, format here and tag each reporter line so it can show them apart.
const tag = process.env.HOPSWORKS_ITEST_OUTPUT_TAG;
if (tag) {
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => {
    const text = data.length ? format(...data) : '';
    console.log(
      text
        .split('\n')
        .map((line) => tag + line)
        .join('\n'),
    );
  };
}

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
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        const failed = Math.max(failures, runner.stats?.failures ?? 0);
        if (resultFile) fs.writeFileSync(resultFile, JSON.stringify({ passed, failed }));
        if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
        else if (passed === 0) reject(new Error('no integration test ran (check --grep)'));
        else resolve();
      });
    } catch (err) {
      // A test file that throws while loading stops mocha before any test; show why, not only "no results".
      Mocha.reporters.Base.consoleLog(
        `could not load the integration tests: ${err instanceof Error ? err.stack : String(err)}`,
      );
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
