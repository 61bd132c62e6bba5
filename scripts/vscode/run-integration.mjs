// Runs the mocha integration suite (test/integration/**/*.itest.ts) inside a real VS Code: the VS Code
// server bundled in code-server, opened in headless Chromium. See test-infra.md §2 for why not Electron.
//
//   node scripts/vscode/run-integration.mjs [--grep <text>] [--files a,b] [--no-sandbox] [--timeout <seconds>] [--verbose] [--keep]
//
// --files: only test/integration/<a>.itest.ts, <b>.itest.ts (the version matrix in scripts/test.mjs uses it).
// The sandbox stands for the Hopsworks version in HOPSWORKS_PROFILE (default the newest).
//
// Expects `node esbuild.js` to have built dist/; bundles the suite itself into out/test/integration/.
// Starts the Hopsworks sandbox on ephemeral ports (unless --no-sandbox) and hands its connection to the
// extension host as HOPSWORKS_* variables and as machine settings (hopsworks.host/port/project/tls.caFile).
// Prints the suite's output, then a last line "N passed, N failed"; exits 0 only if tests ran and all
// passed. Anything that stops VS Code from running the suite is a failure, never a pass or a skip.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium-flags.mjs';
import { buildSuite, readSuiteResult } from './build-suite.mjs';
import { onCleanup, onSignals, stopAll } from './children.mjs';
import { sandboxEnv, sandboxSettings, startTestSandbox } from './spawn-sandbox.mjs';
import { checkChromium, ensureTools } from './tools.mjs';
import { startVscodeServer } from './vscode-server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Tags the suite's reporter lines (test/integration/index.ts) among the workbench's own log lines.
const OUTPUT_TAG = '[hopsworks-itest] ';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    files: { type: 'string' },
    'no-sandbox': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '1800' },
    verbose: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const t0 = Date.now();
const stamp = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const say = (line) => console.log(`[itest ${stamp()}] ${line}`);
let counts;
let exiting = false;
let tmp;

function finish(code, message, { interrupted = false } = {}) {
  if (exiting) return;
  exiting = true;
  if (message) console.error(`\n[itest] ${message}`);
  void stopAll().finally(() => {
    if (tmp && (opts.keep || (code !== 0 && !interrupted)))
      console.error(`[itest] kept ${tmp} (VS Code server log, data folders)`);
    else if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    console.log(`\n${counts?.passed ?? 0} passed, ${counts?.failed ?? 0} failed`);
    process.exit(code);
  });
}

onSignals((signal, code) =>
  finish(code, `${signal}: stopping VS Code, Chromium and the sandbox`, { interrupted: true }),
);

async function main() {
  const timeoutMs = Number(opts.timeout) * 1000;
  if (!(timeoutMs > 0)) throw new Error(`--timeout must be a number of seconds, got ${opts.timeout}`);
  const mainFile = path.join(repo, JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).main);
  if (!fs.existsSync(mainFile)) {
    throw new Error(`${path.relative(repo, mainFile)} does not exist: run \`node esbuild.js\` first`);
  }

  const suite = await buildSuite(
    repo,
    opts.files?.split(',').map((f) => f.trim()),
  );
  say(`bundled ${suite.files.length} test file(s): ${suite.files.join(', ')}`);

  const paths = await ensureTools({ log: say });
  checkChromium(paths);

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hopsworks-itest-'));
  const dataDir = path.join(tmp, 'server');
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(path.join(dataDir, 'user', 'Machine'), { recursive: true });
  const logFile = path.join(tmp, 'vscode-server.log');
  say(`logs and data folders: ${tmp} (kept when the run fails or with --keep)`);

  const resultFile = path.join(tmp, 'result.json');
  const env = {
    ...process.env,
    HOPSWORKS_ITEST_RESULT_FILE: resultFile,
    HOPSWORKS_ITEST_OUTPUT_TAG: OUTPUT_TAG,
  };
  if (opts.grep) env.HOPSWORKS_ITEST_GREP = opts.grep;
  if (!opts['no-sandbox']) {
    const s0 = Date.now();
    const info = await startTestSandbox({ repo, log: opts.verbose ? say : () => {} });
    say(`sandbox up in ${Date.now() - s0} ms at https://${info.host}:${info.port} (project ${info.project})`);
    Object.assign(env, sandboxEnv(info));
    // Machine settings: the scope a VS Code server reads from its own disk, whatever a setting's scope.
    fs.writeFileSync(
      path.join(dataDir, 'user', 'Machine', 'settings.json'),
      JSON.stringify(sandboxSettings(info), null, 2),
    );
  }

  const server = await startVscodeServer({
    paths,
    dataDir,
    env,
    logFile,
    echo: opts.verbose ? (line) => console.log(`[server] ${line}`) : undefined,
  });
  say(`VS Code server listening on 127.0.0.1:${server.port} in ${server.startMs} ms (log: ${logFile})`);
  server.child.once('exit', (code, signal) =>
    finish(
      1,
      `the VS Code server exited (${signal ?? `code ${code}`}) before the suite finished; log: ${logFile}`,
    ),
  );

  // Our own handlers close Chromium together with the server; Playwright's would exit the process first.
  const browser = await chromium.launch(chromiumLaunchOptions(paths.chromium));
  onCleanup(() => browser.close());
  browser.once('disconnected', () => finish(1, 'Chromium went away before the suite finished'));
  const page = await browser.newPage();
  page.on('crash', () => finish(1, 'the VS Code page crashed in Chromium'));
  // Everything the page logs also reaches codeAutomationLog, except resource errors.
  if (opts.verbose)
    page.on('console', (m) => m.type() === 'error' && console.log(`[page error] ${m.text()}`));
  let suiteStarted = false;
  let opened = 0;

  const done = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  // The workbench's own log (gallery/telemetry lookups that fail offline, chat, auth) goes to a file;
  // the suite's reporter lines go to the terminal.
  const workbenchLog = fs.createWriteStream(path.join(tmp, 'workbench.log'));
  onCleanup(() => new Promise((resolve) => workbenchLog.end(resolve)));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const list = Array.isArray(args) ? args : [args];
    const text = typeof list[0] === 'string' ? format(...list) : list.map((a) => format('%o', a)).join(' ');
    for (const line of text.split('\n')) {
      workbenchLog.write(`[${type}] ${line}\n`);
      if (line.startsWith(OUTPUT_TAG)) {
        if (!suiteStarted)
          say(`extension host up, suite running (${Date.now() - opened} ms after opening the page)`);
        suiteStarted = true;
        console.log(line.slice(OUTPUT_TAG.length));
      } else if (opts.verbose) (type === 'error' ? console.error : console.log)(`[workbench] ${line}`);
    }
  });

  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(repo)],
    ['extensionTestsPath', remote(suite.index)],
  ];
  const url =
    `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  say('opening the workbench; the suite starts once the extension host is up');
  opened = Date.now();
  // A busy machine can take well over Playwright's default 30 s to load the workbench; the suite's own
  // --timeout is the one bound, so the page load gets the same.
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });

  const timedOut = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
  const code = await Promise.race([done, timedOut]);
  say('suite finished');
  if (code === 'timeout') return finish(1, `the suite did not finish within ${opts.timeout} s (--timeout)`);
  counts = readSuiteResult(resultFile);
  if (!counts)
    return finish(
      1,
      `VS Code exited with code ${code} but the suite reported no results (see the error above; --verbose shows the workbench log)`,
    );
  const ok = code === 0 && counts.failed === 0 && counts.passed > 0;
  if (ok) return finish(0);
  if (counts.passed + counts.failed === 0) return finish(1, 'no test ran (does --grep match a test title?)');
  return finish(1, `the suite failed (exit code ${code})`);
}

main().catch((err) => finish(1, err instanceof Error ? err.message : String(err)));
