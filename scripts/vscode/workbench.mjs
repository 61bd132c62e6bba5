// The code-server workbench (the VS Code a person opens in a browser) with this extension, and what goes
// with it: the Hopsworks sandbox as a child process, a .vsix installed with code-server's CLI, headless
// Chromium. `npm start` (run-workbench.mjs), the end-to-end tests (test/e2e/*.e2e.ts) and the VS Code
// benchmark (bench/vscode.ts) all start it from here. Typed for TypeScript callers by workbench.d.mts.
//
// Every process is started with children.mjs, so stopEverything() (and Ctrl-C/SIGTERM) ends all of them,
// and every state folder is a temporary one that stopEverything() removes: nothing lands in $HOME.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium-flags.mjs';
import { codeServerArgs } from './vscode-server.mjs';
import { onSignals, spawnTracked, stopAll, stopChild } from './children.mjs';
import { freePort, waitForHttp } from './ports.mjs';
import { startSandboxProcess } from './spawn-sandbox.mjs';

export { sandboxEnv, sandboxSettings } from './spawn-sandbox.mjs';
import { checkChromium, ensureTools, node24Env } from './tools.mjs';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
export const extensionId = `${manifest.publisher}.${manifest.name}`;

let signalsHooked = false;
/**
 * What Ctrl-C, SIGTERM and SIGHUP do: by default stop everything started here and exit with 128+n. The
 * children run in their own process groups, so without this a killed run would leave them behind. Every
 * start function installs the default; a command with its own way out (run-workbench.mjs) calls this first.
 * @param {(signal: string, exitCode: number) => void} [handler]
 */
export function stopEverythingOnSignals(handler) {
  if (signalsHooked) return;
  signalsHooked = true;
  onSignals(
    handler ??
      ((_signal, code) =>
        void stopEverything()
          .then(() => stopAll())
          .finally(() => process.exit(code))),
  );
}

/** Long-running children started here, stopped by stopEverything() (which may run more than once). */
const running = new Set();

/**
 * The sandbox as a child process; returns its connection details.
 * ports 'free': on ephemeral ports, with the details tests need (scripts/vscode/sandbox-on-free-ports.mjs);
 * 'default': `npm run sandbox` (sandbox/main.ts: its fixed default ports, and settings printed for a person).
 * @param {{ ports?: 'free' | 'default', log?: (line: string) => void }} [o]
 */
export async function startSandbox({ ports = 'free', log = () => {} } = {}) {
  stopEverythingOnSignals();
  const { info, child } = await startSandboxProcess({
    repo,
    script: ports === 'free' ? 'scripts/vscode/sandbox-on-free-ports.mjs' : 'sandbox/main.ts',
    log,
  });
  running.add(child);
  return info;
}

/** A temporary folder for one run's state; removed by stopEverything() unless E2E_KEEP is set. */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
const temps = [];

/** Workbench settings that keep first-run clutter (chat, welcome page, tips) out of the screenshots. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
};

function codeServerEnv(paths, state, extraEnv) {
  const env = {
    ...node24Env(paths),
    XDG_DATA_HOME: path.join(state, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(state, 'xdg-config'),
    XDG_CACHE_HOME: path.join(state, 'xdg-cache'),
    ...extraEnv,
  };
  // Only what the caller hands over reaches the extension host: no key from the developer's shell.
  for (const k of Object.keys(env)) {
    if (k.startsWith('HOPSWORKS_') && !(k in extraEnv)) delete env[k];
  }
  return env;
}

/**
 * Installs a .vsix with code-server's own CLI into a fresh extensions folder.
 * @returns {Promise<{ extensionsDir: string, installedDir: string, output: string }>}
 */
export async function installVsix(vsix, { log = () => {} } = {}) {
  stopEverythingOnSignals();
  const paths = await ensureTools({ log });
  const state = tempDir('hopsworks-vsix-install-');
  const extensions = path.join(state, 'extensions');
  const userData = path.join(state, 'user-data');
  fs.mkdirSync(extensions, { recursive: true });
  const config = path.join(state, 'config.yaml');
  fs.writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  const child = spawnTracked(
    paths.nodeBin,
    [...codeServerArgs(paths, { config, userData, extensions }), '--install-extension', vsix],
    { cwd: state, env: codeServerEnv(paths, state, {}), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise((resolve) => {
    child.once('exit', (c, signal) => resolve(signal ?? c));
    child.once('error', (err) => resolve(err.message));
  });
  if (code !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${code}):\n${output}`);
  const installed = fs
    .readdirSync(extensions)
    .filter((n) => n.toLowerCase().startsWith(`${extensionId.toLowerCase()}-`));
  if (installed.length !== 1) {
    throw new Error(
      `expected one ${extensionId}-* folder in ${extensions}, found: ${fs.readdirSync(extensions)}`,
    );
  }
  return { extensionsDir: extensions, installedDir: path.join(extensions, installed[0]), output };
}

/**
 * Serves the code-server workbench on a loopback port.
 * @param {{ extensionsDir?: string, settings?: Record<string, unknown>, env?: Record<string, string>,
 *   port?: number, workspace?: string, log?: (line: string) => void,
 *   onExit?: (reason: string, lastLines: string[]) => void }} [o]
 *   extensionsDir: an extensions folder (e.g. from installVsix); default: a fresh one with this repository
 *   linked in as the installed extension.
 *   port: a fixed port (`npm start`); default: an ephemeral one.
 *   workspace: the folder to open; default: a fresh empty one.
 *   onExit: called if code-server stops after it was listening (also when stopEverything() stops it).
 */
export async function startWorkbench({
  extensionsDir,
  settings = {},
  env = {},
  port: fixedPort,
  workspace: workspaceDir,
  log = () => {},
  onExit = () => {},
} = {}) {
  stopEverythingOnSignals();
  const paths = await ensureTools({ log });
  const state = tempDir('hopsworks-workbench-');
  const userData = path.join(state, 'user-data');
  const workspace = path.resolve(workspaceDir ?? path.join(state, 'workspace'));
  fs.mkdirSync(workspace, { recursive: true });
  let extensions = extensionsDir;
  if (!extensions) {
    extensions = path.join(state, 'extensions');
    fs.mkdirSync(extensions, { recursive: true });
    // An unpacked extension folder named <publisher>.<name>-<version> is picked up as installed.
    fs.symlinkSync(repo, path.join(extensions, `${extensionId}-${manifest.version}`), 'dir');
  }
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2),
  );
  const logFile = path.join(state, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);
  let lastError;
  // A free port is picked and then handed over; retry on the rare collision with another process.
  for (let attempt = 1; attempt <= (fixedPort ? 1 : 3); attempt++) {
    const port = fixedPort ?? (await freePort());
    const config = path.join(state, 'config.yaml');
    fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const child = spawnTracked(
      paths.nodeBin,
      [
        ...codeServerArgs(paths, { config, userData, extensions }),
        '--bind-addr',
        `127.0.0.1:${port}`,
        workspace,
      ],
      { cwd: state, env: codeServerEnv(paths, state, env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const tail = [];
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        logStream.write(`${line}\n`);
        tail.push(line);
        if (tail.length > 30) tail.shift();
      });
    }
    let exitReason;
    let spawnError;
    child.once('error', (err) => (spawnError = err.message));
    let listening = false;
    child.once('exit', (code, signal) => {
      exitReason = signal ?? `code ${code}`;
      if (listening) onExit(exitReason, [...tail]);
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/healthz`, {
        timeoutMs: 60_000,
        failed: () =>
          spawnError
            ? `could not run ${paths.nodeBin}: ${spawnError}`
            : exitReason && `code-server exited (${exitReason}) before listening`,
      });
      running.add(child);
      listening = true;
      const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace).replaceAll('%2F', '/')}`;
      return {
        url,
        port,
        state,
        userData,
        extensionsDir: extensions,
        logFile,
        /** why code-server stopped, or undefined while it runs */
        exited: () => exitReason,
        stop: () => stopChild(child),
      };
    } catch (err) {
      await stopChild(child);
      lastError = `${err.message}\n--- last lines of ${logFile} ---\n${tail.join('\n')}\n---`;
      if (!tail.some((l) => l.includes('EADDRINUSE'))) break;
    }
  }
  throw new Error(`the code-server workbench did not start: ${lastError}`);
}

/** Headless Chromium with the flags of test-infra.md §2. */
export async function launchChromium() {
  stopEverythingOnSignals();
  const paths = await ensureTools();
  checkChromium(paths);
  return chromium.launch(chromiumLaunchOptions(paths.chromium));
}

/** Stops every process started here and removes the temporary folders (kept with E2E_KEEP=1). Idempotent. */
export async function stopEverything() {
  await Promise.all([...running].map((c) => stopChild(c)));
  running.clear();
  if (process.env.E2E_KEEP) {
    for (const t of temps) console.error(`[e2e] kept ${t}`);
  } else {
    for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true });
  }
}
