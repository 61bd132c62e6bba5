// Reads the `hopsworks.replay.*` settings, with the same bounds package.json declares.
import * as vscode from 'vscode';
import { DEFAULT_REPLAY_RATE, DEFAULT_ABSOLUTE_TOLERANCE } from '../../replay';

export const REPLAY_SECTION = 'hopsworks.replay';

export interface ReplaySettings {
  /** Requests per second sent to the target. */
  requestsPerSecond: number;
  /** Numbers within tolerance + tolerance × max(|a|, |b|) of each other count as equal. */
  tolerance: number;
}

function bounded(n: unknown, min: number, max: number, fallback: number): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

export function readReplaySettings(): ReplaySettings {
  const c = vscode.workspace.getConfiguration(REPLAY_SECTION);
  return {
    requestsPerSecond: bounded(c.get('requestsPerSecond'), 0.1, 100, DEFAULT_REPLAY_RATE),
    tolerance: bounded(c.get('tolerance'), 0, 1e6, DEFAULT_ABSOLUTE_TOLERANCE),
  };
}
