// A failed export says why and leaves no partial file behind: the disk filling up mid-write (a real
// write failure: the file-size limit of ulimit -f, which fails writes with EFBIG the way a full disk fails
// them with ENOSPC), a folder chosen as the file, and a folder the user may not write in.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { ExportError, InferenceLogSession, ManualClock } from '../../src/inferenceLog';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const NOBODY = 65534;
/** The child, bundled into the test's own folder (set in `before`). */
let child: string;

interface ChildResult {
  ok: boolean;
  rows?: number;
  message?: string;
  code?: string;
}

async function exportInChild(
  args: string[],
  opts: { fileSizeKb?: number; uid?: number } = {},
): Promise<ChildResult> {
  const node = [process.execPath, child, ...args].map((a) => `'${a}'`).join(' ');
  const script =
    opts.fileSizeKb === undefined ? `exec ${node}` : `ulimit -f ${opts.fileSizeKb}; exec ${node}`;
  const { stdout } = await run('bash', ['-c', script], {
    cwd: dir,
    ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }),
    env: { ...process.env, HOME: tmpdir() },
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult;
}

let dir: string;

describe('a failed export', () => {
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'inflog-export-fail-'));
    await chmod(dir, 0o755);
    // One self-contained file in a folder anyone may read: "nobody" may not be able to reach the checkout
    // (a clone inside a 0700 folder, as `mktemp -d` makes), and then neither the source nor tsx would load.
    child = path.join(dir, 'exportInChild.cjs');
    await build({
      entryPoints: [path.join(ROOT, 'test', 'support', 'exportInChild.ts')],
      outfile: child,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'warning',
    });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the disk fills up mid-write: rejected with why, and the partial file is removed', async () => {
    const file = path.join(dir, 'full.jsonl');
    // 2,000 rows of ~1 KB: ~2 MB, far past the 256 KB the process may write.
    const r = await exportInChild([file, 'jsonl', '2000', '1000'], { fileSizeKb: 256 });
    assert.equal(r.ok, false);
    assert.equal(r.code, 'EFBIG');
    assert.equal(
      r.message,
      `Could not export to ${file}: the file grew past the largest size the system allows. The partial file was removed.`,
    );
    await assert.rejects(stat(file), /ENOENT/);
    // The same export within the limit succeeds: the failure was the limit, not the rows.
    const fine = await exportInChild([file, 'jsonl', '20', '1000'], { fileSizeKb: 256 });
    assert.deepEqual(fine, { ok: true, rows: 20 });
  });

  it('a folder chosen as the file: says so, and the folder and its contents stay', async () => {
    const folder = path.join(dir, 'a-folder');
    await mkdir(folder);
    await writeFile(path.join(folder, 'keep.txt'), 'keep');
    const s = new InferenceLogSession({
      brokers: ['127.0.0.1:9'],
      topic: 't',
      schemaJson: '{"type":"record","name":"r","fields":[{"name":"modelName","type":"string"}]}',
      clock: new ManualClock(),
    });
    await assert.rejects(s.exportTo(folder, 'csv'), (e: unknown) => {
      assert.ok(e instanceof ExportError);
      assert.equal(e.code, 'EISDIR');
      assert.equal(e.message, `Could not export to ${folder}: that path is a folder. Nothing was written.`);
      return true;
    });
    assert.deepEqual(await readdir(folder), ['keep.txt']);
    await s.dispose();
  });

  it('a folder the user may not write in: permission denied, nothing left behind', async () => {
    const locked = path.join(dir, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    const file = path.join(locked, 'out.csv');
    // Root may write anywhere: as root the export runs as "nobody", as anyone else it runs as they are.
    const asRoot = process.getuid?.() === 0;
    const r = await exportInChild([file, 'csv', '10', '10'], asRoot ? { uid: NOBODY } : {});
    assert.equal(r.ok, false);
    assert.equal(r.code, 'EACCES');
    assert.equal(r.message, `Could not export to ${file}: permission denied. Nothing was written.`);
    assert.deepEqual(await readdir(locked), []);
  });
});
