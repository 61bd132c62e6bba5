// "Server Logs at This Time": what to read for a moment (a row of the log panel) and where to land in it.
// On a server with a log archive (5.0+) a window around the moment, from the archive; before 5.0 the newest
// lines the live pods still hold (the endpoint has no time parameters there), searched for the moment. Lands on
// the first line that names the request's inference id (its error line, whose traceback follows), else on the
// line nearest the moment, and says which it was. Pure.
import type { DeploymentComponent } from '../hopsworks/types';
import type { ServerLogModel } from './logModel';
import type { ServerLogOptions } from './options';
import { utcTime } from './options';

/** The window read around a moment: the request's time is in whole seconds, its answer may come much later. */
export const MOMENT_BEFORE_MS = 60_000;
export const MOMENT_AFTER_MS = 120_000;
/** Archive lines asked for around a moment. */
export const MOMENT_ARCHIVE_TAIL = 5_000;
/** Live-pod lines asked for per pod: as far back as the endpoint's 50 KB per pod allows. */
export const MOMENT_LIVE_TAIL = 2_000;

export interface Moment {
  timeMs: number;
  inferenceId?: string;
}

export function momentOptions(
  component: DeploymentComponent,
  m: Moment,
  source: 'archive' | 'live',
): ServerLogOptions {
  return source === 'archive'
    ? {
        component,
        source: 'opensearch',
        tail: MOMENT_ARCHIVE_TAIL,
        since: m.timeMs - MOMENT_BEFORE_MS,
        until: m.timeMs + MOMENT_AFTER_MS,
      }
    : { component, source: 'kubernetes', tail: MOMENT_LIVE_TAIL };
}

export interface Landing {
  /** model line to put the cursor on; undefined when the document has no line */
  index?: number;
  /** the request's own lines were found */
  found: boolean;
  /** what to tell the person when the request's lines were not found (undefined when they were) */
  note?: string;
}

export function landing(model: ServerLogModel, m: Moment): Landing {
  if (m.inferenceId) {
    const blocks = model.blocksNaming(m.inferenceId);
    if (blocks[0]) return { index: blocks[0].first, found: true };
  }
  const index = model.nearest(m.timeMs);
  const span = model.span();
  const at = `${utcTime(m.timeMs)} UTC`;
  const what = m.inferenceId ? `No line shown names request ${m.inferenceId}` : 'Showing the lines';
  let note: string;
  if (span.firstMs === undefined) {
    note = `${what}: there are no lines to search.`;
  } else if (m.timeMs < span.firstMs) {
    note =
      `${what}: the lines shown start at ${utcTime(span.firstMs)} UTC, after its time (${at}). The live pods ` +
      'keep only their newest lines (at most 50 KB each reach the editor); on Hopsworks 5.0 and later the log ' +
      'archive reaches further back.';
  } else {
    note = m.inferenceId
      ? `${what}: the cursor is at its time (${at}). A model server that logs no request ids (TensorFlow Serving, Flask) prints none to find.`
      : `${what} at ${at}.`;
  }
  return index === undefined ? { found: false, note } : { index, found: false, note };
}
