// Runs `npm run package` (production build + vsce) in a staging copy of the repository and reports what it
// produced. A copy, because a production build empties dist/ first, which would pull the bundles from under
// other test runs using this checkout at the same time. node_modules is linked, not copied.
// Typed for TypeScript callers by package-vsix.d.mts.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { spawnTracked } from './children.mjs';
import { repo, tempDir } from './workbench.mjs';

/** Top-level entries that are build output, tool state or version control, never build input. */
const NOT_COPIED = new Set([
  '.git',
  'node_modules',
  'dist',
  'out',
  'test-output',
  '.sandbox-state',
  '.vscode-test',
]);

function run(cmd, args, { cwd, log }) {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        log(line);
      });
    }
    child.once('error', (err) => reject(new Error(`could not run ${cmd}: ${err.message}`)));
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve(lines)
        : reject(
            new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${lines.join('\n')}`),
          ),
    );
  });
}

/** Sizes in bytes of every .js file under dir, keyed by path relative to dir with forward slashes. */
export function jsSizes(dir) {
  const sizes = {};
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js'))
        sizes[path.relative(dir, p).split(path.sep).join('/')] = fs.statSync(p).size;
    }
  };
  walk(dir);
  return sizes;
}

/**
 * @param {{ log?: (line: string) => void }} [o]
 * @returns {Promise<{ stageDir: string, vsix: string, vsixBytes: number, bundles: Record<string, number> }>}
 */
export async function packageVsix({ log = () => {} } = {}) {
  const stageDir = path.join(tempDir('hopsworks-package-'), 'hopsworks-vscode');
  fs.mkdirSync(stageDir);
  for (const name of fs.readdirSync(repo)) {
    if (NOT_COPIED.has(name) || name.endsWith('.vsix')) continue;
    fs.cpSync(path.join(repo, name), path.join(stageDir, name), { recursive: true });
  }
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(stageDir, 'node_modules'), 'dir');
  await run('npm', ['run', 'package'], { cwd: stageDir, log });
  const vsix = path.join(stageDir, 'hopsworks-vscode.vsix');
  if (!fs.existsSync(vsix)) throw new Error(`npm run package finished but wrote no ${vsix}`);
  return {
    stageDir,
    vsix,
    vsixBytes: fs.statSync(vsix).size,
    bundles: jsSizes(path.join(stageDir, 'dist')),
  };
}
