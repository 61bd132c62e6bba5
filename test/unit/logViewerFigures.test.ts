// The host-side figures the log panel draws: the chart's buckets for a filter that matches one second of
// rows (one bucket, one second wide: the panel's x axis spans exactly that), and the events/s meter, which
// is 0 once the panel's rate window (RATE_WINDOW_MS) passes without a message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogStore, ManualClock } from '../../src/inferenceLog';
import type { LogRow } from '../../src/inferenceLog';
import { RateMeter } from '../../src/inferenceLog/rateMeter';
import { RATE_WINDOW_MS } from '../../src/protocol/logViewer';

function row(timeMs: number, inferenceId: string): Omit<LogRow, 'id' | 'rev'> {
  return {
    kind: 'combined',
    outcome: 'ok',
    timeMs,
    timeResolutionMs: 1,
    model: 'irisflask',
    modelVersion: 1,
    servingId: 7,
    inferenceId,
    httpCode: 200,
    requestText: `{"inputs": [["${inferenceId}"]]}`,
    kafka: { partition: 0, offset: String(timeMs), timestampMs: timeMs, size: 40 },
  };
}

describe('log panel figures', () => {
  it('a filter matching one second of rows among hours of them gives one bucket of one second', () => {
    const store = new LogStore({ clock: new ManualClock() });
    const t0 = Date.UTC(2024, 5, 10, 8, 0, 0);
    for (let m = 0; m < 180; m++) store.append(row(t0 + m * 60_000, 'background'));
    const second = t0 + 95 * 60_000 + 17_000;
    for (const ms of [0, 120, 480, 999]) store.append(row(second + ms, 'needle'));

    const h = store.histogram(60, { text: 'needle' });
    assert.deepEqual(h, { startMs: second, bucketMs: 1_000, events: [4], errors: [0] });
    // What the panel's x axis then spans: from the first bucket's start to the last one's end.
    assert.equal(h.startMs + h.events.length * h.bucketMs - h.startMs, 1_000);
  });

  it('events/s is 0 once the panel’s rate window passes without a message', () => {
    const clock = new ManualClock(1_000_500);
    const meter = new RateMeter(clock);
    for (let s = 0; s < 5; s++) {
      meter.add(20);
      clock.advance(1_000);
    }
    assert.ok(meter.perSecond() > 0);
    clock.advance(RATE_WINDOW_MS);
    assert.equal(meter.perSecond(), 0);
  });
});
