// The replay's result as JSON Lines: one object per request sent, then one summary line, so a person can
// keep the comparison next to the log export (and a script can read it back line by line).
import type { ReplayOutcome, ReplayResult } from './replayRun';

export function replayResultLine(r: ReplayResult): string {
  return JSON.stringify({
    type: 'request',
    index: r.index,
    rowId: r.rowId,
    inferenceId: r.inferenceId || undefined,
    modelVersion: r.modelVersion,
    verdict: r.verdict,
    sentAt: new Date(r.sentAtMs).toISOString(),
    durationMs: r.durationMs,
    logged: r.comparison.logged,
    new: r.comparison.fresh,
    maxAbsDiff: r.comparison.maxAbsDiff,
    differenceCount: r.comparison.differenceCount,
    differences: r.comparison.differences.length > 0 ? r.comparison.differences : undefined,
    error: r.error,
    note: r.verdict === 'no-logged-prediction' ? r.comparison.note : undefined,
  });
}

/** Every line, each ending in "\n". */
export function* replayJsonlLines(outcome: ReplayOutcome): Generator<string> {
  for (const r of outcome.results) yield `${replayResultLine(r)}\n`;
  yield `${JSON.stringify({ type: 'summary', ...outcome.summary })}\n`;
}

export function replayToJsonl(outcome: ReplayOutcome): string {
  return [...replayJsonlLines(outcome)].join('');
}
