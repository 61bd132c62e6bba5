// The inference-log panel in the browser: toolbar (state, pause/resume, clear, start position, export,
// tail), filters, counters and chart, the virtualized table with its detail pane, and the test-request
// editor. It holds no rows of its own beyond the page on screen: each throttled "changed" signal makes it
// ask the host again for what it shows.
import uplotCss from 'uplot/dist/uPlot.min.css';
import type {
  ConsumerState,
  LogViewerProtocol,
  PanelInfo,
  RowFilter,
  RowSummary,
  StartFrom,
  StoreStats,
} from '../../src/protocol/logViewer';
import { modelLabel } from '../../src/deployments/deploymentModel';
import { EXPORT_FORMATS, EXPORT_FORMAT_LABELS } from '../../src/inferenceLog/types';
import { RATE_WINDOW_MS } from '../../src/protocol/logViewer';
import { RpcClient } from '../shared/rpcClient';
import { button, checkbox, dropdown, registerToolkit } from '../shared/toolkit';
import { EventChart } from './chart/eventChart';
import { DetailPane } from './detail';
import { adoptStyles, el } from '../shared/dom';
import type { SavedFilter } from './filters';
import { FilterBar } from './filters';
import {
  describeStartFrom,
  describeState,
  formatCount,
  formatRate,
  parseLocalDateTime,
  toLocalDateTimeValue,
} from './format';
import css from './styles.css';
import panelCss from '../shared/panel.css';
import { LogTable } from './table';
import { StatusLine } from './statusLine';
import { TestRequestEditor } from './testRequest';
import { mountServerLogs } from './serverLogs/serverLogsActions';
import { DeploymentScope } from './fidelity/deploymentScope';
import { MemoryCounter } from './fidelity/memoryCounter';
import type { PayloadHalf } from '../../src/protocol/logViewer';
import { ReplayBar } from './replay/replayBar';
import { RowSelection } from './replay/rowSelection';
import type { HealthSaved } from './health/healthSection';
import { HealthSection } from './health/healthSection';
import type { SavedFeatures } from './features/featuresView';
import { FeaturesView } from './features/featuresView';

adoptStyles(uplotCss);
adoptStyles(panelCss);
adoptStyles(css);
registerToolkit();

interface SavedState {
  filter?: SavedFilter;
  testBody?: string;
  /** Every deployment's rows shown on a shared topic (fidelity/deploymentScope.ts). */
  allDeployments?: boolean;
  health?: HealthSaved;
  features?: SavedFeatures;
}

const CHART_INTERVAL_MS = 1_000;
const CHART_BUCKETS = 60;

const rpc = new RpcClient<LogViewerProtocol>();
const saved = (rpc.api.getState() ?? {}) as SavedState;
const persist = (patch: Partial<SavedState>) => {
  Object.assign(saved, patch);
  rpc.api.setState(saved);
};

let info: PanelInfo | undefined;
let state: ConsumerState = { state: 'connecting' };

// ---- status line (aria-live) ----
const status = new StatusLine();
function notice(text: string, error = false): void {
  status.show(text, { error });
}
const failed = (what: string) => (err: unknown) =>
  notice(`${what}: ${err instanceof Error ? err.message : String(err)}`, true);

// ---- header: title + state ----
const title = el('h1', { className: 'title', text: 'Inference logs' });
const subtitle = el('span', { className: 'subtitle' });
const stateDot = el('span', { className: 'state-dot', attrs: { 'aria-hidden': 'true' } });
const stateLabel = el('span', { className: 'state-label', id: 'state-label' });
const stateDetail = el('span', { className: 'state-detail', id: 'state-detail' });
const statePill = el('div', { className: 'state', attrs: { 'data-state': 'connecting', role: 'status' } }, [
  stateDot,
  stateLabel,
  stateDetail,
]);

// ---- toolbar ----
const pauseBtn = button('btn-pause', 'Pause', 'secondary');
const clearBtn = button('btn-clear', 'Clear', 'secondary');
const follow = checkbox('follow', 'Follow newest');
follow.set(true);
// One button per format the core can write, so a new format shows up here without another edit. The visible
// label is short (the group is labelled "Export"); screen readers hear the whole action.
const exportButtons = EXPORT_FORMATS.map((format) => {
  const btn = button(`btn-export-${format}`, `${EXPORT_FORMAT_LABELS[format]}…`, 'secondary');
  btn.el.setAttribute('aria-label', `Export ${EXPORT_FORMAT_LABELS[format]}…`);
  return { format, btn };
});
const tailBtn = button('btn-tail', 'Tail to Output', 'secondary');
const testBtn = button('btn-test', 'Test request…', 'secondary');

const startLabel = el('label', { id: 'start-label', className: 'inline-label', text: 'Start from' });
const startMode = dropdown('start-mode', startLabel);
startMode.setChoices([
  { value: 'latest', label: 'Latest' },
  { value: 'earliest', label: 'Earliest' },
  { value: 'time', label: 'Date and time…' },
]);
startMode.set('latest');
const startTime = el('input', {
  className: 'start-time',
  id: 'start-time',
  attrs: { type: 'datetime-local', 'aria-label': 'Start date and time' },
});
startTime.hidden = true;
const restartBtn = button('btn-restart', 'Restart', 'secondary');
startMode.onInput(() => {
  startTime.hidden = startMode.get() !== 'time';
  if (!startTime.hidden && !startTime.value) startTime.value = toLocalDateTimeValue(Date.now() - 15 * 60_000);
});

// Three groups that each stay on one line; a narrow panel moves a whole group to the next line.
const toolbar = el('div', { className: 'toolbar' }, [
  el('div', { className: 'toolbar-group' }, [pauseBtn.el, clearBtn.el, follow.el]),
  el('div', { className: 'toolbar-group' }, [startLabel, startMode.el, startTime, restartBtn.el]),
  el('div', { className: 'toolbar-group' }, [
    el('span', { className: 'inline-label', text: 'Export', attrs: { 'aria-hidden': 'true' } }),
    ...exportButtons.map((b) => b.btn.el),
    tailBtn.el,
    testBtn.el,
  ]),
]);

// ---- counters + chart ----
const counterEls = new Map<string, HTMLElement>();
function counter(key: string, label: string, title?: string): HTMLElement {
  const value = el('span', { className: 'counter-value', id: `counter-${key}`, text: '0' });
  counterEls.set(key, value);
  return el('div', { className: `counter counter-${key}`, title }, [
    value,
    el('span', { className: 'counter-label', text: label }),
  ]);
}
const counters = el('div', { className: 'counters' }, [
  counter(
    'rate',
    'events/s',
    `Messages per second over the last ${RATE_WINDOW_MS / 1000} s; — while not reading`,
  ),
  counter('total', 'messages'),
  counter('errors', 'errors'),
  counter('undecodable', 'undecodable'),
  counter('dropped', 'dropped by the limit'),
  counter('held', 'rows held'),
]);
const chart = new EventChart();
const memory = new MemoryCounter();
counters.append(memory.el);
const scope = new DeploymentScope(saved.allDeployments ?? false, (all) => {
  persist({ allDeployments: all });
  applyFilter(filters.current());
});

// ---- table + detail ----
const filters = new FilterBar((f) => applyFilter(f));
let filter: RowFilter = {};
const detail = new DetailPane({
  onCopy: (id) => {
    rpc
      .request('copyEvent', { id })
      .then((r) =>
        notice(
          r.copied ? 'Event copied to the clipboard as JSON.' : 'That event is no longer held.',
          !r.copied,
        ),
      )
      .catch(failed('Copy failed'));
  },
  onClose: () => detail.hide(),
  onOpenPayload: (id, half) => openPayload(id, half),
});
function openPayload(id: number, half: PayloadHalf): void {
  rpc
    .request('openPayload', { id, half })
    .then((r) =>
      notice(
        r.opened
          ? `Opened the whole ${half} (${formatCount(r.chars)} characters) in an editor.`
          : 'That event is no longer held.',
        !r.opened,
      ),
    )
    .catch(failed('Could not open the payload'));
}
const selection = new RowSelection({
  idsBetween: (fromId, toId) => rpc.request('selectRange', { filter, fromId, toId }),
});
const replayBar = new ReplayBar({
  selection,
  filter: () => filter,
  replay: (which) => rpc.request('replay', which),
  notice,
});
// A shown row that changed (its response arrived, or it timed out) is fetched again.
function followShownRow(rows: readonly Pick<RowSummary, 'id' | 'outcome' | 'httpCode' | 'kind'>[]): void {
  const id = detail.shownId;
  if (id === undefined) return;
  const r = rows.find((x) => x.id === id);
  if (r && detail.shownKey !== `${r.id}:${r.outcome}:${r.httpCode}:${r.kind}`) showDetail(id);
}
const features: FeaturesView = new FeaturesView({
  rpc,
  filter: () => filter,
  onFilter: () => table.setFilter(filter),
  onMode: (mode) => (table.el.hidden = mode === 'features'),
  onSelect: (id) => showDetail(id),
  onPage: followShownRow,
  onFollowChange: (on) => follow.set(on),
  persist: (f) => persist({ features: f }),
});
const table: LogTable = new LogTable({
  selection,
  query: (p) => features.query(p),
  onSelect: (row) => showDetail(row.id),
  onPage: followShownRow,
  onFollowChange: (on) => follow.set(on),
});
follow.onInput(() => {
  table.setFollowing(follow.get());
  features.setFollowing(follow.get());
});

function showDetail(id: number): void {
  rpc
    .request('detail', { id })
    .then((d) => {
      if (d) detail.show(d);
      else detail.showGone(id);
      table.revealSelected();
      features.grid.revealSelected();
    })
    .catch(failed('Could not load the event'));
}

// ---- test request ----
const testEditor = new TestRequestEditor({
  send: (body) => rpc.request('sendTestRequest', { body }),
  suggest: () => rpc.request('suggestTestRequest', {}),
  onEdit: (body) => persist({ testBody: body }),
  openPayload: (id) => openPayload(id, 'request'),
});
testBtn.onClick(() => testEditor.toggle(true));

// ---- health by model version ----
const health = new HealthSection({
  request: (p) => rpc.request('health', p),
  saved: saved.health,
  persist: (h) => persist({ health: h }),
});

// ---- layout ----
toolbar.append(replayBar.el);
const root = document.getElementById('root') ?? document.body;
root.replaceChildren(
  el('header', { className: 'header' }, [el('div', { className: 'heading' }, [title, subtitle]), statePill]),
  toolbar,
  health.el,
  // Before the row filters: Tab goes from the last filter to the chart's legend, then to the table.
  features.bar.el,
  filters.el,
  scope.el,
  el('div', { className: 'overview' }, [counters, chart.el]),
  el('div', { className: 'main' }, [table.el, features.grid.el, detail.el]),
  features.pane.el,
  testEditor.el,
  status.el,
);
table.attached();

// ---- behaviour ----
function applyFilter(f: RowFilter): void {
  filter = scope.apply(f);
  persist({ filter: filters.saved() });
  table.setFilter(filter);
  features.filterChanged();
  scheduleChart(true);
}

function renderState(s: ConsumerState): void {
  state = s;
  const d = describeState(s);
  statePill.dataset.state = s.state;
  statePill.dataset.tone = d.tone;
  stateLabel.textContent = d.label;
  stateDetail.textContent = d.detail;
  // The pill keeps to one line (a long message ends in an ellipsis): the whole of it is its tooltip.
  statePill.title = `${d.label} ${d.detail}`;
  pauseBtn.el.textContent = s.state === 'paused' ? 'Resume' : 'Pause';
  pauseBtn.setDisabled(s.state === 'error' || s.state === 'stopped');
  status.onState(s.state);
  // Whatever was measured before a pause or an outage is not the rate after it.
  if (s.state !== 'live') takeRate(0);
  else renderRate();
}

function setCounter(k: string, v: string): void {
  const e = counterEls.get(k);
  if (e && e.textContent !== v) e.textContent = v;
}

// events/s is a rate of what is being read: nothing is read while paused, reconnecting or stopped, so it
// shows "—" rather than the last figure. The host only signals when rows change, so once a whole rate
// window passes without a signal the rate is 0, whatever the last signal said.
let rate = 0;
let rateTimer: ReturnType<typeof setTimeout> | undefined;
function renderRate(): void {
  setCounter('rate', state.state === 'live' ? formatRate(rate) : '—');
}
function takeRate(perSecond: number): void {
  rate = perSecond;
  renderRate();
  if (rateTimer) clearTimeout(rateTimer);
  rateTimer =
    perSecond > 0
      ? setTimeout(() => {
          rate = 0;
          renderRate();
        }, RATE_WINDOW_MS)
      : undefined;
}

function renderStats(s: StoreStats): void {
  const set = setCounter;
  scope.update(s);
  memory.update(s);
  takeRate(s.eventsPerSecond);
  set('total', formatCount(s.total));
  set('errors', formatCount(s.errors));
  set('undecodable', formatCount(s.undecodable));
  set('dropped', formatCount(s.dropped));
  set('held', `${formatCount(s.rows)} / ${formatCount(s.capacity)}`);
  counterEls.get('errors')?.parentElement?.classList.toggle('has-errors', s.errors > 0);
  counterEls.get('undecodable')?.parentElement?.classList.toggle('has-errors', s.undecodable > 0);
}

let chartTimer: ReturnType<typeof setTimeout> | undefined;
let chartDue = 0;
function scheduleChart(now = false): void {
  if (chartTimer) {
    if (!now) return;
    clearTimeout(chartTimer);
  }
  const wait = now ? 0 : Math.max(0, chartDue - Date.now());
  chartTimer = setTimeout(() => {
    chartTimer = undefined;
    chartDue = Date.now() + CHART_INTERVAL_MS;
    rpc
      .request('histogram', { filter, maxBuckets: CHART_BUCKETS })
      .then((h) => chart.update(h))
      .catch(() => undefined);
  }, wait);
}

pauseBtn.onClick(() => {
  const method = state.state === 'paused' ? 'resume' : 'pause';
  rpc
    .request(method, {})
    .then(renderState)
    .catch(failed(`Could not ${method}`));
});
clearBtn.onClick(() => {
  rpc
    .request('clear', {})
    .then((stats) => {
      renderStats(stats);
      detail.hide();
      table.reset();
      features.reset();
      scheduleChart(true);
      health.reset();
      // Said of the state it was true in, and only while that lasts.
      const now = state.state;
      status.show(
        now === 'live'
          ? 'Cleared. New events appear as they arrive.'
          : now === 'paused'
            ? 'Cleared. Paused: new events appear after Resume.'
            : 'Cleared.',
        { whileState: [now] },
      );
    })
    .catch(failed('Could not clear'));
});
restartBtn.onClick(() => {
  let startFrom: StartFrom;
  const mode = startMode.get();
  if (mode === 'time') {
    const ms = parseLocalDateTime(startTime.value);
    if (ms === undefined) {
      notice('Pick a date and time to start from.', true);
      return;
    }
    startFrom = { timestampMs: ms };
  } else {
    startFrom = mode === 'earliest' ? 'earliest' : 'latest';
  }
  detail.hide();
  table.reset();
  features.reset();
  notice(`Restarting from ${describeStartFrom(startFrom)}…`);
  rpc
    .request('restart', { startFrom })
    .then((s) => {
      renderState(s);
      health.reset();
      table.setFollowing(true);
      notice(`Reading ${describeStartFrom(startFrom)}.`);
    })
    .catch(failed('Could not restart'));
});
for (const { btn, format } of exportButtons) {
  btn.onClick(() => {
    btn.setDisabled(true);
    rpc
      .request('export', { format, filter })
      .then((r) => {
        if (r.path) notice(`Exported ${formatCount(r.rows)} events to ${r.path}.`);
      })
      .catch(failed('Export failed'))
      .finally(() => btn.setDisabled(false));
  });
}
tailBtn.onClick(() => {
  rpc
    .request('tailToOutput', {})
    .then((r) => {
      tailBtn.el.textContent = r.tailing ? 'Stop tailing' : 'Tail to Output';
      notice(r.tailing ? 'Writing each event to the Output panel.' : 'Stopped writing to the Output panel.');
    })
    .catch(failed('Could not tail to Output'));
});

rpc.on('init', (m) => {
  info = m.info;
  title.textContent = `Inference logs: ${m.info.deploymentName}`;
  subtitle.textContent = `${modelLabel(m.info)} · ${m.info.servingTool} · topic ${m.info.topic} · ${m.info.loggingMode}`;
  // Cut with an ellipsis when the panel is narrow: whole on hover.
  subtitle.title = subtitle.textContent;
  detail.topicSchemaVersion = m.info.schemaVersion;
  scope.setInfo(m.info);
  if (m.info.deploymentId !== undefined) applyFilter(filters.current());
  const s = m.info.startFrom;
  startMode.set(typeof s === 'string' ? s : 'time');
  startTime.hidden = typeof s === 'string';
  if (typeof s !== 'string') startTime.value = toLocalDateTimeValue(s.timestampMs);
  if (saved.testBody) testEditor.restore(saved.testBody);
  tailBtn.el.textContent = m.info.tailing ? 'Stop tailing' : 'Tail to Output';
  renderState(m.state);
  renderStats(m.stats);
  table.refresh();
  features.changed();
  scheduleChart(true);
  health.refresh();
});
rpc.on('changed', (m) => {
  renderStats(m.stats);
  table.refresh();
  features.changed();
  scheduleChart();
  health.changed();
});
rpc.on('state', (s) => renderState(s));
rpc.on('showTestRequest', () => testEditor.toggle(true));
mountServerLogs({ rpc, toolbar, detail, table, filter: () => filter, notice });

if (saved.filter) {
  filters.restore(saved.filter);
  filter = filters.current();
  table.setFilter(filter);
}
if (saved.features) features.restore(saved.features);
renderState(state);
rpc.ready();
// For tests and for debugging in the webview developer tools.
(window as unknown as { __logViewer?: unknown }).__logViewer = { table, features, info: () => info };
