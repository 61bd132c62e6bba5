// Starts the Hopsworks sandbox as a child process and reads the JSON line it prints with the connection
// ({"host","port","project","apiKey","caFile", ...}); says how to point VS Code at it (settings,
// environment). The child runs sandbox/main.ts or sandbox-on-free-ports.mjs. The API key is never printed
// by these scripts.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { spawnTracked } from './children.mjs';

/**
 * @param {{ repo: string, script: string, args?: string[], log: (line: string) => void, timeoutMs?: number }} o
 *   script: a TypeScript/ESM file run with `node --import tsx` from the repository folder.
 * @returns {Promise<{ info: Record<string, unknown>, child: import('node:child_process').ChildProcess }>}
 */
export function startSandboxProcess({ repo, script, args = [], log, timeoutMs = 60_000 }) {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(process.execPath, ['--import', 'tsx', path.join(repo, script), ...args], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let done = false;
    const fail = (message) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(message));
    };
    const timer = setTimeout(
      () => fail(`the sandbox printed no connection line within ${timeoutMs / 1000} s`),
      timeoutMs,
    );
    // The last lines it wrote to stderr go into the error when it exits early, so a failure says why even
    // where the caller logs nothing. The sandbox never writes the API key to stderr.
    const lastErr = [];
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      lastErr.push(line);
      if (lastErr.length > 20) lastErr.shift();
      log(`[sandbox] ${line}`);
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const trimmed = line.trim();
      if (!done && trimmed.startsWith('{')) {
        try {
          const info = JSON.parse(trimmed);
          if (typeof info.port === 'number' && typeof info.apiKey === 'string') {
            done = true;
            clearTimeout(timer);
            resolve({ info, child });
            return;
          }
        } catch {
          // Not the connection line.
        }
      }
      // The sandbox prints the key for a person on its own lines; keep it out of our output.
      log(`[sandbox] ${/api.?key/i.test(line) ? line.replace(/[A-Za-z0-9._-]{20,}/g, '***') : line}`);
    });
    child.once('error', (err) => fail(`could not start the sandbox: ${err.message}`));
    child.once('exit', (code, signal) =>
      fail(
        `the sandbox (${script}) exited (${signal ?? `code ${code}`}) before printing its connection line` +
          (lastErr.length ? `; its last words:\n${lastErr.join('\n')}` : ''),
      ),
    );
  });
}

/** The sandbox on ephemeral ports, for test runs (scripts/vscode/sandbox-on-free-ports.mjs); returns its details. */
export async function startTestSandbox({ repo, log }) {
  if (!fs.existsSync(path.join(repo, 'sandbox', 'index.ts'))) {
    throw new Error('sandbox/index.ts does not exist yet; run with --no-sandbox');
  }
  const { info } = await startSandboxProcess({
    repo,
    script: 'scripts/vscode/sandbox-on-free-ports.mjs',
    log,
  });
  return info;
}

/** The environment the extension reads: the names the Hopsworks Python client uses, plus the full details. */
export function sandboxEnv(info) {
  return {
    HOPSWORKS_HOST: String(info.host),
    HOPSWORKS_PORT: String(info.port),
    HOPSWORKS_PROJECT: String(info.project),
    HOPSWORKS_API_KEY: String(info.apiKey),
    HOPSWORKS_CA_FILE: String(info.caFile),
    HOPSWORKS_SANDBOX: JSON.stringify(info),
  };
}

/** User settings that point the extension at the sandbox. */
export function sandboxSettings(info) {
  return {
    'hopsworks.host': info.host,
    'hopsworks.port': info.port,
    'hopsworks.project': info.project,
    'hopsworks.tls.caFile': info.caFile,
  };
}
