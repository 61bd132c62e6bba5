// A small time chart of N named series over equal time buckets, drawn by uPlot on a canvas, with a legend
// that shows or hides each series. What makes it readable: value axes with round ticks from zero (one
// axis per scale: the first on the left, a second on the right), a time axis in 24-hour local time that
// spans exactly the buckets shown (one second of data is one second wide, never years), bars that draw
// nothing for an empty bucket (no marks on the baseline), and theme colours.
//
// uPlot styles its elements through the CSSOM (allowed by the CSP) and its stylesheet is added under the
// nonce, so it works inside the strict policy.
import uPlot from 'uplot';
import { el, themeColor } from '../../shared/dom';
import { formatValue, timeLabels, timeTicks, valueTicks } from './axisTicks';
import { ChartLegend } from './legend';

export interface SeriesSpec {
  key: string;
  label: string;
  /** A theme variable (`--vscode-charts-red`) and the colour to use when the theme has none. */
  color: readonly [variable: string, fallback: string];
  style: 'bars' | 'line';
  /** Series on the same scale share a value axis (default `count`). */
  scale?: string;
  /** Values of this scale are not whole numbers (rates, milliseconds). */
  fractional?: boolean;
  /** How a tick of this series' scale reads (default: the number, thousands separated). */
  format?: (v: number) => string;
  /** A line goes on across buckets with nothing measured (`null`) instead of breaking there. */
  spanGaps?: boolean;
}

export interface ChartData {
  startMs: number;
  bucketMs: number;
  /** Per series key, one value per bucket (`null`: nothing measured). */
  values: Readonly<Record<string, readonly (number | null)[]>>;
}

const HEIGHT = 96;
const X_TICK_SPACE = 84;
const Y_TICK_SPACE = 18;
const FONT = '10px sans-serif';

export class TimeChart {
  readonly el: HTMLElement;
  private readonly plotEl: HTMLElement;
  private readonly legend: ChartLegend;
  private readonly observer: ResizeObserver;
  private series: SeriesSpec[] = [];
  private hidden = new Set<string>();
  private plot: uPlot | undefined;
  private data: ChartData = { startMs: 0, bucketMs: 1000, values: {} };
  private buckets = 0;

  constructor(opts: { label: string; emptyText: string }) {
    this.plotEl = el('div', { className: 'chart-plot', attrs: { role: 'img', 'aria-label': opts.label } });
    this.legend = new ChartLegend((key, shown) => this.toggle(key, shown));
    this.el = el('div', { className: 'chart is-empty' }, [
      this.legend.el,
      this.plotEl,
      el('div', { className: 'chart-empty', text: opts.emptyText }),
    ]);
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(this.plotEl);
  }

  /** The series to draw, in order (later ones are drawn over earlier ones). Rebuilds the plot. */
  setSeries(series: readonly SeriesSpec[]): void {
    this.series = [...series];
    this.hidden = new Set([...this.hidden].filter((k) => series.some((s) => s.key === k)));
    this.legend.setItems(series.map((s) => ({ key: s.key, label: s.label, color: colorOf(s) })));
    this.plot?.destroy();
    this.plot = undefined;
    if (this.buckets > 0) this.create();
  }

  update(data: ChartData, description: string): void {
    this.data = data;
    this.buckets = Math.max(0, ...this.series.map((s) => data.values[s.key]?.length ?? 0));
    this.plotEl.setAttribute('aria-label', description);
    this.el.classList.toggle('is-empty', this.buckets === 0);
    if (this.buckets === 0) {
      // Nothing to span: no axis at all rather than one around the epoch.
      this.plot?.destroy();
      this.plot = undefined;
    } else if (!this.plot) this.create();
    else this.plot.setData(this.aligned());
  }

  dispose(): void {
    this.observer.disconnect();
    this.plot?.destroy();
  }

  /** The x range: from the first bucket's start to the last one's end, exactly. */
  private span(): [number, number] {
    const { startMs, bucketMs } = this.data;
    return [startMs, startMs + Math.max(1, this.buckets) * bucketMs];
  }

  private aligned(): uPlot.AlignedData {
    const { startMs, bucketMs, values } = this.data;
    // Each bar stands over the middle of its bucket.
    const xs = Array.from({ length: this.buckets }, (_, i) => startMs + (i + 0.5) * bucketMs);
    const ys = this.series.map((s) =>
      Array.from({ length: this.buckets }, (_, i) => {
        const v = values[s.key]?.[i] ?? null;
        // An empty bucket draws no bar at all (a zero-height bar still paints a line on the baseline).
        return s.style === 'bars' && v === 0 ? null : v;
      }),
    );
    return [xs, ...ys];
  }

  private scales(): string[] {
    return [...new Set(this.series.map((s) => s.scale ?? 'count'))];
  }

  private create(): void {
    if (this.buckets === 0 || this.series.length === 0) return;
    const fg = themeColor('--vscode-descriptionForeground', '#888');
    const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const scaleKeys = this.scales();
    const plotHeight = () => this.plot?.bbox.height ?? HEIGHT;
    const plotWidth = () => this.plot?.bbox.width ?? this.width();
    const dpr = () => window.devicePixelRatio || 1;

    const scales: uPlot.Scales = {
      x: { time: false, range: () => this.span() },
    };
    const axes: uPlot.Axis[] = [
      {
        scale: 'x',
        stroke: fg,
        font: FONT,
        grid: { show: false },
        ticks: { stroke: grid, width: 1, size: 3 },
        gap: 2,
        splits: (_u, _i, min, max) => timeTicks(min, max, plotWidth() / dpr() / X_TICK_SPACE).ticks,
        values: (_u, splits) =>
          timeLabels(splits, timeTicks(...this.span(), plotWidth() / dpr() / X_TICK_SPACE).stepMs),
        size: (_u, values) => (values?.some((v) => v.includes('\n')) ? 30 : 18),
      },
    ];
    scaleKeys.forEach((key, i) => {
      const first = this.series.find((s) => (s.scale ?? 'count') === key);
      const fractional = first?.fractional ?? false;
      const format = first?.format ?? formatValue;
      const ticks = (max: number) => valueTicks(max, plotHeight() / dpr() / Y_TICK_SPACE + 1, fractional);
      scales[key] = { range: (_u, _min, max) => [0, ticks(max).top] };
      axes.push({
        scale: key,
        side: i === 0 ? 3 : 1,
        stroke: fg,
        font: FONT,
        grid: { show: i === 0, stroke: grid, width: 1 },
        ticks: { show: false },
        gap: 4,
        splits: (_u, _i, _min, max) => ticks(max).ticks,
        values: (_u, splits) => splits.map(format),
        // Wide enough for its numbers, and for half of the first time label, which is centred on the
        // axis's left edge.
        size: (_u, values) => Math.max(30, 10 + 6 * Math.max(1, ...(values ?? []).map((v) => v.length))),
      });
    });

    // A bar is as wide as its bucket (less a gap), however few buckets there are: width means time.
    const bars = uPlot.paths.bars?.({ size: [0.9, Infinity], gap: 1 });
    this.plot = new uPlot(
      {
        width: this.width(),
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        // Room on the right for the last time label when there is no second value axis.
        padding: [6, scaleKeys.length > 1 ? 0 : 28, 0, 0],
        scales,
        axes,
        series: [
          {},
          ...this.series.map((s): uPlot.Series => {
            const color = colorOf(s);
            return {
              label: s.label,
              scale: s.scale ?? 'count',
              show: !this.hidden.has(s.key),
              stroke: color,
              ...(s.style === 'bars'
                ? { fill: s === this.series[0] ? withAlpha(color, 0.7) : color, paths: bars, width: 0 }
                : { width: 1.5, spanGaps: s.spanGaps ?? false }),
              points: { show: false },
            };
          }),
        ],
      },
      this.aligned(),
      this.plotEl,
    );
  }

  private toggle(key: string, shown: boolean): void {
    if (shown) this.hidden.delete(key);
    else this.hidden.add(key);
    const i = this.series.findIndex((s) => s.key === key);
    if (i >= 0) this.plot?.setSeries(i + 1, { show: shown });
  }

  private width(): number {
    return Math.max(200, Math.floor(this.plotEl.clientWidth || 400));
  }

  private resize(): void {
    this.plot?.setSize({ width: this.width(), height: HEIGHT });
  }
}

function colorOf(s: SeriesSpec): string {
  return themeColor(s.color[0], s.color[1]);
}

/** Theme colours come as #rrggbb, #rrggbbaa or rgb(); a translucent fill is only attempted on the first. */
function withAlpha(color: string, alpha: number): string {
  return /^#[0-9a-f]{6}$/i.test(color)
    ? `${color}${Math.round(alpha * 255)
        .toString(16)
        .padStart(2, '0')}`
    : color;
}
