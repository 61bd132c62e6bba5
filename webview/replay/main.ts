// The comparison panel of a replay in the browser: header (source → target, pace, tolerance), where the run
// stands with Cancel, the summary, the results a page at a time with a verdict filter, the detail of one
// request, and export. It holds no results of its own beyond the page shown: each throttled "changed"
// signal makes it ask the host again.
import type {
  ReplayEndpoint,
  ReplayInfo,
  ReplayProtocol,
  ReplayStatus,
  ReplayVerdict,
} from '../../src/protocol/replay';
import { REPLAY_EXPORT_FORMATS, REPLAY_VERDICTS } from '../../src/protocol/replay';
import { adoptStyles, el } from '../shared/dom';
import { RpcClient } from '../shared/rpcClient';
import { button, dropdown, registerToolkit } from '../shared/toolkit';
import { ReplayDetailPane } from './detail';
import { VERDICT_LABELS, count } from './labels';
import { ResultsTable } from './resultsTable';
import css from './styles.css';
import panelCss from '../shared/panel.css';
import { SummaryView } from './summary';

adoptStyles(panelCss);
adoptStyles(css);
registerToolkit();

const rpc = new RpcClient<ReplayProtocol>();
let info: ReplayInfo | undefined;
let status: ReplayStatus | undefined;

const title = el('h1', { className: 'title', text: 'Replay' });
const subtitle = el('p', { className: 'subtitle' });
const cancelBtn = button('btn-cancel', 'Cancel', 'secondary');
const notice = el('div', { className: 'status-line', attrs: { role: 'status', 'aria-live': 'polite' } });
const say = (text: string, error = false) => {
  notice.textContent = text;
  notice.classList.toggle('is-error', error);
};

const summary = new SummaryView();

const showLabel = el('label', { id: 'show-label', className: 'inline-label', text: 'Show' });
const show = dropdown('show', showLabel);
show.setChoices([
  { value: 'all', label: 'All requests' },
  ...REPLAY_VERDICTS.map((v) => ({ value: v, label: VERDICT_LABELS[v] })),
]);
show.set('all');
const exportButtons = REPLAY_EXPORT_FORMATS.map((format) => ({
  format,
  btn: button(`btn-export-${format}`, `Export ${format === 'csv' ? 'CSV' : 'JSON Lines'}…`, 'secondary'),
}));

const detail = new ReplayDetailPane(() => {
  detail.hide();
  table.markOpen(undefined);
});
const table = new ResultsTable({
  fetch: (offset, limit, verdict) =>
    rpc.request('results', { offset, limit, ...(verdict ? { verdict } : {}) }),
  onOpen: (index) => openDetail(index),
});
show.onInput(() => {
  const v = show.get();
  table.setVerdict(v === 'all' ? undefined : (v as ReplayVerdict));
});

function openDetail(index: number): void {
  table.markOpen(index);
  rpc
    .request('detail', { index })
    .then((d) => (d ? detail.show(d) : detail.showPending(index)))
    .catch((err: unknown) => say(`Could not load request ${index + 1}: ${messageOf(err)}`, true));
}

const root = document.getElementById('root') ?? document.body;
root.replaceChildren(
  el('header', { className: 'header' }, [
    el('div', { className: 'heading' }, [title, subtitle]),
    cancelBtn.el,
  ]),
  summary.el,
  el('div', { className: 'toolbar' }, [showLabel, show.el, ...exportButtons.map((b) => b.btn.el)]),
  el('div', { className: 'main' }, [table.el, detail.el]),
  notice,
);

function endpoint(e: ReplayEndpoint): string {
  return e.model ? `${e.deployment} (${e.model} v${e.modelVersion ?? '?'})` : e.deployment;
}

function render(): void {
  if (!info || !status) return;
  summary.render(info, status);
  const running = status.phase === 'running';
  cancelBtn.el.hidden = !running;
  for (const { btn } of exportButtons) btn.setDisabled(running);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

cancelBtn.onClick(() => {
  cancelBtn.setDisabled(true);
  rpc
    .request('cancel', {})
    .then((s) => {
      status = s;
      render();
      say('Cancelled: nothing more is sent. The answers received so far stay here.');
    })
    .catch((err: unknown) => say(`Could not cancel: ${messageOf(err)}`, true))
    .finally(() => cancelBtn.setDisabled(false));
});
for (const { format, btn } of exportButtons) {
  btn.onClick(() => {
    btn.setDisabled(true);
    rpc
      .request('export', { format })
      .then((r) => {
        if (r.path) say(`Exported ${count(r.requests)} requests to ${r.path}.`);
      })
      .catch((err: unknown) => say(`Export failed: ${messageOf(err)}`, true))
      .finally(() => btn.setDisabled(status?.phase === 'running'));
  });
}

rpc.on('init', (m) => {
  info = m.info;
  status = m.status;
  title.textContent = `Replay: ${m.info.source.deployment} → ${m.info.target.deployment}`;
  subtitle.textContent =
    `${endpoint(m.info.source)} → ${endpoint(m.info.target)} · ${count(m.info.planned)} requests at ${m.info.ratePerSecond}/s` +
    ` · numbers equal within ${m.info.tolerance} (absolute and relative)` +
    (m.info.skipped > 0
      ? ` · ${count(m.info.skipped)} rows left out: ${m.info.skippedReasons.join(' ')}`
      : '');
  subtitle.title = subtitle.textContent;
  render();
  table.refresh();
  const open = detail.shownIndex;
  if (open !== undefined) openDetail(open);
});
rpc.on('changed', (m) => {
  status = m.status;
  render();
  table.refresh();
  // A request whose answer arrived while its detail was open (still pending) is shown now.
  const open = detail.shownIndex;
  if (open !== undefined && !detail.el.querySelector('.detail-facts')) openDetail(open);
});

rpc.ready();
// For tests and for debugging in the webview developer tools.
(window as unknown as { __replay?: unknown }).__replay = { info: () => info, status: () => status };
