// The statistics and drift pane under the table, for the rows the table shows in the last 1, 5, 15 or 60
// minutes. Statistics: per feature and per prediction column count, missing, min/mean/max, top values and
// a small histogram. Drift: PSI of each feature against the training dataset (when the model version links
// one) or against a window the person captured, the features that drift named first, the definition said
// in words. Everything is drawn as text and as bars sized by style (no markup from data).
import type { DriftResult, FeatureDrift } from '../../../src/features/drift/psi';
import type { ColumnStats } from '../../../src/features/stats/featureStats';
import type {
  DriftReferenceKind,
  DriftReply,
  FeatureStatsReply,
  StatsWindowMs,
} from '../../../src/protocol/logViewerFeatures';
import { STATS_WINDOWS_MS } from '../../../src/protocol/logViewerFeatures';
import { el } from '../../shared/dom';
import { button, dropdown } from '../../shared/toolkit';
import { setBidiSafeText } from '../bidiText';
import { formatCount } from '../format';

export type PaneTab = 'stats' | 'drift';

export interface StatsPaneOptions {
  onTab(tab: PaneTab): void;
  onWindow(windowMs: StatsWindowMs): void;
  onReference(kind: DriftReferenceKind): void;
  onCapture(): void;
  onClose(): void;
}

const WINDOW_LABELS: Record<StatsWindowMs, string> = {
  60_000: 'Last minute',
  300_000: 'Last 5 minutes',
  900_000: 'Last 15 minutes',
  3_600_000: 'Last hour',
};

const STATUS_TEXT: Record<FeatureDrift['status'], string> = {
  drift: 'drift',
  stable: 'stable',
  'too-few': 'too few values',
  'no-data': 'no data',
  'not-comparable': 'not comparable',
};

export class StatsPane {
  readonly el: HTMLElement;
  private readonly tabs: Record<PaneTab, HTMLButtonElement>;
  private readonly windowSel;
  private readonly body = el('div', { className: 'features-pane-body', id: 'features-pane-body' });
  /** What the tab shows; the drift controls above it stay put while the figures are redrawn. */
  private readonly content = el('div', { className: 'features-content' });
  private readonly drift = {
    label: el('label', { id: 'drift-reference-label', className: 'inline-label', text: 'Compared with' }),
    none: el('span', { text: 'No reference yet.' }),
    choice: undefined as unknown as ReturnType<typeof dropdown>,
    head: el('div', { className: 'features-pane-head drift-head', attrs: { id: 'drift-reference' } }),
    training: el('p', { className: 'features-note', attrs: { id: 'drift-training' } }),
    rows: el('p', { className: 'features-note' }),
  };
  private tab: PaneTab = 'stats';

  constructor(private readonly o: StatsPaneOptions) {
    const tab = (key: PaneTab, label: string) => {
      const b = el('button', {
        className: 'features-tab',
        id: `features-tab-${key}`,
        text: label,
        attrs: { role: 'tab', 'aria-selected': 'false', 'aria-controls': 'features-pane-body' },
      });
      b.addEventListener('click', () => this.select(key, true));
      return b;
    };
    this.tabs = { stats: tab('stats', 'Statistics'), drift: tab('drift', 'Drift') };
    const windowLabel = el('label', { id: 'stats-window-label', className: 'inline-label', text: 'Window' });
    this.windowSel = dropdown('stats-window', windowLabel);
    this.windowSel.setChoices(STATS_WINDOWS_MS.map((w) => ({ value: String(w), label: WINDOW_LABELS[w] })));
    this.windowSel.set(String(300_000));
    this.windowSel.onInput(() => o.onWindow(this.windowMs()));
    const close = button('btn-features-close', 'Close', 'secondary');
    close.onClick(() => o.onClose());
    const tablist = el(
      'div',
      { className: 'features-tabs', attrs: { role: 'tablist', 'aria-label': 'Feature views' } },
      [this.tabs.stats, this.tabs.drift],
    );
    tablist.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      e.preventDefault();
      const next: PaneTab = this.tab === 'stats' ? 'drift' : 'stats';
      this.select(next, true);
      this.tabs[next].focus();
    });
    this.el = el(
      'section',
      { className: 'features-pane', attrs: { 'aria-label': 'Feature statistics and drift' } },
      [
        el('div', { className: 'features-pane-head' }, [
          tablist,
          windowLabel,
          this.windowSel.el,
          el('span', { className: 'features-pane-spacer' }),
          close.el,
        ]),
        this.body,
      ],
    );
    this.el.hidden = true;
    this.body.setAttribute('role', 'tabpanel');
    this.drift.choice = dropdown('drift-reference-choice', this.drift.label);
    this.drift.choice.onInput(() => o.onReference(this.drift.choice.get() as DriftReferenceKind));
    const capture = button('btn-capture-reference', 'Use this window as reference', 'secondary');
    capture.el.title = 'Freezes the statistics of the window shown; later windows are compared with it.';
    capture.onClick(() => o.onCapture());
    this.drift.head.append(this.drift.label, this.drift.choice.el, this.drift.none, capture.el);
    this.body.append(this.drift.head, this.drift.training, this.drift.rows, this.content);
    this.select('stats', false);
  }

  get currentTab(): PaneTab {
    return this.tab;
  }

  windowMs(): StatsWindowMs {
    const v = Number(this.windowSel.get());
    return (STATS_WINDOWS_MS as readonly number[]).includes(v) ? (v as StatsWindowMs) : 300_000;
  }

  setWindow(ms: number): void {
    if ((STATS_WINDOWS_MS as readonly number[]).includes(ms)) this.windowSel.set(String(ms));
  }

  select(tab: PaneTab, notify: boolean): void {
    this.tab = tab;
    for (const [k, b] of Object.entries(this.tabs)) {
      b.setAttribute('aria-selected', String(k === tab));
      b.tabIndex = k === tab ? 0 : -1;
    }
    this.body.setAttribute('aria-labelledby', `features-tab-${tab}`);
    for (const e of [this.drift.head, this.drift.training, this.drift.rows]) e.hidden = tab !== 'drift';
    if (notify) {
      this.content.replaceChildren(el('p', { className: 'features-note', text: 'Loading…' }));
      this.o.onTab(tab);
    }
  }

  showProblem(text: string): void {
    this.content.replaceChildren(el('p', { className: 'features-note is-error', text }));
  }

  showStats(s: FeatureStatsReply): void {
    if (this.tab !== 'stats') return;
    const parts: HTMLElement[] = [
      el('p', {
        className: 'features-summary',
        text: `${formatCount(s.rows)} logged ${s.rows === 1 ? 'row' : 'rows'} in the ${WINDOW_LABELS[this.windowMs()].toLowerCase()}, as filtered in the table.`,
      }),
    ];
    if (s.rows === 0) {
      parts.push(el('p', { className: 'features-note', text: 'Statistics appear as requests arrive.' }));
    } else {
      parts.push(statsTable('Features (request)', s.inputs, s.hidden.inputs, s.unreadable.inputs));
      parts.push(statsTable('Predictions (response)', s.outputs, s.hidden.outputs, s.unreadable.outputs));
    }
    this.content.replaceChildren(...parts);
  }

  showDrift(d: DriftReply): void {
    if (this.tab !== 'drift') return;
    this.showReference(d);
    const parts: HTMLElement[] = [];
    const drifted = d.inputs?.features.filter((f) => f.drifted) ?? [];
    const driftedOut = d.outputs?.features.filter((f) => f.drifted) ?? [];
    if (d.inputs) {
      const all = [...drifted, ...driftedOut].map((f) => f.name);
      const n = d.inputs.features.length;
      parts.push(
        el('p', {
          className: all.length > 0 ? 'features-summary is-drift' : 'features-summary',
          attrs: { id: 'drift-summary' },
          text:
            all.length > 0
              ? `Drift in ${all.length} of ${n + (d.outputs?.features.length ?? 0)}: ${all.join(', ')}.`
              : `No drift: ${n} ${n === 1 ? 'feature' : 'features'} compared, none with PSI ≥ ${d.threshold}.`,
        }),
      );
      parts.push(driftTable('Features (request)', d.inputs));
      if (d.outputs && d.outputs.features.length > 0)
        parts.push(driftTable('Predictions (response)', d.outputs));
      const skipped = [...d.inputs.skipped, ...(d.outputs?.skipped ?? [])];
      if (skipped.length > 0)
        parts.push(
          el('p', {
            className: 'features-note',
            text: `Not compared: ${skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}`,
          }),
        );
    }
    parts.push(
      el('div', { className: 'drift-legend' }, [
        el('span', { className: 'mini-bar is-reference' }),
        'reference',
        el('span', { className: 'mini-bar is-current' }),
        'this window',
      ]),
      el('p', {
        className: 'features-note',
        attrs: { id: 'drift-definition' },
        text: `How drift is measured: ${d.definition}`,
      }),
    );
    this.content.replaceChildren(...parts);
  }

  private showReference(d: DriftReply): void {
    const choices: { value: DriftReferenceKind; label: string }[] = [];
    if (d.training.state === 'ready') choices.push({ value: 'training', label: d.training.label });
    if (d.window) choices.push({ value: 'window', label: d.window.label });
    this.drift.choice.setChoices(choices);
    if (d.used) this.drift.choice.set(d.used);
    this.drift.choice.el.hidden = choices.length === 0;
    this.drift.label.hidden = choices.length === 0;
    this.drift.none.hidden = choices.length > 0;
    const training =
      d.training.state === 'loading'
        ? 'Reading the training dataset\u2019s statistics…'
        : d.training.state === 'none'
          ? `No training statistics: ${d.training.reason} Capture a window of normal traffic to compare later windows with it.`
          : d.training.state === 'failed'
            ? `Could not read the training statistics: ${d.training.reason}`
            : '';
    this.drift.training.textContent = training;
    this.drift.training.hidden = training === '';
    this.drift.training.classList.toggle('is-error', d.training.state === 'failed');
    this.drift.rows.textContent = `${formatCount(d.rows)} logged rows in the ${WINDOW_LABELS[this.windowMs()].toLowerCase()} are compared.`;
  }
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  return a >= 1e6 || a < 1e-3 ? v.toPrecision(3) : String(Number(v.toPrecision(4)));
}

function td(text: string, className = ''): HTMLElement {
  const e = el('td', { className });
  setBidiSafeText(e, text);
  return e;
}

function statsTable(
  caption: string,
  columns: ColumnStats[],
  hidden: number,
  unreadable: number,
): HTMLElement {
  const head = ['Column', 'Count', 'Missing', 'Min', 'Mean', 'Max', 'Top values', 'Histogram'];
  const rows = columns.map((c) => {
    const n = c.numeric;
    const top = c.categorical
      ? c.categorical.top
          .slice(0, 5)
          .map((t) => `${t.value} (${formatCount(t.count)})`)
          .join(', ') + (c.categorical.rest > 0 ? `, … ${formatCount(c.categorical.rest)} more` : '')
      : '';
    const histogram = n
      ? bars(
          n.histogram.counts,
          (i) =>
            `${num(n.histogram.edges[i]!)} – ${num(n.histogram.edges[i + 1]!)}: ${formatCount(n.histogram.counts[i]!)}`,
        )
      : el('span');
    const missing =
      c.missing > 0
        ? `${formatCount(c.missing)} (${Math.round((c.missing / Math.max(1, c.count)) * 100)}%)`
        : '0';
    const cells = [
      td(c.name),
      td(formatCount(c.count), 'num'),
      td(missing, 'num'),
      td(n ? num(n.min) : '', 'num'),
      td(n ? num(n.mean) : '', 'num'),
      td(n ? num(n.max) : '', 'num'),
      td(top, 'top'),
      el('td', {}, [histogram]),
    ];
    return el('tr', { attrs: { 'data-column': c.name } }, cells);
  });
  const notes: string[] = [];
  if (hidden > 0) notes.push(`${hidden} more columns not shown`);
  if (unreadable > 0) notes.push(`${formatCount(unreadable)} payloads were not readable as features`);
  const table = el('table', { className: 'stats-table' }, [
    el('caption', { text: notes.length ? `${caption} · ${notes.join(' · ')}` : caption }),
    el('thead', {}, [
      el(
        'tr',
        {},
        head.map((h, i) =>
          el('th', { text: h, className: i >= 1 && i <= 5 ? 'num' : '', attrs: { scope: 'col' } }),
        ),
      ),
    ]),
    el('tbody', {}, rows),
  ]);
  return table;
}

function driftTable(caption: string, r: DriftResult): HTMLElement {
  // Drifting features first, then by PSI, so what matters is on top.
  const order = [...r.features].sort(
    (a, b) => Number(b.drifted) - Number(a.drifted) || (b.psi ?? -1) - (a.psi ?? -1),
  );
  const rows = order.map((f) => {
    const maxShare = Math.max(1e-9, ...f.bins.flatMap((b) => [b.reference, b.current]));
    const bins = el(
      'div',
      { className: 'drift-bins', attrs: { 'aria-hidden': 'true' } },
      f.bins.map((b) => {
        const ref = el('span', { className: 'mini-bar is-reference' });
        const cur = el('span', { className: 'mini-bar is-current' });
        ref.style.height = `${Math.round((b.reference / maxShare) * 100)}%`;
        cur.style.height = `${Math.round((b.current / maxShare) * 100)}%`;
        const bin = el('span', { className: 'drift-bin' }, [ref, cur]);
        bin.title = `${b.label}: reference ${(b.reference * 100).toFixed(1)}%, this window ${(b.current * 100).toFixed(1)}% (${formatCount(b.count)})`;
        return bin;
      }),
    );
    const status = STATUS_TEXT[f.status] + (f.note ? ` — ${f.note}` : '');
    return el('tr', { className: f.drifted ? 'is-drift' : '', attrs: { 'data-feature': f.name } }, [
      td(f.name),
      td(f.psi === null ? '—' : f.psi.toFixed(3), 'num psi'),
      td(status, 'status'),
      td(formatCount(f.count), 'num'),
      el('td', {}, [bins]),
    ]);
  });
  return el('table', { className: 'stats-table drift-table' }, [
    el('caption', { text: `${caption} · against ${r.reference.label}` }),
    el('thead', {}, [
      el(
        'tr',
        {},
        ['Column', 'PSI', 'Status', 'Values', 'Share per bin'].map((h) =>
          el('th', {
            text: h,
            className: h === 'PSI' || h === 'Values' ? 'num' : '',
            attrs: { scope: 'col' },
          }),
        ),
      ),
    ]),
    el('tbody', {}, rows),
  ]);
}

function bars(counts: readonly number[], title: (i: number) => string): HTMLElement {
  const max = Math.max(1, ...counts);
  return el(
    'div',
    { className: 'mini-bars', attrs: { 'aria-hidden': 'true' } },
    counts.map((c, i) => {
      const b = el('span', { className: 'mini-bar', title: title(i) });
      b.style.height = `${Math.round((c / max) * 100)}%`;
      return b;
    }),
  );
}
