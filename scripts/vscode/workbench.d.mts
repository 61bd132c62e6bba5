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
  /** The Hopsworks version the sandbox stands for (HOPSWORKS_PROFILE of the run). */
  hopsworks: '4.2' | '4.6' | '4.8' | '5.0';
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

/** The sandbox on free ports (the default), with every field of SandboxInfo. */
export function startSandbox(o?: { ports?: 'free'; log?: (line: string) => void }): Promise<SandboxInfo>;
export function tempDir(prefix: string): string;
/** The user settings that point the extension at the sandbox (host, port, project, CA file). */
export function sandboxSettings(info: SandboxInfo): Record<string, unknown>;
/** The HOPSWORKS_* environment the extension reads (the API key among them). */
export function sandboxEnv(info: SandboxInfo): Record<string, string>;
export function installVsix(
  vsix: string,
  o?: { log?: (line: string) => void },
): Promise<{ extensionsDir: string; installedDir: string; output: string }>;
export function startWorkbench(o?: {
  extensionsDir?: string;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** a fixed port; default: an ephemeral one */
  port?: number;
  /** the folder to open; default: a fresh empty one */
  workspace?: string;
  log?: (line: string) => void;
  /** code-server stopped after it was listening (also when stopEverything() stops it) */
  onExit?: (reason: string, lastLines: string[]) => void;
}): Promise<Workbench>;
export function launchChromium(): Promise<Browser>;
export function stopEverything(): Promise<void>;
/** Replaces the default on Ctrl-C/SIGTERM/SIGHUP (stop everything, exit 128+n); only before anything starts. */
export function stopEverythingOnSignals(handler?: (signal: string, exitCode: number) => void): void;
