// The .vsix a person installs: built by `npm run package` (in a staging copy, so the shared dist/ is left
// alone), checked for what it holds, installed with code-server's `--install-extension` into a fresh
// extensions folder, and activated in the workbench, where it connects to the sandbox and shows the project.
// Run: npm run test:e2e, or `node --import tsx --test test/e2e/vsix.e2e.ts`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { packageVsix } from '../../scripts/vscode/package-vsix.mjs';
import {
  installVsix,
  launchChromium,
  sandboxSettings,
  manifest,
  startSandbox,
  startWorkbench,
  stopEverything,
} from '../../scripts/vscode/workbench.mjs';
import { LOOK, openHopsworksView, rowText, treeItem, UI_TIMEOUT_MS } from './workbench';
import { zipEntries } from './zipEntries';

let packaged: Awaited<ReturnType<typeof packageVsix>>;
let browser: Browser | undefined;

before(
  async () => {
    packaged = await packageVsix();
  },
  { timeout: 300_000 },
);

after(async () => {
  await browser?.close();
  await stopEverything();
});

/** What may be in the .vsix besides the two files of the VSIX format itself. */
const ALLOWED: RegExp[] = [
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/changelog\.md$/i,
  /^extension\/LICENSE(\.txt)?$/,
  /^extension\/dist\/([\w-]+\/)*[\w.-]+\.js$/,
  /^extension\/media\/[\w.-]+\.(png|svg)$/,
];

describe('the .vsix from npm run package', () => {
  it(
    'holds only the bundles (no source maps), media, README, CHANGELOG, LICENSE and the manifest',
    { timeout: 30_000 },
    async () => {
      const entries = await zipEntries(packaged.vsix);
      const files = entries.filter((e) => !e.endsWith('/'));
      const extra = files.filter(
        (f) =>
          f !== '[Content_Types].xml' && f !== 'extension.vsixmanifest' && !ALLOWED.some((re) => re.test(f)),
      );
      assert.deepEqual(extra, [], `files that do not belong in the .vsix: ${extra.join(', ')}`);
      for (const required of [
        'extension/package.json',
        'extension/readme.md',
        'extension/changelog.md',
        'extension/LICENSE.txt',
        `extension/${path.posix.normalize(manifest.main)}`,
        'extension/dist/inferenceLog.js',
        'extension/dist/webview/deploymentForm.js',
        'extension/dist/webview/logViewer.js',
        'extension/media/icon.png',
        'extension/media/hopsworks.svg',
      ]) {
        assert.ok(files.includes(required), `${required} is missing; the .vsix holds: ${files.join(', ')}`);
      }
    },
  );

  it(
    'installs with code-server --install-extension, activates, and shows the connected project',
    // Install + workbench start + a few UI steps, each allowed UI_TIMEOUT_MS on a busy machine.
    { timeout: 600_000 },
    async () => {
      const installed = await installVsix(packaged.vsix);
      assert.equal(fs.lstatSync(installed.installedDir).isSymbolicLink(), false);
      assert.deepEqual(
        fs.readdirSync(installed.extensionsDir).filter((n) => !n.startsWith('.') && n !== 'extensions.json'),
        [path.basename(installed.installedDir)],
      );
      assert.equal(
        (
          JSON.parse(fs.readFileSync(path.join(installed.installedDir, 'package.json'), 'utf8')) as {
            version: string;
          }
        ).version,
        manifest.version,
      );

      const info = await startSandbox();
      // Connected the way `npm start` connects: target in the settings, key in HOPSWORKS_API_KEY.
      const bench = await startWorkbench({
        extensionsDir: installed.extensionsDir,
        settings: { ...LOOK, ...sandboxSettings(info) },
        // The environment names the host the key is for, as `hopsworks.login()` reads it: no prompt.
        env: { HOPSWORKS_API_KEY: info.apiKey, HOPSWORKS_HOST: info.host, HOPSWORKS_PORT: String(info.port) },
      });
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.setDefaultTimeout(UI_TIMEOUT_MS);
      // On a busy machine the workbench needs more than goto's 30 s to fire "load": wait until it is drawn.
      await page.goto(bench.url, { waitUntil: 'commit' });
      await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
      await openHopsworksView(page);
      const project = treeItem(page, 'Project mlops');
      await project.waitFor({ timeout: 60_000 });
      assert.deepEqual(await rowText(project), { label: 'mlops', description: '127.0.0.1' });
      const fraudtf = treeItem(page, 'Deployment fraudtf');
      await fraudtf.waitFor();
      assert.deepEqual(await rowText(fraudtf), { label: 'fraudtf', description: 'Running · fraudtf v2' });
    },
  );
});
