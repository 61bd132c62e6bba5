// Runs the end-to-end UI tests (test/e2e/*.e2e.ts): Playwright driving the real VS Code workbench that
// code-server serves, with the extension and the Hopsworks sandbox on ephemeral ports (test-infra.md §2).
//
//   node scripts/vscode/run-e2e.mjs [--grep <test name part>] [--keep] [--no-build] [file.e2e.ts ...]
//
// Builds the extension (node esbuild.js), installs the VS Code tools on first use, then runs the files one
// after the other under Node's test runner. Screenshots go to test-output/screenshots/.
// The last line is "N passed, N failed"; the exit code is 0 only when tests ran and none failed. A workbench
// that cannot start fails its tests (they are counted as failed, never as passed or skipped).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkChromium, ensureTools } from './tools.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    grep: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

const t0 = Date.now();
const say = (line) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);

function finish(passed, failed, message) {
  if (message) console.error(`\n[e2e] ${message}`);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 && !message ? 0 : 1);
}

/** Sums Node's TAP summary (`# pass N`, `# fail N`, `# cancelled N`): cancelled tests count as failed. */
function readCounts(tapFile) {
  const text = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
  const num = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { passed: num('pass'), failed: num('fail') + num('cancelled'), found: /^# tests \d+$/m.test(text) };
}

async function main() {
  const dir = path.join(repo, 'test', 'e2e');
  const files = positionals.length
    ? positionals.map((f) => path.resolve(f))
    : fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.e2e.ts'))
        .sort()
        .map((f) => path.join(dir, f));
  if (files.length === 0) return finish(0, 0, `no *.e2e.ts files in ${dir}`);
  for (const f of files) if (!fs.existsSync(f)) return finish(0, 0, `${f} does not exist`);

  if (!opts['no-build']) {
    say('building the extension (node esbuild.js)');
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: repo, stdio: 'inherit' });
    if (build.status !== 0) return finish(0, 0, 'the build failed (see above)');
  }
  // Installing the tools can take two minutes on first use: do it here, not inside a test's time limit.
  checkChromium(await ensureTools({ log: say }));

  // Every e2e screenshot left after a run comes from that run (a stale e2e-failure.png would mislead).
  const shots = path.join(repo, 'test-output', 'screenshots');
  if (fs.existsSync(shots)) {
    for (const f of fs.readdirSync(shots)) if (/^e2e-.*\.png$/.test(f)) fs.rmSync(path.join(shots, f));
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hopsworks-e2e-run-'));
  const tap = path.join(tmp, 'report.tap');
  const args = [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...(opts.grep ? [`--test-name-pattern=${opts.grep}`] : []),
    ...files,
  ];
  say(`running ${files.map((f) => path.relative(repo, f)).join(', ')}`);
  const env = { ...process.env, ...(opts.keep ? { E2E_KEEP: '1' } : {}) };
  const child = spawn(process.execPath, args, { cwd: repo, env, stdio: 'inherit' });
  // Ctrl-C reaches the test process too (same process group); it stops its workbench and sandbox itself.
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => child.kill(s));
  const code = await new Promise((resolve) => {
    child.once('exit', (c, signal) => resolve(signal ?? c));
    child.once('error', (err) => resolve(err.message));
  });
  const counts = readCounts(tap);
  fs.rmSync(tmp, { recursive: true, force: true });
  say(`finished (screenshots in ${path.relative(repo, path.join(repo, 'test-output', 'screenshots'))}/)`);
  if (!counts.found) return finish(0, 0, `the test runner ended (${code}) without a report`);
  if (code !== 0 && counts.failed === 0) {
    return finish(
      counts.passed,
      counts.failed,
      `the test runner exited with ${code} although no test failed`,
    );
  }
  if (counts.passed + counts.failed === 0)
    return finish(0, 0, 'no test ran (does --grep match a test name?)');
  return finish(counts.passed, counts.failed);
}

main().catch((err) => finish(0, 0, err instanceof Error ? err.message : String(err)));
