// The one test command: type check, lint, build, then every suite under Node's test runner.
// `node scripts/test.mjs [--only unit|sandbox|webview|integration|e2e] [--profile 4.2|4.6|4.8|5.0] [--no-static]`
// The sandbox and integration suites are matrices over the Hopsworks versions the sandbox stands for: every
// file on the newest, the files whose outcome depends on the version (VERSIONED_FILES, VERSIONED_ITEST_FILES)
// on each older one; `--profile` runs every file on that one version instead. Ends with one line
// "N passed, N failed" summed over all suites and versions; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const noStatic = args.includes('--no-static') || Boolean(only);
const suites = ['unit', 'sandbox', 'webview', 'integration', 'e2e'].filter((s) => !only || s === only);
const onlyProfile = args.includes('--profile') ? args[args.indexOf('--profile') + 1] : undefined;
const PROFILES = ['5.0', '4.8', '4.6', '4.2']; // newest first: sandbox/profiles.ts
if (onlyProfile !== undefined && !PROFILES.includes(onlyProfile)) {
  console.error(`--profile must be one of ${PROFILES.join(', ')}`);
  process.exit(2);
}
// Sandbox test files whose outcome depends on the Hopsworks version: they run on every version. The others
// (broker, pipeline, certificates, CLI) exercise nothing a version changes and run once, on the newest.
const VERSIONED_FILES = [
  'client',
  'deploymentForm',
  'deploymentFormVersions',
  'sandboxProfiles',
  'sandboxQuotas',
  'sandboxRest',
  'sandboxServerLogs',
  'sandboxServing',
  'sandboxStrict',
  'sharedReads',
  'treeFromServer',
].map((n) => path.join('test', 'sandbox', `${n}.test.ts`));

// Integration files whose outcome depends on the version: the tree, the form's save, start/stop and the item
// commands (model-less deployments, ≤ 4.5 scripts). They run on every version; the rest on the newest.
const VERSIONED_ITEST_FILES = ['connectAndTree', 'deploymentCommands', 'deploymentForm', 'lifecycle'];

function run(label, cmd, cmdArgs, opts = {}) {
  console.log(`\n=== ${label}: ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, {
    stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
  });
  if (opts.capture) process.stdout.write(r.stdout ?? '');
  return r;
}

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findTests(p));
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

let failedSteps = 0;
if (run('system packages', 'node', ['scripts/ensure-system.mjs']).status !== 0) process.exit(1);
if (!noStatic) {
  for (const [label, cmd, a] of [
    ['typecheck (host)', 'npx', ['tsc', '--noEmit', '-p', '.']],
    ['typecheck (webviews)', 'npx', ['tsc', '--noEmit', '-p', 'webview']],
    ['typecheck (browser tests)', 'npx', ['tsc', '--noEmit', '-p', 'test/webview']],
    ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ]) {
    if (run(label, cmd, a).status !== 0) failedSteps++;
  }
}
if (run('build', 'node', ['esbuild.js']).status !== 0) failedSteps++;

let passed = 0;
let failed = 0;
for (const suite of suites) {
  if (suite === 'integration' || suite === 'e2e') {
    // integration: mocha inside a real VS Code (the VS Code server from code-server, in headless Chromium);
    // e2e: Playwright driving the real code-server workbench (tree → form → live log panel, and the .vsix).
    const runner =
      suite === 'integration'
        ? ['scripts/vscode/run-integration.mjs']
        : ['scripts/vscode/run-e2e.mjs', '--no-build'];
    // Their sandbox stands for the newest version, or the one asked for. Integration is a matrix like the
    // sandbox suite: every file on the newest, the version-dependent ones on each older version.
    const matrix =
      suite === 'integration' && !onlyProfile
        ? PROFILES.map((profile, i) => ({ profile, files: i === 0 ? undefined : VERSIONED_ITEST_FILES }))
        : [{ profile: onlyProfile, files: undefined }];
    for (const { profile, files } of matrix) {
      const env = profile ? { HOPSWORKS_PROFILE: profile } : {};
      const label = `suite ${suite} (real VS Code)${profile ? ` [Hopsworks ${profile}]` : ''}`;
      const args = files ? [...runner, '--files', files.join(',')] : runner;
      const r = run(label, process.execPath, args, { capture: true, env });
      const m = /^(\d+) passed, (\d+) failed$/m.exec(r.stdout ?? '');
      passed += m ? Number(m[1]) : 0;
      failed += m ? Number(m[2]) : 0;
      if (r.status !== 0 && !(m && Number(m[2]) > 0)) failedSteps++;
    }
    continue;
  }
  const files = findTests(path.join('test', suite));
  if (files.length === 0) continue;
  const runs =
    suite !== 'sandbox'
      ? [{ label: `suite ${suite}`, files, env: {} }]
      : (onlyProfile ? [onlyProfile] : PROFILES).map((profile, i) => {
          const subset = onlyProfile || i === 0 ? files : files.filter((f) => VERSIONED_FILES.includes(f));
          return {
            label: `suite sandbox [Hopsworks ${profile}]`,
            files: subset,
            env: { HOPSWORKS_PROFILE: profile },
          };
        });
  for (const one of runs) {
    // Suites that start servers run one file at a time, so fixed ports never collide.
    if (!runFiles(`${one.label} (${one.files.length} files)`, one.files, one.env)) failedSteps++;
  }
}

/** One node:test run over `files`; adds its counts; false when it crashed outside the test counts. */
function runFiles(label, files, env) {
  const r = run(
    label,
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
    { capture: true, env },
  );
  const out = r.stdout ?? '';
  const p = /ℹ pass (\d+)/.exec(out);
  const f = /ℹ fail (\d+)/.exec(out);
  passed += p ? Number(p[1]) : 0;
  failed += f ? Number(f[1]) : 0;
  return !(r.status !== 0 && !(f && Number(f[1]) > 0));
}

if (failedSteps > 0)
  console.log(
    `\n${failedSteps} step(s) failed outside the test counts (type check, lint, build or a crashed suite).`,
  );
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSteps > 0 || passed === 0 ? 1 : 0);
