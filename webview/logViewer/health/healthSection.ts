// The log panel's health section (issue 9 §2): over a window a person picks (1, 5, 15, 60 min), calls per
// second, error rate, calls without a response and latency p50/p95/p99, by model version with the newest
// compared with the one before it, and the same figures over time by version. The figures come from the
// host, which follows every row it holds (whatever the table's filter). The section asks for them: after
// the throttled "changed" signal (at most once a second), and every few seconds while nothing arrives,
// since the window slides even then. Collapsed, it keeps one line of the figures of every version together.
import { HEALTH_WINDOWS_MS } from '../../../src/inferenceLog/health/types';
import type {
  HealthParams,
  HealthReply,
  HealthWindowMs,
  MetricComparison,
} from '../../../src/protocol/logViewerHealth';
import { adoptStyles, el } from '../../shared/dom';
import { dropdown } from '../../shared/toolkit';
import css from './health.css';
import { HealthCharts } from './healthCharts';
import {
  VERDICT_LABELS,
  describeSpan,
  describeWindow,
  formatMs,
  formatPercent,
  formatPerSecond,
} from './healthFormat';
import { HealthTable } from './healthTable';

adoptStyles(css);

/** What the section keeps across reloads of the webview (the panel's saved state). */
export interface HealthSaved {
  windowMs?: number;
  collapsed?: boolean;
}

export interface HealthSectionOptions {
  request: (params: HealthParams) => Promise<HealthReply>;
  saved?: HealthSaved;
  persist: (saved: HealthSaved) => void;
}

/** Fewest milliseconds between two pulls on "changed" signals (the host signals up to 10 times a second). */
export const HEALTH_PULL_MS = 1_000;
/** Pull again after this long without a signal: the window slides while nothing arrives. */
export const HEALTH_IDLE_PULL_MS = 5_000;
/** Chart buckets asked for: one a second over a minute, one a minute over an hour. */
const POINTS = 60;
const DEFAULT_WINDOW: HealthWindowMs = 300_000;

export class HealthSection {
  readonly el: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly body: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly coverage: HTMLElement;
  private readonly verdict: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly notes: HTMLElement;
  private readonly table = new HealthTable();
  private readonly charts = new HealthCharts();
  private readonly windowPick: ReturnType<typeof dropdown>;
  private windowMs: HealthWindowMs;
  private collapsed: boolean;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = false;
  /** A pull asked for while one was in flight: made when it ends ('now', or after the throttle gap). */
  private again: 'now' | 'throttled' | undefined;
  /** When the scheduled pull is due (epoch ms). */
  private dueAt = 0;
  private lastPull = 0;
  private last: HealthReply | undefined;

  constructor(private readonly o: HealthSectionOptions) {
    const saved = o.saved ?? {};
    this.windowMs = (HEALTH_WINDOWS_MS as readonly number[]).includes(saved.windowMs ?? -1)
      ? (saved.windowMs as HealthWindowMs)
      : DEFAULT_WINDOW;
    this.collapsed = saved.collapsed === true;

    this.toggle = el(
      'button',
      {
        className: 'health-toggle text-button',
        id: 'health-toggle',
        attrs: { type: 'button', 'aria-controls': 'health-body' },
      },
      [
        el('span', { className: 'health-chevron', attrs: { 'aria-hidden': 'true' } }),
        el('span', { className: 'health-title', id: 'health-title', text: 'Health' }),
      ],
    );
    this.toggle.title = 'Show or hide the health figures (every call the panel holds, whatever the filter)';
    this.toggle.addEventListener('click', () => this.setCollapsed(!this.collapsed));

    const windowLabel = el('label', { className: 'inline-label', id: 'health-window-label', text: 'Last' });
    this.windowPick = dropdown('health-window', windowLabel);
    this.windowPick.setChoices(
      HEALTH_WINDOWS_MS.map((ms) => ({ value: String(ms), label: describeWindow(ms) })),
    );
    this.windowPick.set(String(this.windowMs));
    this.windowPick.onInput(() => {
      const ms = Number(this.windowPick.get());
      if (!(HEALTH_WINDOWS_MS as readonly number[]).includes(ms) || ms === this.windowMs) return;
      this.windowMs = ms as HealthWindowMs;
      this.save();
      this.refresh();
    });

    this.summary = el('span', { className: 'health-summary', id: 'health-summary' });
    this.coverage = el('span', { className: 'health-coverage', id: 'health-coverage' });
    this.verdict = el('div', { className: 'health-comparison', id: 'health-comparison' });
    this.empty = el('div', { className: 'health-empty', id: 'health-empty', text: 'Waiting for figures…' });
    this.notes = el('div', { className: 'health-notes', id: 'health-notes' });

    this.body = el('div', { className: 'health-body', id: 'health-body' }, [
      el('div', { className: 'health-figures' }, [this.verdict, this.empty, this.table.el, this.notes]),
      this.charts.el,
    ]);
    this.el = el(
      'section',
      { className: 'health', id: 'health', attrs: { 'aria-labelledby': 'health-title' } },
      [
        el('div', { className: 'health-bar' }, [
          this.toggle,
          el('span', { className: 'health-window' }, [windowLabel, this.windowPick.el]),
          this.summary,
          this.coverage,
        ]),
        this.body,
      ],
    );
    this.table.el.hidden = true;
    this.applyCollapsed();
  }

  /** The host's throttled "changed" signal: pull, at most once a second. */
  changed(): void {
    this.schedule(Math.max(0, this.lastPull + HEALTH_PULL_MS - Date.now()), false);
  }

  /** Pull now (the panel opened, the window changed, the rows started over). */
  refresh(): void {
    this.schedule(0, true);
  }

  /** The rows started over (Clear, Restart). */
  reset(): void {
    this.charts.reset();
    this.refresh();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.charts.dispose();
  }

  private schedule(wait: number, replace: boolean): void {
    if (this.inFlight) {
      if (replace && wait === 0) this.again = 'now';
      else this.again ??= 'throttled';
      return;
    }
    // A pull already due sooner stays; the idle pull (due later) gives way.
    if (this.timer && !replace && this.dueAt <= Date.now() + wait) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = Date.now() + wait;
    this.timer = setTimeout(() => this.pull(), wait);
  }

  private pull(): void {
    this.timer = undefined;
    this.inFlight = true;
    this.lastPull = Date.now();
    const windowMs = this.windowMs;
    this.o
      .request({ windowMs, maxPoints: POINTS })
      .then((reply) => {
        // A reply for a window no longer chosen is dropped; the pull for the new one is on its way.
        if (reply.snapshot.windowMs === this.windowMs) this.render(reply);
      })
      .catch((err: unknown) => this.showProblem(err))
      .finally(() => {
        this.inFlight = false;
        const again = this.again;
        this.again = undefined;
        if (again) {
          this.schedule(again === 'now' ? 0 : Math.max(0, this.lastPull + HEALTH_PULL_MS - Date.now()), true);
        } else {
          this.schedule(HEALTH_IDLE_PULL_MS, false);
        }
      });
  }

  private render(reply: HealthReply): void {
    this.last = reply;
    const { snapshot } = reply;
    const any = snapshot.all.requests > 0;
    this.empty.hidden = any;
    this.empty.classList.remove('is-error');
    this.empty.textContent = any ? '' : `No calls in the last ${describeWindow(snapshot.windowMs)}.`;
    this.table.el.hidden = !any;
    if (any) this.table.update(reply);
    this.renderComparison(reply);
    this.renderNotes(reply);
    this.renderSummary(reply);
    this.charts.update(reply);
    // No call in the window: one line says so; three empty charts would only take room from the table.
    this.charts.el.hidden = reply.series.lines.length === 0;
  }

  private renderComparison(reply: HealthReply): void {
    const c = reply.comparison;
    this.verdict.hidden = c === null;
    if (!c) {
      this.verdict.replaceChildren();
      return;
    }
    const part = (name: string, m: MetricComparison) => {
      const word = el('span', {
        className: `health-verdict is-${m.verdict}`,
        text: VERDICT_LABELS[m.verdict],
        title: m.reason,
      });
      return el('span', { className: 'health-comparison-part' }, [`${name} `, word]);
    };
    const lead = el('span', {
      className: 'health-comparison-lead',
      text: `v${c.newer.version} (newest) against v${c.older.version}:`,
    });
    // Spaces as text too: a screen reader (and a copy) reads the parts apart.
    this.verdict.replaceChildren(lead, ' ', part('error rate', c.errorRate), ' ', part('p95 latency', c.p95));
    this.verdict.title = c.rule;
  }

  private renderNotes(reply: HealthReply): void {
    const lat = reply.snapshot.all.latency;
    const lines: string[] = [];
    if (reply.snapshot.all.requests > 0 || lat.source === 'not-logged')
      lines.push(lat.source === 'kafka-events' ? `Latency: ${lowerFirst(lat.note)}` : lat.note);
    lines.push(...reply.snapshot.notes);
    this.notes.replaceChildren(...lines.map((t) => el('p', { className: 'health-note', text: t })));
  }

  private renderSummary(reply: HealthReply): void {
    const { snapshot } = reply;
    const all = snapshot.all;
    const parts = [`${formatPerSecond(all.requestsPerSecond)} req/s`];
    if (all.errorRate !== null) parts.push(`errors ${formatPercent(all.errorRate)}`);
    if (all.latency.p95 !== null) parts.push(`p95 ${formatMs(all.latency.p95)}`);
    const c = reply.comparison;
    if (c) {
      const worse = [c.errorRate, c.p95].some((m) => m.verdict === 'worse');
      const better = [c.errorRate, c.p95].some((m) => m.verdict === 'better');
      if (worse) parts.push(`v${c.newer.version} worse than v${c.older.version}`);
      else if (better) parts.push(`v${c.newer.version} better than v${c.older.version}`);
    }
    this.summary.textContent = all.requests > 0 ? parts.join(' · ') : 'no calls';
    this.summary.title = this.summary.textContent;
    this.coverage.textContent =
      snapshot.coveredMs + 1000 < snapshot.windowMs
        ? `watched ${describeSpan(snapshot.coveredMs)} so far`
        : '';
    this.coverage.title = this.coverage.textContent
      ? 'The panel has not been reading for the whole window yet: rates are per second watched.'
      : '';
  }

  private showProblem(err: unknown): void {
    // The figures shown stay; the reason is said where the figures are.
    this.empty.hidden = false;
    this.empty.classList.add('is-error');
    this.empty.textContent = `Health figures could not be read: ${err instanceof Error ? err.message : String(err)}`;
    if (!this.last) this.table.el.hidden = true;
  }

  private setCollapsed(collapsed: boolean): void {
    this.collapsed = collapsed;
    this.applyCollapsed();
    this.save();
  }

  private applyCollapsed(): void {
    this.toggle.setAttribute('aria-expanded', String(!this.collapsed));
    this.body.hidden = this.collapsed;
    this.el.classList.toggle('is-collapsed', this.collapsed);
  }

  private save(): void {
    this.o.persist({ windowMs: this.windowMs, collapsed: this.collapsed });
  }
}

function lowerFirst(s: string): string {
  return s ? s[0]!.toLowerCase() + s.slice(1) : s;
}
