// The comparison written to a file: JSON Lines (the core's replayJsonlLines: one line per request, then a
// summary line) or CSV (one line per request, values as JSON text through the log export's CSV field
// writer, which quotes and neutralises what a spreadsheet would run as a formula). Streamed through a
// pipeline so a thousand large predictions never sit in one string; a failed write removes its partial
// file. No vscode.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvField } from '../../inferenceLog/csv';
import type { ReplayOutcome, ReplayResult } from '../../replay';
import { replayJsonlLines } from '../../replay';
import type { ReplayExportFormat } from '../../protocol/replay';

export const REPLAY_CSV_COLUMNS = [
  'index',
  'rowId',
  'inferenceId',
  'modelVersion',
  'verdict',
  'sentAt',
  'durationMs',
  'maxAbsDiff',
  'differenceCount',
  'logged',
  'new',
  'note',
] as const;

/** A value as JSON text for a CSV cell (undefined stays an empty cell). */
function jsonCell(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  try {
    return JSON.stringify(v);
  } catch {
    return '(too deeply nested to write)';
  }
}

export function replayCsvLine(r: ReplayResult): string {
  const fields: (string | number | undefined)[] = [
    r.index,
    r.rowId,
    r.inferenceId || undefined,
    r.modelVersion,
    r.verdict,
    new Date(r.sentAtMs).toISOString(),
    r.durationMs,
    r.comparison.maxAbsDiff ?? undefined,
    r.comparison.differenceCount,
    jsonCell(r.comparison.logged),
    jsonCell(r.comparison.fresh),
    r.error ?? r.comparison.note,
  ];
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function* replayCsvLines(outcome: ReplayOutcome): Generator<string> {
  yield `${REPLAY_CSV_COLUMNS.join(',')}\r\n`;
  for (const r of outcome.results) yield replayCsvLine(r);
}

/** Writes the outcome to `filePath`; resolves with the number of requests written. */
export async function writeReplayExport(
  outcome: ReplayOutcome,
  filePath: string,
  format: ReplayExportFormat,
): Promise<{ requests: number }> {
  const lines = format === 'csv' ? replayCsvLines(outcome) : replayJsonlLines(outcome);
  try {
    await pipeline(Readable.from(lines), createWriteStream(filePath, { encoding: 'utf8' }));
  } catch (err) {
    // Half a comparison is worse than none: nothing is left behind that looks like a complete export.
    await rm(filePath, { force: true }).catch(() => undefined);
    throw err;
  }
  return { requests: outcome.results.length };
}
