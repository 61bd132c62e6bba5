// Replay results as the comparison panel shows them: every prediction, path and value turned into bounded
// text here on the host, so the webview only ever sets textContent and never receives a huge tensor.
// No vscode.
import type { Difference, ReplayItem, ReplayResult } from '../../replay';
import type {
  LargestDifference,
  ReplayDetail,
  ReplayDifferenceView,
  ReplayRowView,
} from '../../protocol/replay';

/** Characters of a prediction in the table's one-line preview. */
export const PREVIEW_CHARS = 120;
/** Characters of a body or prediction in the detail pane. */
export const DETAIL_CHARS = 100_000;

/** A value as one line of JSON, cut to `max` characters; `—` for nothing. */
export function valueText(v: unknown, max = PREVIEW_CHARS): string {
  if (v === undefined) return '—';
  let s: string;
  try {
    s = typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? typeof v);
  } catch {
    // Too deep for the serialiser (a pathological tensor): say so rather than fail the page.
    s = '(too deeply nested to show)';
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A value pretty-printed for the detail pane, cut to DETAIL_CHARS; empty for nothing. */
export function prettyText(v: unknown): string {
  if (v === undefined) return '';
  let s: string;
  try {
    s = JSON.stringify(v, null, 2) ?? typeof v;
  } catch {
    s = '(too deeply nested to show)';
  }
  return s.length > DETAIL_CHARS ? `${s.slice(0, DETAIL_CHARS - 1)}…` : s;
}

export function toRowView(r: ReplayResult): ReplayRowView {
  const view: ReplayRowView = {
    index: r.index,
    inferenceId: r.inferenceId,
    modelVersion: r.modelVersion,
    verdict: r.verdict,
    logged: r.verdict === 'error' && r.comparison.logged === undefined ? '—' : valueText(r.comparison.logged),
    fresh: r.verdict === 'error' ? '—' : valueText(r.comparison.fresh),
    maxAbsDiff: r.comparison.maxAbsDiff,
    differenceCount: r.comparison.differenceCount,
    durationMs: r.durationMs,
  };
  const note = r.error ?? r.comparison.note;
  if (note !== undefined) view.note = note;
  return view;
}

function differenceView(d: Difference): ReplayDifferenceView {
  const v: ReplayDifferenceView = { path: d.path, logged: valueText(d.logged), fresh: valueText(d.fresh) };
  if (d.absDiff !== undefined) v.absDiff = d.absDiff;
  return v;
}

export function toDetail(r: ReplayResult, item: ReplayItem | undefined): ReplayDetail {
  const d: ReplayDetail = {
    index: r.index,
    rowId: r.rowId,
    inferenceId: r.inferenceId,
    modelVersion: r.modelVersion,
    verdict: r.verdict,
    sentAtMs: r.sentAtMs,
    durationMs: r.durationMs,
    request: prettyText(item?.body),
    logged: prettyText(r.comparison.logged),
    fresh: prettyText(r.comparison.fresh),
    differenceCount: r.comparison.differenceCount,
    differences: r.comparison.differences.map(differenceView),
  };
  const note = r.error ?? r.comparison.note;
  if (note !== undefined) d.note = note;
  return d;
}

/** The `limit` largest numeric differences over the results, largest first. */
export function largestDifferences(results: Iterable<ReplayResult>, limit = 10): LargestDifference[] {
  const all: LargestDifference[] = [];
  for (const r of results) {
    for (const d of r.comparison.differences) {
      if (d.absDiff === undefined) continue;
      all.push({
        index: r.index,
        inferenceId: r.inferenceId,
        path: d.path,
        logged: valueText(d.logged),
        fresh: valueText(d.fresh),
        absDiff: d.absDiff,
      });
    }
  }
  return all.sort((a, b) => b.absDiff - a.absDiff || a.index - b.index).slice(0, limit);
}
