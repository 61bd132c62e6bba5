// Starts the bare VS Code server inside code-server (Node 24) with the smoke-test driver, which lets a
// browser page run an extensionTestsPath suite (test-infra.md §2). Fresh data folders each run.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { spawnTracked, stopChild } from './children.mjs';
import { node24Env } from './tools.mjs';
import { freePort, waitForHttp } from './ports.mjs';

/**
 * @param {{ paths: ReturnType<typeof import('./tools.mjs').toolPaths>, dataDir: string, env: NodeJS.ProcessEnv,
 *   logFile: string, echo?: (line: string) => void, timeoutMs?: number }} o
 * @returns {Promise<{ port: number, child: import('node:child_process').ChildProcess, startMs: number }>}
 */
export async function startVscodeServer({ paths, dataDir, env, logFile, echo, timeoutMs = 60_000 }) {
  fs.mkdirSync(path.join(dataDir, 'user'), { recursive: true });
  fs.mkdirSync(path.join(dataDir, 'ext'), { recursive: true });
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  let lastError;
  // The port is picked free and then handed over; retry on the rare collision with another process.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const t0 = Date.now();
    const child = spawnTracked(
      paths.nodeBin,
      [
        paths.vscodeServerMain,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--without-connection-token',
        '--accept-server-license-terms',
        '--server-data-dir',
        dataDir,
        '--user-data-dir',
        path.join(dataDir, 'user'),
        '--extensions-dir',
        path.join(dataDir, 'ext'),
        '--telemetry-level',
        'off',
        '--disable-workspace-trust',
        '--enable-smoke-test-driver',
      ],
      { env: node24Env(paths, env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let exitReason;
    let spawnError;
    child.once('error', (err) => (spawnError = err.message));
    child.once('exit', (code, signal) => (exitReason = signal ?? `code ${code}`));
    const tail = [];
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        log.write(`${line}\n`);
        tail.push(line);
        if (tail.length > 30) tail.shift();
        echo?.(line);
      });
    }
    try {
      await waitForHttp(`http://127.0.0.1:${port}/version`, {
        timeoutMs,
        failed: () =>
          spawnError
            ? `could not run ${paths.nodeBin}: ${spawnError}`
            : exitReason && `the VS Code server exited (${exitReason}) before listening`,
      });
      return { port, child, startMs: Date.now() - t0 };
    } catch (err) {
      await stopChild(child);
      lastError = `${err.message}\n--- last lines of ${logFile} ---\n${tail.join('\n')}\n---`;
      if (!tail.some((l) => l.includes('EADDRINUSE'))) break;
    }
  }
  throw new Error(`the VS Code server did not start: ${lastError}`);
}

/** code-server's workbench flags: no auth on loopback, our own data folders, no telemetry or update checks. */
export function codeServerArgs(paths, { config, userData, extensions }) {
  return [
    paths.codeServerEntry,
    '--config',
    config,
    '--auth',
    'none',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
}
