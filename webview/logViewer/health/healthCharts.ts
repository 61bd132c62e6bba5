// Rate, errors and p95 latency over the health window, one line per model version, as three small charts
// side by side (the same colour is the same version in each), so a new version's line can be read against
// the old one's on every figure at once. Buckets from before the panel started watching draw nothing
// rather than a zero that was never measured.
import type { HealthReply, HealthSeriesLine } from '../../../src/protocol/logViewerHealth';
import { el } from '../../shared/dom';
import { describeTime, formatValue } from '../chart/axisTicks';
import type { SeriesSpec } from '../chart/timeChart';
import { TimeChart } from '../chart/timeChart';
import { describeSpan, versionLabel } from './healthFormat';

/** Version colours: theme chart colours, red left out (red means errors everywhere else in the panel). */
const PALETTE: readonly (readonly [string, string])[] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
  ['--vscode-charts-foreground', '#cccccc'],
];

type Figure = 'rate' | 'errors' | 'p95';

interface Panel {
  figure: Figure;
  chart: TimeChart;
  title: HTMLElement;
  box: HTMLElement;
}

export class HealthCharts {
  readonly el: HTMLElement;
  private readonly panels: Panel[];
  /** Colour index per version key, kept while the versions stay (a version keeps its colour). */
  private colors = new Map<string, number>();
  private shownKeys = '';

  constructor() {
    this.panels = (
      [
        ['rate', 'Requests/s', 'Requests per second by version'],
        ['errors', 'Errors', 'Errors by version'],
        ['p95', 'p95 latency, ms', 'p95 latency by version'],
      ] as const
    ).map(([figure, title, label]) => {
      const chart = new TimeChart({ label, emptyText: 'No calls in this window.' });
      const titleEl = el('div', { className: 'health-chart-title', text: title });
      const box = el('div', { className: `health-chart health-chart-${figure}` }, [titleEl, chart.el]);
      return { figure, chart, title: titleEl, box };
    });
    this.el = el(
      'div',
      { className: 'health-charts' },
      this.panels.map((p) => p.box),
    );
  }

  update(reply: HealthReply): void {
    const { series, snapshot } = reply;
    const lines = series.lines;
    const keys = lines.map((l) => l.key).join('\n');
    if (keys !== this.shownKeys) {
      this.shownKeys = keys;
      this.assignColors(lines);
      for (const p of this.panels) p.chart.setSeries(lines.map((l) => this.spec(l, p.figure)));
    }
    const watchedFrom = snapshot.nowMs - snapshot.coveredMs;
    const unwatched = (i: number) => series.startMs + (i + 1) * series.bucketMs <= watchedFrom;
    const bucket = describeSpan(series.bucketMs);
    const end = series.startMs + series.points * series.bucketMs;
    const withDate = new Date(series.startMs).toDateString() !== new Date(end - 1).toDateString();
    const span = `per ${bucket} from ${describeTime(series.startMs, withDate)} to ${describeTime(end, withDate)}`;
    for (const p of this.panels) {
      if (p.figure === 'errors') p.title.textContent = `Errors per ${bucket}`;
      // DEFAULT deployments and single-half modes log no latency: no p95 chart (the strip says why).
      if (p.figure === 'p95') p.box.hidden = series.latencySource === 'not-logged';
      const values: Record<string, (number | null)[]> = {};
      const peaks: string[] = [];
      for (const line of lines) {
        const raw: readonly (number | null)[] = line[p.figure];
        const shown = raw.map((v, i) => (unwatched(i) ? null : v));
        values[line.key] = shown;
        const peak = Math.max(0, ...shown.map((v) => v ?? 0));
        // Milliseconds whole (the bins are within 2 % anyway), rates and counts to two decimals.
        const rounded = p.figure === 'p95' ? Math.round(peak) : Math.round(peak * 100) / 100;
        peaks.push(`${versionLabel(line)} up to ${formatValue(rounded)}`);
      }
      p.chart.update(
        { startMs: series.startMs, bucketMs: series.bucketMs, values },
        lines.length === 0
          ? `${p.title.textContent}: no calls in this window.`
          : `${p.title.textContent} by version, ${span}: ${peaks.join(', ')}.`,
      );
    }
  }

  /** The rows started over (Clear, Restart): versions may come back in another order. */
  reset(): void {
    this.colors = new Map();
  }

  private assignColors(lines: readonly HealthSeriesLine[]): void {
    // A version that left the window frees its colour; one that stays keeps it.
    for (const key of [...this.colors.keys()]) if (!lines.some((l) => l.key === key)) this.colors.delete(key);
    // Oldest first, so the versions a person already watched keep the first colours.
    for (const l of [...lines].reverse()) {
      if (this.colors.has(l.key)) continue;
      const used = new Set(this.colors.values());
      let i = 0;
      while (used.has(i) && i < PALETTE.length - 1) i++;
      this.colors.set(l.key, i);
    }
  }

  private spec(line: HealthSeriesLine, figure: Figure): SeriesSpec {
    const color = PALETTE[this.colors.get(line.key) ?? 0] ?? PALETTE[0]!;
    return {
      key: line.key,
      label: versionLabel(line),
      color: [color[0], color[1]],
      style: 'line',
      scale: figure,
      fractional: figure !== 'errors',
      // A p95 only exists where a call was measured: join the points across the buckets without one.
      spanGaps: figure === 'p95',
    };
  }

  dispose(): void {
    for (const p of this.panels) p.chart.dispose();
  }
}
