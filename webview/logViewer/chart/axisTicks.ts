// Where a chart's axes put their ticks and what the ticks say. Pure: no DOM, no uPlot.
// Value axes: round steps (1, 2, 5 × 10ⁿ) from zero up to the first tick at or above the largest value, so
// the top of the axis is a labelled number. Time axes: steps a person reads off a clock, on local
// boundaries, written in 24-hour time like the table (HH:MM, or HH:MM:SS below a minute), with the date
// under the first tick and under every tick where the day changes.

export interface ValueTicks {
  /** Top of the axis: the highest tick. */
  top: number;
  step: number;
  ticks: number[];
}

/** Ticks from 0 to at least `max`, at most `maxTicks` of them; whole steps unless `fractional`. */
export function valueTicks(max: number, maxTicks: number, fractional = false): ValueTicks {
  const room = Math.max(1, Math.floor(maxTicks) - 1);
  const want = Number.isFinite(max) && max > 0 ? max : 1;
  let step = fractional ? 10 ** Math.floor(Math.log10(want / room)) : 1;
  for (let i = 0; i < 40 && Math.ceil(want / step - 1e-9) > room; i++) step = nextStep(step);
  const n = Math.max(1, Math.ceil(want / step - 1e-9));
  const ticks: number[] = [];
  for (let i = 0; i <= n; i++) ticks.push(round(i * step));
  return { top: round(n * step), step, ticks };
}

function nextStep(step: number): number {
  const p = 10 ** Math.floor(Math.log10(step) + 1e-9);
  const m = Math.round(step / p);
  return m === 1 ? 2 * p : m === 2 ? 5 * p : 10 * p;
}

// Float steps (0.1 + 0.2): keep 12 significant digits.
function round(v: number): number {
  return Number(v.toPrecision(12));
}

/** Tick values the way the counters write numbers: thousands separated, no needless decimals. */
export function formatValue(v: number): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];

export interface TimeTicks {
  stepMs: number;
  ticks: number[];
}

/** Local-time ticks inside [minMs, maxMs], at most `maxTicks`. */
export function timeTicks(minMs: number, maxMs: number, maxTicks: number): TimeTicks {
  const span = Math.max(0, maxMs - minMs);
  const most = Math.max(2, Math.floor(maxTicks));
  const stepMs =
    TIME_STEPS.find((s) => Math.floor(span / s) + 1 <= most) ?? TIME_STEPS[TIME_STEPS.length - 1] ?? DAY;
  const ticks: number[] = [];
  for (let t = firstTick(minMs, stepMs); t <= maxMs && ticks.length <= most; t = nextTick(t, stepMs))
    ticks.push(t);
  return { stepMs, ticks };
}

function firstTick(minMs: number, stepMs: number): number {
  if (stepMs >= DAY) {
    const d = new Date(minMs);
    const midnight = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    return midnight < minMs ? nextTick(midnight, DAY) : midnight;
  }
  // Steps below a day fall on local clock boundaries (an hour step in UTC+5:30 still ticks at HH:00).
  const offset = -new Date(minMs).getTimezoneOffset() * MINUTE;
  return Math.ceil((minMs + offset) / stepMs) * stepMs - offset;
}

function nextTick(t: number, stepMs: number): number {
  if (stepMs < DAY) return t + stepMs;
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + Math.round(stepMs / DAY)).getTime();
}

const pad = (n: number) => String(n).padStart(2, '0');

function clock(ms: number, stepMs: number): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return stepMs < MINUTE ? `${hm}:${pad(d.getSeconds())}` : hm;
}

function date(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The labels of `ticks`: 24-hour times; the date on a second line where the day changes (and first). */
export function timeLabels(ticks: readonly number[], stepMs: number): string[] {
  if (stepMs >= DAY) return ticks.map(date);
  let day = '';
  const spansDays = ticks.length > 0 && date(ticks[0] ?? 0) !== date(ticks[ticks.length - 1] ?? 0);
  return ticks.map((t) => {
    const d = date(t);
    const label = clock(t, stepMs);
    if (!spansDays || d === day) return label;
    day = d;
    return `${label}\n${d}`;
  });
}

/** "14:03:05", or with the date when the range is not within one day: for titles and screen readers. */
export function describeTime(ms: number, withDate: boolean): string {
  return withDate ? `${date(ms)} ${clock(ms, 0)}` : clock(ms, 0);
}
