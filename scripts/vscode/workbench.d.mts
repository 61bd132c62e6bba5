// Types of workbench.mjs for the TypeScript end-to-end tests and benchmark.
import type { Browser } from 'playwright-core';

export interface SandboxInfo {
  host: string;
  port: number;
  project: string;
  projectId: number;
  apiKey: string;
  caFile: string;
  keys: { noServingScope: string; unknown: string };
  kafka: { plaintextBootstrap: string; tlsBootstrap: string; controlUrl: string };
}

export interface Workbench {
  /** the workbench page to open, with the workspace folder */
  url: string;
  port: number;
  state: string;
  userData: string;
  extensionsDir: string;
  logFile: string;
  exited(): string | undefined;
  stop(): Promise<void>;
}

export const repo: string;
export const extensionId: string;
export const manifest: { name: string; publisher: string; version: string; main: string };
export const QUIET_SETTINGS: Record<string, unknown>;

export function startSandbox(o?: { log?: (line: string) => void }): Promise<SandboxInfo>;
export function tempDir(prefix: string): string;
/** The user settings that point the extension at the sandbox (host, port, project, CA file). */
export function sandboxSettings(info: SandboxInfo): Record<string, unknown>;
export function installVsix(
  vsix: string,
  o?: { log?: (line: string) => void },
): Promise<{ extensionsDir: string; installedDir: string; output: string }>;
export function startWorkbench(o?: {
  extensionsDir?: string;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  log?: (line: string) => void;
}): Promise<Workbench>;
export function launchChromium(): Promise<Browser>;
export function stopEverything(): Promise<void>;
