// `npm start`: the extension, built from this repository, in a real VS Code in the browser, already
// connected to a local Hopsworks sandbox. Checks the Debian packages, builds, starts the sandbox
// (sandbox/main.ts, as `npm run sandbox`), installs the VS Code tools on first use (tools.mjs), then serves
// the code-server workbench (workbench.mjs, the same one the e2e tests drive) and prints the address to
// open. Ctrl-C stops everything it started.
//
//   node scripts/vscode/run-workbench.mjs [--port 8080] [--workspace <folder>]
//
// Everything code-server writes goes to a temporary state folder that is deleted on exit: user data,
// extensions (a symlink to this repository), its config file and XDG data; nothing lands in $HOME.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stopAll } from './children.mjs';
import { assertPortFree } from './ports.mjs';
import { ensureTools } from './tools.mjs';
import {
  sandboxEnv,
  sandboxSettings,
  startSandbox,
  startWorkbench,
  stopEverything,
  stopEverythingOnSignals,
} from './workbench.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    workspace: { type: 'string' },
  },
});
const say = (line) => console.log(`[start] ${line}`);

let exiting = false;
function finish(code, message) {
  if (exiting) return;
  exiting = true;
  if (message) console.error(`\n[start] ${message}`);
  say('stopping code-server and the sandbox…');
  void stopEverything()
    .then(() => stopAll())
    .finally(() => {
      say('stopped.');
      process.exit(code);
    });
}
// Ctrl-C is how a person ends it: not a failure.
stopEverythingOnSignals((_signal, code) => finish(code === 130 ? 0 : code));

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

  // Before the sandbox: the first install takes minutes and shows its progress.
  await ensureTools({ log: say });

  say('starting the Hopsworks sandbox (npm run sandbox)');
  const info = await startSandbox({ ports: 'default', log: console.log });
  say(`sandbox: https://${info.host}:${info.port}, project ${info.project}`);

  const workbench = await startWorkbench({
    port,
    workspace: opts.workspace,
    settings: sandboxSettings(info),
    // The key too, so the extension connects at once (it reads HOPSWORKS_API_KEY like the Python client).
    env: sandboxEnv(info),
    log: say,
    onExit: (reason, lastLines) => finish(1, `code-server exited (${reason}):\n${lastLines.join('\n')}`),
  });
  console.log('');
  say('VS Code is ready, with the Hopsworks extension connected to the sandbox. Open:');
  console.log(`\n    ${workbench.url}\n`);
  say(`code-server log: ${workbench.logFile}`);
  say('press Ctrl-C to stop everything');
}

main().catch((err) => finish(1, err instanceof Error ? err.message : String(err)));
