// The health strip's figures: one table row per model version (newest first) and, when there are several,
// a total row for every version together. Next to the newest version's error rate and p95, a word says
// whether it is worse or better than the version before it, when the host found the difference clear (the
// reason and the rule are the word's tooltip). Everything is set as text.
import type {
  HealthReply,
  MetricComparison,
  VersionComparison,
  VersionHealth,
} from '../../../src/protocol/logViewerHealth';
import { el } from '../../shared/dom';

/** What can be counted depends on how the deployment logs. */
interface LoggingSetup {
  servingTool: string | undefined;
  loggingMode: string;
}
import {
  VERDICT_LABELS,
  formatCount,
  formatMs,
  formatPercent,
  formatPerSecond,
  versionLabel,
} from './healthFormat';

const COLUMNS = [
  { key: 'rate', label: 'Requests/s' },
  { key: 'errors', label: 'Error rate' },
  { key: 'noResponse', label: 'No response' },
  { key: 'p50', label: 'Latency p50' },
  { key: 'p95', label: 'p95' },
  { key: 'p99', label: 'p99' },
] as const;

export class HealthTable {
  readonly el: HTMLTableElement;
  private readonly body = el('tbody');
  private readonly foot = el('tfoot');
  /** Whether the compared columns keep room for a mark (there is a comparison in this reply). */
  private marks = false;

  constructor() {
    this.el = el('table', { className: 'health-table', id: 'health-table' }, [
      el('caption', { className: 'visually-hidden', text: 'Health by model version' }),
      el('thead', {}, [
        el('tr', {}, [
          el('th', { text: 'Version', attrs: { scope: 'col' } }),
          ...COLUMNS.map((c) => el('th', { text: c.label, attrs: { scope: 'col', 'data-col': c.key } })),
        ]),
      ]),
      this.body,
      this.foot,
    ]);
  }

  update(reply: HealthReply): void {
    const setup: LoggingSetup = { servingTool: reply.servingTool, loggingMode: reply.loggingMode ?? 'ALL' };
    const { versions, all } = reply.snapshot;
    const verdicts = reply.comparison;
    this.marks = verdicts !== null;
    this.el.classList.toggle('has-marks', this.marks);
    this.body.replaceChildren(...versions.map((v) => this.row(v, setup, verdicts)));
    // One version: its row is the total.
    this.foot.replaceChildren(...(versions.length > 1 ? [this.row(all, setup, null)] : []));
  }

  private row(v: VersionHealth, setup: LoggingSetup, comparison: VersionComparison | null): HTMLElement {
    const compared = comparison && comparison.newer.key === v.key ? comparison : null;
    const label = el('th', { text: versionLabel(v), attrs: { scope: 'row' } });
    if (compared) label.title = `Newest version, compared with v${compared.older.version}`;
    const tr = el('tr', {}, [
      label,
      cell('rate', formatPerSecond(v.requestsPerSecond), rateTitle(v)),
      this.errorCell(v, compared),
      noResponseCell(v, setup),
      ...latencyCells(v, compared, this.marks),
    ]);
    tr.dataset.key = v.key;
    return tr;
  }

  private errorCell(v: VersionHealth, compared: VersionComparison | null): HTMLElement {
    if (v.errorRate === null)
      return cell(
        'errors',
        '—',
        v.ok + v.httpErrors + v.noResponse > 0
          ? 'No error rate: failed calls are not logged in this mode.'
          : 'No answered or failed call in this window yet.',
      );
    const settled = v.ok + v.httpErrors + v.noResponse;
    const td = cell(
      'errors',
      formatPercent(v.errorRate),
      `${formatCount(v.httpErrors)} with HTTP ≥ 400 and ${formatCount(v.noResponse)} without a response, of ${formatCount(settled)} calls with an outcome.`,
    );
    if (this.marks) addMark(td, compared?.errorRate, compared?.rule);
    return td;
  }
}

function cell(col: string, text: string, title?: string): HTMLTableCellElement {
  const td = el('td', { attrs: { 'data-col': col } }, [el('span', { className: 'health-value', text })]);
  if (title) td.title = title;
  return td;
}

function rateTitle(v: VersionHealth): string {
  const parts = [`${formatCount(v.requests)} calls in the window`];
  if (v.pending > 0) parts.push(`${formatCount(v.pending)} still waiting for their response`);
  if (v.outcomeUnknown > 0) parts.push(`${formatCount(v.outcomeUnknown)} with no logged outcome`);
  return `${parts.join('; ')}.`;
}

function noResponseCell(v: VersionHealth, setup: LoggingSetup): HTMLElement {
  // Only KServe logs request and response apart, and only ALL mode logs both: elsewhere a missing
  // response is not something the log can show.
  if (setup.servingTool === 'DEFAULT' || setup.loggingMode !== 'ALL')
    return cell(
      'noResponse',
      '—',
      setup.servingTool === 'DEFAULT'
        ? 'This deployment logs each call as one record: there is no separate response to miss.'
        : `In ${setup.loggingMode} mode only one half of each call is logged.`,
    );
  return cell(
    'noResponse',
    formatCount(v.noResponse),
    'Requests whose response never came: KServe logs no response for a failed call.',
  );
}

function latencyCells(v: VersionHealth, compared: VersionComparison | null, marks: boolean): HTMLElement[] {
  const lat = v.latency;
  if (lat.source === 'not-logged') {
    const td = cell('latency', 'not logged', lat.note);
    td.colSpan = 3;
    return [td];
  }
  const figure = (key: 'p50' | 'p95' | 'p99') => {
    const value = lat[key];
    const td = cell(key, value === null ? '—' : formatMs(value), lat.note);
    if (key === 'p95' && marks) addMark(td, value === null ? undefined : compared?.p95, compared?.rule);
    return td;
  };
  return [figure('p50'), figure('p95'), figure('p99')];
}

/** The room beside a figure for "worse" / "better", filled only when the difference is clear. */
function addMark(td: HTMLElement, m: MetricComparison | undefined, rule: string | undefined): void {
  const mark = el('span', { className: 'health-mark' });
  if (m && (m.verdict === 'worse' || m.verdict === 'better'))
    mark.append(
      el('span', {
        className: `health-verdict is-${m.verdict}`,
        text: VERDICT_LABELS[m.verdict],
        title: `${m.reason} ${rule ?? ''}`.trim(),
      }),
    );
  td.append(' ', mark);
}
