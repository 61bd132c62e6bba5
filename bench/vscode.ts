// The extension measured in the real VS Code (code-server's workbench in headless Chromium), as a person gets
// it: `npm run package` builds the production .vsix (in a staging copy), code-server installs it, the
// workbench opens with the Hopsworks view connected to the sandbox.
//
// - activation_ms: from the start of activate() to the tree's first render of the deployments
//   (api.timings.firstTreeRenderMs, which the extension writes to its own log, "Tree first rendered … ms"),
//   when VS Code opens with the Hopsworks view showing: the median over `runs` reloads of the window, each a
//   fresh extension host that also starts VS Code's own extensions (git, …) at the same moment. It includes
//   connecting (HTTPS to the sandbox on loopback): activation_connect_ms is the part up to "Connected".
//   activation_min_ms / activation_max_ms / activation_runs go with it.
// - activation_after_startup_ms: the same, once, when the person opens the view after VS Code has settled.
// - extension_bundle_kb: dist/extension.js of the production build, the only bundle loaded at activation;
//   <name>_bundle_kb for each other bundle (the Kafka/Avro pipeline and the webviews load on demand).
// - vsix_kb: the packaged .vsix.
//
// Prints nothing; `node --import tsx bench/vscode.ts [--runs N]` prints the result as one JSON line.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { packageVsix } from '../scripts/vscode/package-vsix.mjs';
import {
  extensionId,
  installVsix,
  launchChromium,
  sandboxSettings,
  startSandbox,
  startWorkbench,
  stopEverything,
} from '../scripts/vscode/workbench.mjs';

export interface VscodeBench {
  activation_ms: number;
  first_tree_render_ms?: number;
  extension_bundle_kb: number;
  vsix_kb: number;
  [k: string]: number | undefined;
}

const RENDER_LINE = /^(\S+ \S+) \[\w+\] Tree first rendered ([\d.]+) ms after activation started/m;
const CONNECTED_LINE = /^(\S+ \S+) \[\w+\] Connected to project /m;
/** activate() itself, before any network I/O (the extension logs it as it returns). */
const ACTIVATED_LINE = /\[\w+\] Activated in ([\d.]+) ms\./m;

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** `webview/logViewer.js` → `webview_log_viewer_bundle_kb` */
export function bundleKey(file: string): string {
  const stem = file.replace(/\.js$/, '').replace(/[/\\]/g, '_');
  return `${stem.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}_bundle_kb`;
}

/** One extension host's measurement, from the extension's own log. */
interface HostTiming {
  dir: string;
  /** activate() start → deployments first shown (api.timings.firstTreeRenderMs) */
  renderMs: number;
  /** activate() start → connected (from the log lines' clock; millisecond resolution) */
  connectMs?: number;
  /** the synchronous activate() call itself */
  activateCallMs?: number;
}

const logTime = (stamp: string) => Date.parse(stamp.replace(' ', 'T'));

/** Every extension host's timing, oldest first. */
function hostTimings(userData: string): HostTiming[] {
  const found: (HostTiming & { order: string })[] = [];
  const logs = path.join(userData, 'logs');
  if (!fs.existsSync(logs)) return [];
  for (const session of fs.readdirSync(logs)) {
    const sessionDir = path.join(logs, session);
    if (!fs.statSync(sessionDir).isDirectory()) continue;
    for (const host of fs.readdirSync(sessionDir).filter((n) => /^exthost\d+$/.test(n))) {
      const file = path.join(sessionDir, host, extensionId, 'Hopsworks.log');
      if (!fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, 'utf8');
      const render = RENDER_LINE.exec(text);
      if (!render) continue;
      const renderMs = Number(render[2]);
      const connected = CONNECTED_LINE.exec(text);
      const connectMs = connected ? renderMs - (logTime(render[1]!) - logTime(connected[1]!)) : undefined;
      const activated = ACTIVATED_LINE.exec(text);
      found.push({
        activateCallMs: activated ? Number(activated[1]) : undefined,
        dir: path.join(sessionDir, host),
        order: `${session}/${host.replace(/\d+$/, (n) => n.padStart(6, '0'))}`,
        renderMs,
        connectMs,
      });
    }
  }
  return found.sort((a, b) => a.order.localeCompare(b.order));
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The first extension host's log, once VS Code says its startup extensions are active. */
function startupSettled(userData: string): true | undefined {
  const logs = path.join(userData, 'logs');
  if (!fs.existsSync(logs)) return undefined;
  for (const session of fs.readdirSync(logs)) {
    const file = path.join(logs, session, 'exthost1', 'remoteexthost.log');
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('Eager extensions activated'))
      return true;
  }
  return undefined;
}

/** Opens the Hopsworks view from the activity bar and waits for the deployments. */
async function openViewAndWait(page: Page, beforeClick: () => Promise<unknown>): Promise<void> {
  const icon = page.locator('.activitybar .action-label[aria-label="Hopsworks"]');
  await icon.waitFor({ timeout: 60_000 });
  await beforeClick();
  await icon.click();
  await deploymentsShown(page);
}

function deploymentsShown(page: Page): Promise<void> {
  return page.getByRole('treeitem', { name: /^Deployment fraudtf\s/ }).waitFor({ timeout: 60_000 });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function benchVscode(opts: { runs?: number } = {}): Promise<VscodeBench> {
  const runs = Math.max(1, opts.runs ?? 3);
  let browser: Browser | undefined;
  try {
    const packaged = await packageVsix();
    const main = packaged.bundles['extension.js'];
    if (main === undefined) throw new Error('the production build has no dist/extension.js');
    const installed = await installVsix(packaged.vsix);
    const info = await startSandbox();
    const bench = await startWorkbench({
      extensionsDir: installed.extensionsDir,
      settings: sandboxSettings(info),
      // The environment names the host the key is for, as `hopsworks.login()` reads it: no prompt.
      env: { HOPSWORKS_API_KEY: info.apiKey, HOPSWORKS_HOST: info.host, HOPSWORKS_PORT: String(info.port) },
    });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(bench.url);
    // 1: a fresh window on the Explorer; the person opens the Hopsworks view once VS Code has settled.
    await openViewAndWait(page, () => waitFor('VS Code startup', () => startupSettled(bench.userData)));
    await waitFor('the first render time in the log', () =>
      hostTimings(bench.userData).length >= 1 ? true : undefined,
    );
    // 2..: reloads, which reopen the Hopsworks view while VS Code starts (a new extension host each time).
    for (let i = 2; i <= runs + 1; i++) {
      await page.reload();
      // No click: the workbench restores the view it showed last (a click on its icon would hide it).
      await deploymentsShown(page);
      await waitFor(`render time ${i} in the log`, () =>
        hostTimings(bench.userData).length >= i ? true : undefined,
      );
    }
    const [settled, ...atStartup] = hostTimings(bench.userData);
    const renders = atStartup.map((t) => t.renderMs);
    const connects = atStartup.map((t) => t.connectMs).filter((v): v is number => v !== undefined);
    const calls = atStartup.map((t) => t.activateCallMs).filter((v): v is number => v !== undefined);
    const result: VscodeBench = {
      activation_ms: round1(median(renders)),
      activation_min_ms: round1(Math.min(...renders)),
      activation_max_ms: round1(Math.max(...renders)),
      activation_runs: renders.length,
      activation_connect_ms: connects.length ? round1(median(connects)) : undefined,
      activate_call_ms: calls.length ? round1(median(calls)) : undefined,
      activation_after_startup_ms: round1(settled!.renderMs),
      extension_bundle_kb: kb(main),
      vsix_kb: kb(packaged.vsixBytes),
    };
    for (const [file, bytes] of Object.entries(packaged.bundles)) {
      if (file !== 'extension.js') result[bundleKey(file)] = kb(bytes);
    }
    result.all_bundles_kb = kb(Object.values(packaged.bundles).reduce((a, b) => a + b, 0));
    return result;
  } finally {
    await browser?.close();
    await stopEverything();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  benchVscode({ runs: Number(values.runs) })
    .then((r) => console.log(JSON.stringify(r)))
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    });
}
