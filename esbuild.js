// Bundles the extension host code and each webview. `node esbuild.js [--watch] [--production]`.
// The Kafka/Avro pipeline is its own bundle (dist/inferenceLog.js) so that activation never loads it:
// the extension requires it only when the first log panel opens.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

/** Host bundles: CommonJS for VS Code's Node extension host; `vscode` is provided at run time. */
const hostEntries = [
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/inferenceLog/index.ts', out: 'inferenceLog' },
].filter((e) => fs.existsSync(e.in));

/** Browser bundles, one per webview (IIFE: they run in the webview iframe). */
const webviewEntries = fs.existsSync('webview')
  ? fs
      .readdirSync('webview', { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join('webview', d.name, 'main.ts')))
      .map((d) => ({ in: path.join('webview', d.name, 'main.ts'), out: path.join('webview', d.name) }))
  : [];

const builds = [
  {
    ...common,
    entryPoints: hostEntries,
    outdir: 'dist',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // vscode is provided by the host; the inference-log bundle is loaded lazily by path.
    external: ['vscode', './inferenceLog'],
    alias: { 'form-data': './scripts/shims/form-data.js' },
    metafile: true,
  },
  ...(webviewEntries.length
    ? [
        {
          ...common,
          entryPoints: webviewEntries,
          outdir: 'dist',
          platform: 'browser',
          target: 'es2022',
          format: 'iife',
          loader: { '.css': 'text' },
          metafile: true,
        },
      ]
    : []),
];

async function main() {
  // A release build starts from an empty dist/, so no stale bundle or source map can reach the .vsix.
  if (production) fs.rmSync('dist', { recursive: true, force: true });
  if (watch) {
    for (const options of builds) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    }
    console.log('[esbuild] watching…');
    return;
  }
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  const sizes = {};
  for (const r of results) {
    for (const [file, info] of Object.entries(r.metafile.outputs)) {
      if (file.endsWith('.js')) sizes[file] = Math.round(info.bytes / 1024);
    }
  }
  fs.writeFileSync('dist/bundle-sizes.json', JSON.stringify(sizes, null, 2));
  console.log('[esbuild] built', Object.entries(sizes).map(([f, kb]) => `${f} ${kb} KB`).join(', '));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
