// Bundles the mocha integration suite for VS Code's extension host: out/test/integration/index.js (the
// entry VS Code calls, with mocha inside) and out/test/integration/suite.js (every *.itest.ts).
import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

/** Every *.itest.ts below dir, sorted, as paths relative to dir. */
export function findIntegrationTests(dir) {
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.itest.ts')) found.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * @param {string} repo
 * @param {string[]} [only] file names without `.itest.ts` (e.g. `deploymentForm`): bundle just those
 * @returns {Promise<{ index: string, files: string[] }>} absolute path of index.js and the bundled tests.
 */
export async function buildSuite(repo, only) {
  const srcDir = path.join(repo, 'test', 'integration');
  const outDir = path.join(repo, 'out', 'test', 'integration');
  const all = findIntegrationTests(srcDir);
  const files = only ? all.filter((f) => only.includes(path.basename(f, '.itest.ts'))) : all;
  const unknown = (only ?? []).filter((n) => !all.some((f) => path.basename(f, '.itest.ts') === n));
  // A misspelt name would otherwise drop its tests silently.
  if (unknown.length > 0) throw new Error(`no test/integration/${unknown.join('.itest.ts, ')}.itest.ts`);
  if (files.length === 0) throw new Error(`no *.itest.ts files under ${srcDir}`);
  const common = {
    bundle: true,
    platform: 'node',
    // The extension host of the VS Code server runs Node 24; desktop VS Code's Electron is Node 20+.
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    // vscode is provided by the extension host; koffi (native, used by the sandbox) loads from node_modules.
    external: ['vscode', 'koffi'],
    // mocha's parallel mode (unused here) resolves worker files by path.
    logOverride: { 'require-resolve-not-external': 'silent' },
  };
  fs.rmSync(outDir, { recursive: true, force: true });
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: [path.join(srcDir, 'index.ts')],
      outfile: path.join(outDir, 'index.js'),
    }),
    esbuild.build({
      ...common,
      stdin: {
        contents: files.map((f) => `import './${f.split(path.sep).join('/')}';`).join('\n'),
        resolveDir: srcDir,
        sourcefile: 'suite-entry.ts',
        loader: 'ts',
      },
      outfile: path.join(outDir, 'suite.js'),
    }),
  ]);
  return { index: path.join(outDir, 'index.js'), files };
}

/** The counts test/integration/index.ts wrote to HOPSWORKS_ITEST_RESULT_FILE, or undefined if it never did. */
export function readSuiteResult(file) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Number.isInteger(r.passed) && Number.isInteger(r.failed) ? r : undefined;
  } catch {
    return undefined;
  }
}
