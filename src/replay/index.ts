// The pure part of "Replay to…" (issue 10 §3): plan the requests, send them paced, compare, export.
// Nothing here imports vscode or talks to a server: the host passes the send function and the clock.
export { MAX_REPLAY_REQUESTS, planReplay } from './plan';
export type { ReplayItem, ReplayPlan } from './plan';
export {
  DEFAULT_ABSOLUTE_TOLERANCE,
  DEFAULT_RELATIVE_TOLERANCE,
  VERDICTS,
  comparePredictions,
  predictionPart,
} from './compare';
export type { CompareOptions, Comparison, Difference, Verdict } from './compare';
export { DEFAULT_MAX_IN_FLIGHT, DEFAULT_REPLAY_RATE, ReplayRun } from './replayRun';
export type {
  ReplayOutcome,
  ReplayProgress,
  ReplayResult,
  ReplayRunOptions,
  ReplaySummary,
} from './replayRun';
export { replayJsonlLines, replayResultLine, replayToJsonl } from './exportJsonl';
