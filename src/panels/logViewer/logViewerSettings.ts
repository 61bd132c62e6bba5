// Reads the `hopsworks.inferenceLog.*` settings, with the same bounds package.json declares.
import * as vscode from 'vscode';
import type { StartFrom } from '../../protocol/logViewer';

export const LOG_SECTION = 'hopsworks.inferenceLog';

export interface LogSettings {
  capacity: number;
  maxMemoryMB: number;
  startFrom: StartFrom;
  noResponseTimeoutMs: number;
  bootstrapServers: string;
}

function clamp(n: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : fallback;
}

export function readLogSettings(): LogSettings {
  const c = vscode.workspace.getConfiguration(LOG_SECTION);
  return {
    capacity: clamp(c.get<number>('capacity', 100_000), 1_000, 1_000_000, 100_000),
    maxMemoryMB: clamp(c.get<number>('maxMemoryMB', 256), 16, 8_192, 256),
    startFrom: c.get<string>('startFrom', 'latest') === 'earliest' ? 'earliest' : 'latest',
    noResponseTimeoutMs: clamp(c.get<number>('noResponseTimeoutSeconds', 30), 1, 3_600, 30) * 1000,
    bootstrapServers: c.get<string>('bootstrapServers', '').trim(),
  };
}
