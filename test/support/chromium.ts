// Headless Chromium for browser tests: the system binary (or HOPSWORKS_VSCODE_CHROMIUM, as the VS Code
// scripts honour), with the flags that keep it from reaching the network or needing a GPU or a sandbox.
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.HOPSWORKS_VSCODE_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}
