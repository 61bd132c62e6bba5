// What "Replay Inference Requests…" was run on: a deployment item of the tree, a Deployment, or — from a
// script or a test — `{ deployment: "name", newest: 100 }`. Pure (no vscode), so it is unit-tested.
import { MAX_REPLAY_ROWS } from '../protocol/replay';
import { deploymentOf } from './commandArgs';

export interface ReplayArgs {
  /** The deployment whose log panel holds the requests. */
  deployment?: string;
  /** How many of the newest requests (1 to MAX_REPLAY_ROWS). */
  newest?: number;
}

export function replayArgsOf(arg: unknown): ReplayArgs {
  const out: ReplayArgs = {};
  const d = deploymentOf(arg);
  if (d) {
    out.deployment = d.name;
    return out;
  }
  if (typeof arg !== 'object' || arg === null) return out;
  const a = arg as { deployment?: unknown; newest?: unknown };
  if (typeof a.deployment === 'string' && a.deployment !== '') out.deployment = a.deployment;
  if (
    typeof a.newest === 'number' &&
    Number.isInteger(a.newest) &&
    a.newest >= 1 &&
    a.newest <= MAX_REPLAY_ROWS
  )
    out.newest = a.newest;
  return out;
}

/** The input box's check of a count typed by a person; undefined when it is fine. */
export function countProblem(text: string, held: number): string | undefined {
  const max = Math.min(MAX_REPLAY_ROWS, held);
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > max) return `Enter a whole number from 1 to ${max}.`;
  return undefined;
}
