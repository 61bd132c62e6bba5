// Builds one webview's browser bundle with the options esbuild.js uses for webviews (development build),
// for that entry only: other panels may be mid-edit and must not break this panel's tests.
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Bundles webview/<panel>/main.ts to dist/webview/<panel>.js and returns that file's path. */
export async function buildWebviewBundle(panel: string): Promise<string> {
  await build({
    entryPoints: [{ in: path.join(ROOT, `webview/${panel}/main.ts`), out: `webview/${panel}` }],
    outdir: path.join(ROOT, 'dist'),
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    loader: { '.css': 'text' },
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  return path.join(ROOT, `dist/webview/${panel}.js`);
}
