// `npm start`: the extension, built from this repository, in a real VS Code in the browser, already
// connected to a local Hopsworks sandbox. Builds, starts the sandbox (sandbox/main.ts), installs the
// VS Code tools on first use (scripts/vscode/tools.mjs), then serves the code-server workbench and
// prints the address to open. Ctrl-C stops everything it started.
//
//   node scripts/vscode/run-workbench.mjs [--port 8080] [--workspace <folder>]
//
// Everything code-server writes goes to a temporary state folder that is deleted on exit: user data,
// extensions (a symlink to this repository), its config file and XDG data; nothing lands in $HOME.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { onSignals, spawnTracked, stopAll } from './children.mjs';
import { assertPortFree, waitForHttp } from './ports.mjs';
import { sandboxEnv, sandboxSettings, startSandboxProcess } from './spawn-sandbox.mjs';
import { ensureTools, node24Env } from './tools.mjs';
import { codeServerArgs } from './vscode-server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    workspace: { type: 'string' },
  },
});
const say = (line) => console.log(`[start] ${line}`);

let state;
let exiting = false;
function finish(code, message) {
  if (exiting) return;
  exiting = true;
  if (message) console.error(`\n[start] ${message}`);
  say('stopping code-server and the sandbox…');
  void stopAll().finally(() => {
    if (state) fs.rmSync(state, { recursive: true, force: true });
    say('stopped.');
    process.exit(code);
  });
}
onSignals((_signal, code) => finish(code === 130 ? 0 : code));

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

async function main() {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Error(`--port must be a port number, got ${opts.port}`);
  await assertPortFree(port);

  // The Debian packages (librdkafka for the sandbox's broker, chromium, build tools for code-server).
  const system = spawnSync(process.execPath, ['scripts/ensure-system.mjs'], { cwd: repo, stdio: 'inherit' });
  if (system.status !== 0) throw new Error('system packages are missing (see above)');

  say('building the extension (node esbuild.js)');
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed (see above); fix it and run npm start again');

  const paths = await ensureTools({ log: say });

  if (!fs.existsSync(path.join(repo, 'sandbox', 'main.ts'))) {
    throw new Error('sandbox/main.ts does not exist yet, so there is no Hopsworks sandbox to connect to');
  }
  say('starting the Hopsworks sandbox (npm run sandbox)');
  const { info } = await startSandboxProcess({ repo, script: 'sandbox/main.ts', log: console.log });
  say(`sandbox: https://${info.host}:${info.port}, project ${info.project}`);

  state = fs.mkdtempSync(path.join(os.tmpdir(), 'hopsworks-workbench-'));
  const userData = path.join(state, 'user-data');
  const extensions = path.join(state, 'extensions');
  const workspace = path.resolve(opts.workspace ?? path.join(state, 'workspace'));
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  // An unpacked extension folder named <publisher>.<name>-<version> is picked up as installed.
  fs.symlinkSync(
    repo,
    path.join(extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`),
    'dir',
  );
  writeJson(path.join(userData, 'User', 'settings.json'), {
    ...sandboxSettings(info),
    'workbench.startupEditor': 'none',
    // The newcomer came for the Hopsworks view, not for the chat panel VS Code opens by default.
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
  });
  const config = path.join(state, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  const logFile = path.join(state, 'code-server.log');
  const log = fs.createWriteStream(logFile);
  const env = {
    ...node24Env(paths),
    ...sandboxEnv(info),
    XDG_DATA_HOME: path.join(state, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(state, 'xdg-config'),
    XDG_CACHE_HOME: path.join(state, 'xdg-cache'),
  };
  const child = spawnTracked(
    paths.nodeBin,
    [
      ...codeServerArgs(paths, { config, userData, extensions }),
      '--bind-addr',
      `127.0.0.1:${port}`,
      workspace,
    ],
    { cwd: state, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const tail = [];
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      log.write(`${line}\n`);
      tail.push(line);
      if (tail.length > 30) tail.shift();
    });
  }
  let exitReason;
  child.once('exit', (code, signal) => {
    exitReason = signal ?? `code ${code}`;
    finish(1, `code-server exited (${exitReason}):\n${tail.join('\n')}`);
  });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, {
    timeoutMs: 60_000,
    failed: () => exitReason && `code-server exited (${exitReason})`,
  });
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace).replaceAll('%2F', '/')}`;
  console.log('');
  say('VS Code is ready, with the Hopsworks extension connected to the sandbox. Open:');
  console.log(`\n    ${url}\n`);
  say(`code-server log: ${logFile}`);
  say('press Ctrl-C to stop everything');
}

main().catch((err) => finish(1, err instanceof Error ? err.message : String(err)));
