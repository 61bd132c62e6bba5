// Events and errors per time bucket for the panel's small chart, computed from the rows held right now
// (so it always agrees with the table). Bucket widths are round numbers a person can read off an axis.
import { isErrorRow } from './rowFilter';
import type { Histogram, LogRow } from './types';

const NICE_BUCKETS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
];

export function niceBucketMs(spanMs: number, maxBuckets: number): number {
  for (const b of NICE_BUCKETS_MS) if (spanMs / b < maxBuckets) return b;
  const day = 86_400_000;
  return Math.ceil(spanMs / maxBuckets / day) * day || day;
}

export function buildHistogram(
  rows: Iterable<LogRow>,
  maxBuckets = 60,
  match?: (row: LogRow) => boolean,
): Histogram {
  let min = Infinity;
  let max = -Infinity;
  const picked: LogRow[] = [];
  for (const r of rows) {
    if (match && !match(r)) continue;
    picked.push(r);
    if (r.timeMs < min) min = r.timeMs;
    if (r.timeMs > max) max = r.timeMs;
  }
  if (picked.length === 0)
    return { startMs: 0, bucketMs: NICE_BUCKETS_MS[0] ?? 1000, events: [], errors: [] };
  const bucketMs = niceBucketMs(max - min + 1, Math.max(1, maxBuckets));
  const startMs = Math.floor(min / bucketMs) * bucketMs;
  const n = Math.floor((max - startMs) / bucketMs) + 1;
  const events = new Array<number>(n).fill(0);
  const errors = new Array<number>(n).fill(0);
  for (const r of picked) {
    const i = Math.floor((r.timeMs - startMs) / bucketMs);
    events[i] = (events[i] ?? 0) + 1;
    if (isErrorRow(r)) errors[i] = (errors[i] ?? 0) + 1;
  }
  return { startMs, bucketMs, events, errors };
}
