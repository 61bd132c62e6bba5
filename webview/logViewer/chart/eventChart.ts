// The log panel's chart: events and errors per time bucket, as the host buckets the rows it holds (so the
// chart always agrees with the table and its filter). Errors (HTTP ≥ 400 or no response) are a part of
// the events, so their bars stand inside the events' bars.
import type { Histogram } from '../../../src/protocol/logViewer';
import { describeTime, formatValue } from './axisTicks';
import { TimeChart } from './timeChart';

export class EventChart {
  private readonly chart = new TimeChart({
    label: 'Events and errors over time',
    emptyText: 'No events to chart yet.',
  });
  readonly el = this.chart.el;

  constructor() {
    this.chart.setSeries([
      { key: 'events', label: 'Events', color: ['--vscode-charts-blue', '#3794ff'], style: 'bars' },
      { key: 'errors', label: 'Errors', color: ['--vscode-charts-red', '#f14c4c'], style: 'bars' },
    ]);
  }

  update(h: Histogram): void {
    const total = h.events.reduce((a, b) => a + b, 0);
    const errors = h.errors.reduce((a, b) => a + b, 0);
    const endMs = h.startMs + h.events.length * h.bucketMs;
    const withDate = new Date(h.startMs).toDateString() !== new Date(endMs - 1).toDateString();
    const description =
      h.events.length === 0
        ? 'Events and errors over time: no events.'
        : `Events and errors per ${formatBucket(h.bucketMs)} from ${describeTime(h.startMs, withDate)} to ${describeTime(endMs, withDate)}: ${formatValue(total)} events, ${formatValue(errors)} errors.`;
    this.chart.update(
      { startMs: h.startMs, bucketMs: h.bucketMs, values: { events: h.events, errors: h.errors } },
      description,
    );
  }

  dispose(): void {
    this.chart.dispose();
  }
}

function formatBucket(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
