// Where a replay can go, and what the confirmation says, without vscode: the quick pick lists the source
// deployment first ("this deployment") and then the other deployments of the project that answer requests
// now (Running, or Idle and woken by the request), and the confirmation names the target, the model it
// serves, the count and the pace before anything is sent.
import type { Deployment } from '../../hopsworks/types';
import { normalizeStatus } from '../../hopsworks/types';
import type { ReplayEndpoint } from '../../protocol/replay';
import { loggingTopic } from '../../deployments/loggerTopics';

/** States in which Hopsworks' inference path forwards a request to the model server. */
const ANSWERING = new Set(['RUNNING', 'IDLE']);

export interface TargetChoice {
  label: string;
  description: string;
  detail?: string;
  deployment: Deployment;
}

export function endpointOf(d: Deployment): ReplayEndpoint {
  const e: ReplayEndpoint = { deployment: d.name };
  if (d.modelName) {
    e.model = d.modelName;
    e.modelVersion = d.modelVersion;
  }
  return e;
}

export function describeEndpoint(e: ReplayEndpoint): string {
  return e.model ? `${e.deployment} (${e.model} v${e.modelVersion ?? '?'})` : e.deployment;
}

function served(d: Deployment): string {
  return d.modelName ? `${d.modelName} v${d.modelVersion}` : 'no model (predictor script only)';
}

/** The quick pick's items: the source first (even when stopped: it says so), then the others that answer. */
export function replayTargets(source: Deployment, all: readonly Deployment[]): TargetChoice[] {
  const current = all.find((d) => d.name === source.name) ?? source;
  const state = normalizeStatus(current.status);
  const first: TargetChoice = {
    label: current.name,
    description: `this deployment · ${served(current)}`,
    deployment: current,
  };
  if (!ANSWERING.has(state))
    first.detail = `${state.toLowerCase()}: start it first, or Hopsworks refuses the requests (250001)`;
  const others = all
    .filter((d) => d.name !== source.name && ANSWERING.has(normalizeStatus(d.status)))
    .sort((a, b) => {
      // The same model's other versions first: that is what a replay usually compares.
      const sa = a.modelName === source.modelName ? 0 : 1;
      const sb = b.modelName === source.modelName ? 0 : 1;
      return sa - sb || a.name.localeCompare(b.name);
    })
    .map((d) => ({
      label: d.name,
      description: `${normalizeStatus(d.status) === 'IDLE' ? 'idle (wakes on the first request)' : 'running'} · ${served(d)}`,
      deployment: d,
    }));
  return [first, ...others];
}

export interface Confirmation {
  message: string;
  detail: string;
  /** The button that sends; anything else sends nothing. */
  button: string;
}

export function replayConfirmation(o: {
  source: Deployment;
  target: Deployment;
  count: number;
  ratePerSecond: number;
  /** Chosen rows that cannot be replayed, with the reasons (first few). */
  skipped: number;
  skippedReasons: readonly string[];
}): Confirmation {
  const n = `${o.count} request${o.count === 1 ? '' : 's'}`;
  const seconds = Math.ceil(o.count / o.ratePerSecond);
  const about = seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
  const lines = [
    `They go through Hopsworks' inference path of ${o.target.name} at ${o.ratePerSecond} per second (about ${about}); Cancel in the progress notification stops them.`,
  ];
  if (loggingTopic(o.target) !== undefined)
    lines.push(`${o.target.name} logs its inferences: the replayed requests are logged as new ones.`);
  if (o.skipped > 0)
    lines.push(
      `${o.skipped} chosen row${o.skipped === 1 ? '' : 's'} cannot be replayed and ${o.skipped === 1 ? 'is' : 'are'} left out: ${o.skippedReasons.join(' ')}`,
    );
  return {
    message: `Send ${n} logged by ${o.source.name} to ${o.target.name} (${served(o.target)})?`,
    detail: lines.join('\n'),
    button: `Send ${n}`,
  };
}

/** The distinct reasons rows were left out, with how often each occurred (at most `max` of them). */
export function skippedReasons(skipped: readonly { reason: string }[], max = 3): string[] {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([reason, n]) => (n > 1 ? `${n} × ${reason}` : reason));
}
