// A small chart of events and errors over time (bars per time bucket) drawn by uPlot on a canvas. uPlot
// styles its elements through the CSSOM (allowed by the CSP) and its stylesheet is added under the nonce,
// so it works inside the strict policy. The host computes the buckets from the rows it holds.
import uPlot from 'uplot';
import type { Histogram } from '../../src/protocol/logViewer';
import { el, themeColor } from '../shared/dom';

const HEIGHT = 90;

export class EventChart {
  readonly el: HTMLElement;
  private plot: uPlot | undefined;
  private data: uPlot.AlignedData = [[], [], []];
  private bucketSeconds = 1;
  private readonly observer: ResizeObserver;

  constructor() {
    this.el = el('div', {
      className: 'chart',
      attrs: { role: 'img', 'aria-label': 'Events and errors over time' },
    });
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(this.el);
  }

  update(h: Histogram): void {
    const xs: number[] = [];
    for (let i = 0; i < h.events.length; i++) xs.push((h.startMs + i * h.bucketMs) / 1000);
    this.data = [xs, h.events, h.errors];
    this.bucketSeconds = Math.max(1, h.bucketMs / 1000);
    const total = h.events.reduce((a, b) => a + b, 0);
    const errors = h.errors.reduce((a, b) => a + b, 0);
    this.el.setAttribute(
      'aria-label',
      `Events and errors over time: ${total} events, ${errors} errors, in buckets of ${Math.round(h.bucketMs / 1000)} s.`,
    );
    if (!this.plot) this.create();
    else this.plot.setData(this.data);
  }

  dispose(): void {
    this.observer.disconnect();
    this.plot?.destroy();
  }

  private width(): number {
    return Math.max(200, Math.floor(this.el.clientWidth || 400));
  }

  private create(): void {
    const fg = themeColor('--vscode-descriptionForeground', '#888');
    const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const events = themeColor('--vscode-charts-blue', '#3794ff');
    const errors = themeColor('--vscode-charts-red', '#f14c4c');
    const bars = uPlot.paths.bars?.({ size: [0.9, 40], gap: 1 });
    const axis = {
      stroke: fg,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      font: '10px sans-serif',
    };
    this.plot = new uPlot(
      {
        width: this.width(),
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        scales: {
          // uPlot widens a single-point range to years; show at least the last minute, and half a bucket
          // either side so the first and last bars are not cut.
          x: {
            time: true,
            range: (_u, min, max) => [
              Math.min(min, max - 60) - this.bucketSeconds / 2,
              max + this.bucketSeconds / 2,
            ],
          },
          y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [axis, { ...axis, size: 36 }],
        series: [
          {},
          {
            label: 'Events',
            stroke: events,
            fill: withAlpha(events, 0.6),
            paths: bars,
            points: { show: false },
          },
          { label: 'Errors', stroke: errors, fill: errors, paths: bars, points: { show: false } },
        ],
      },
      this.data,
      this.el,
    );
  }

  private resize(): void {
    this.plot?.setSize({ width: this.width(), height: HEIGHT });
  }
}

/** Theme colours come as #rrggbb, #rrggbbaa or rgb(); a translucent fill is only attempted on the first. */
function withAlpha(color: string, alpha: number): string {
  return /^#[0-9a-f]{6}$/i.test(color)
    ? `${color}${Math.round(alpha * 255)
        .toString(16)
        .padStart(2, '0')}`
    : color;
}
