// The same integration suite in desktop VS Code (Electron) through @vscode/test-electron, for machines that
// can download VS Code from Microsoft (a developer laptop, public CI). Machines limited to the npm registry
// cannot: there this fails at the download, says so, and exits non-zero (use `npm run test:integration`).
//
//   node scripts/vscode/run-electron.mjs [--grep <text>] [--no-sandbox] [--vscode-version <stable|1.x.y>]
//
// On Linux without a display, run it under `xvfb-run -a`. Ends with "N passed, N failed".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildSuite, readSuiteResult } from './build-suite.mjs';
import { onSignals, stopAll } from './children.mjs';
import { sandboxEnv, sandboxSettings, startTestSandbox } from './spawn-sandbox.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    'no-sandbox': { type: 'boolean', default: false },
    'vscode-version': { type: 'string', default: process.env.HOPSWORKS_VSCODE_VERSION || 'stable' },
  },
});

let tmp;
let counts;
let exiting = false;
function finish(code, message) {
  if (exiting) return;
  exiting = true;
  if (message) console.error(`\n[electron] ${message}`);
  void stopAll().finally(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    console.log(`\n${counts?.passed ?? 0} passed, ${counts?.failed ?? 0} failed`);
    process.exit(code);
  });
}
onSignals((signal, code) => finish(code, `${signal}: stopping`));

async function main() {
  const mainFile = path.join(repo, JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).main);
  if (!fs.existsSync(mainFile)) {
    throw new Error(`${path.relative(repo, mainFile)} does not exist: run \`node esbuild.js\` first`);
  }
  const suite = await buildSuite(repo);
  console.log(`[electron] bundled ${suite.files.length} test file(s): ${suite.files.join(', ')}`);

  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({
      version: opts['vscode-version'],
      cachePath: path.join(repo, '.vscode-test'),
      timeout: 20_000,
    });
  } catch (err) {
    throw new Error(
      `could not download VS Code ${opts['vscode-version']} from Microsoft's update server ` +
        `(${err instanceof Error ? err.message : String(err)}).\n` +
        'This machine cannot reach it; run the same suite in the VS Code server instead: npm run test:integration',
    );
  }

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hopsworks-electron-'));
  const workspace = path.join(tmp, 'workspace');
  const userDir = path.join(tmp, 'user');
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
  const resultFile = path.join(tmp, 'result.json');
  const env = { HOPSWORKS_ITEST_RESULT_FILE: resultFile };
  if (opts.grep) env.HOPSWORKS_ITEST_GREP = opts.grep;
  if (!opts['no-sandbox']) {
    const info = await startTestSandbox({ repo, log: () => {} });
    Object.assign(env, sandboxEnv(info));
    fs.writeFileSync(
      path.join(userDir, 'User', 'settings.json'),
      JSON.stringify(sandboxSettings(info), null, 2),
    );
  }

  let code = 0;
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repo,
      extensionTestsPath: suite.index,
      extensionTestsEnv: env,
      launchArgs: [
        workspace,
        '--user-data-dir',
        userDir,
        '--extensions-dir',
        path.join(tmp, 'extensions'),
        '--disable-workspace-trust',
        '--disable-telemetry',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } catch (err) {
    code = 1;
    console.error(`[electron] ${err instanceof Error ? err.message : String(err)}`);
  }
  counts = readSuiteResult(resultFile);
  if (!counts) return finish(1, 'VS Code exited but the suite reported no results (did it start?)');
  const ok = code === 0 && counts.failed === 0 && counts.passed > 0;
  return finish(ok ? 0 : 1);
}

main().catch((err) => finish(1, err instanceof Error ? err.message : String(err)));
