// What a server-log line says about itself: when it was printed and which inference ids it names. Model
// servers print their own time in their own format (KServe and uvicorn through Python logging, TensorFlow
// Serving, Flask/werkzeug access lines, Go JSON loggers of the KServe agent), and a traceback's lines carry no
// time at all. The times are read as UTC: pods run in UTC unless an image sets TZ, and Python's asctime has no
// zone. Pure: text in, facts out.

export interface IdAt {
  id: string;
  /** offset of the id in the line */
  start: number;
  end: number;
}

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

// `2025-01-31 14:05:09.123` (asctime with `.` or `,`), `2025-01-31 14:05:09.123000:` (TF Serving),
// `2025-01-31T14:05:09.123Z` / `+01:00` (ISO), at the start of the line or of a `[…]` prefix.
const ISO_LIKE =
  /^\[?(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?/;
// werkzeug's access line: `127.0.0.1 - - [31/Jan/2025 14:05:09] "POST /predict HTTP/1.1" 200 -`
const WERKZEUG = /\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})\]/;
// Go's zap JSON (KServe agent, queue-proxy): `{"level":"info","ts":1738332309.123,…}`
const ZAP_TS = /^\{.*?"ts":\s*(\d{9,11}(?:\.\d+)?)[,}]/;
// Inference ids are UUIDs (KServe's request id, the `inferenceId` of the logged events).
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** The time a line says it was printed at (epoch ms), or undefined when it says none (e.g. a traceback line). */
export function lineTime(text: string): number | undefined {
  const iso = ISO_LIKE.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
    return valid(utc - zoneOffsetMs(zone));
  }
  const w = WERKZEUG.exec(text);
  if (w) {
    const [, d, mon, y, h, mi, s] = w;
    const month = MONTHS[mon ?? ''];
    if (month === undefined) return undefined;
    return valid(Date.UTC(Number(y), month, Number(d), Number(h), Number(mi), Number(s)));
  }
  const zap = ZAP_TS.exec(text);
  if (zap) return valid(Math.round(Number(zap[1]) * 1000));
  return undefined;
}

/** `+01:00` → 3 600 000; `Z` or none → 0. */
function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}

function valid(ms: number): number | undefined {
  return Number.isFinite(ms) ? ms : undefined;
}

/** Every inference id (UUID) the line names, lower-cased, with where it is. */
export function inferenceIdsIn(text: string): IdAt[] {
  const out: IdAt[] = [];
  for (const m of text.matchAll(UUID)) {
    out.push({ id: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** True when the line names `id` (compared without case, as UUIDs are). */
export function lineNames(text: string, id: string): boolean {
  return text.toLowerCase().includes(id.toLowerCase());
}
