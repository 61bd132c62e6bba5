// The logged prediction beside the new one: equal, different (numbers within a tolerance count as
// equal), or not comparable. Only the prediction part is compared — V1 `predictions`, V2 `outputs` by
// name — so a V2 response's own `id` or `model_version` (which differ by design) is not a difference.

export interface CompareOptions {
  /** |a − b| ≤ absolute + relative × max(|a|, |b|) is equal (defaults 1e-6 and 1e-6). */
  absoluteTolerance?: number;
  relativeTolerance?: number;
}

export const DEFAULT_ABSOLUTE_TOLERANCE = 1e-6;
export const DEFAULT_RELATIVE_TOLERANCE = 1e-6;
/** Differences listed per request (the count covers them all). */
const MAX_LISTED = 20;
const MAX_VALUE_TEXT = 200;

/** What a replayed request came to (one const array: the comparison view's labels derive from it). */
export const VERDICTS = ['equal', 'different', 'error', 'no-logged-prediction'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface Difference {
  /** Where in the prediction: "[0]", "[2][1]", "output-0[3]", ".label". */
  path: string;
  /** The values (cut to 200 characters of JSON when long); undefined where one side has nothing. */
  logged?: unknown;
  fresh?: unknown;
  /** For two numbers. */
  absDiff?: number;
}

export interface Comparison {
  verdict: Verdict;
  /** How many values differ (all of them, `differences` lists the first ones). */
  differenceCount: number;
  differences: Difference[];
  /** The largest |logged − new| over the numbers compared; null when no two numbers were. */
  maxAbsDiff: number | null;
  /** The prediction parts compared (for the side-by-side view and the export). */
  logged?: unknown;
  fresh?: unknown;
  /** For `error` and `no-logged-prediction`. */
  note?: string;
}

/** What is compared of a response body: `predictions`, V2 `outputs` as {name: data}, else the body. */
export function predictionPart(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const o = body as Record<string, unknown>;
  if ('predictions' in o) return o.predictions;
  if (
    Array.isArray(o.outputs) &&
    o.outputs.every((t) => typeof t === 'object' && t !== null && 'name' in t)
  ) {
    const out: Record<string, unknown> = {};
    for (const t of o.outputs as { name: unknown; data?: unknown }[]) out[String(t.name)] = t.data;
    return out;
  }
  return body;
}

/**
 * Compares the logged response text of a row with the new response body. `loggedText` undefined: nothing
 * was logged back then (a failed KServe call, a request-only mode).
 */
export function comparePredictions(
  loggedText: string | undefined,
  freshBody: unknown,
  options: CompareOptions = {},
): Comparison {
  const fresh = predictionPart(freshBody);
  if (loggedText === undefined || loggedText === '')
    return nothingToCompare(
      fresh,
      'No response was logged for this request, so there is nothing to compare with.',
    );
  let loggedBody: unknown;
  try {
    loggedBody = JSON.parse(loggedText);
  } catch {
    return nothingToCompare(
      fresh,
      'The logged response is not JSON (an error page?), so there is nothing to compare with.',
    );
  }
  const logged = predictionPart(loggedBody);
  const abs = options.absoluteTolerance ?? DEFAULT_ABSOLUTE_TOLERANCE;
  const rel = options.relativeTolerance ?? DEFAULT_RELATIVE_TOLERANCE;
  const differences: Difference[] = [];
  let count = 0;
  let maxAbsDiff: number | null = null;
  const differ = (d: Difference) => {
    count++;
    if (differences.length < MAX_LISTED)
      differences.push({
        ...d,
        // A path into a deeply nested tensor can be long: its end says where.
        path: d.path.length > MAX_VALUE_TEXT ? `…${d.path.slice(-(MAX_VALUE_TEXT - 1))}` : d.path,
        logged: cut(d.logged),
        fresh: cut(d.fresh),
      });
  };
  // An explicit stack: a prediction can be a deeply nested tensor.
  const stack: [unknown, unknown, string][] = [[logged, fresh, '']];
  while (stack.length > 0) {
    const [a, b, path] = stack.pop()!;
    if (typeof a === 'number' && typeof b === 'number') {
      const d = Math.abs(a - b);
      if (Number.isFinite(d)) maxAbsDiff = Math.max(maxAbsDiff ?? 0, d);
      const equal = a === b || d <= abs + rel * Math.max(Math.abs(a), Math.abs(b));
      if (!equal) differ({ path: path || '(value)', logged: a, fresh: b, absDiff: d });
      continue;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) differ({ path: `${path}.length`, logged: a.length, fresh: b.length });
      for (let i = Math.min(a.length, b.length) - 1; i >= 0; i--) stack.push([a[i], b[i], `${path}[${i}]`]);
      continue;
    }
    if (isPlainObject(a) && isPlainObject(b)) {
      const both: [unknown, unknown, string][] = [];
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const p = path ? `${path}.${k}` : k;
        if (!Object.prototype.hasOwnProperty.call(a, k)) differ({ path: p, fresh: b[k] });
        else if (!Object.prototype.hasOwnProperty.call(b, k)) differ({ path: p, logged: a[k] });
        else both.push([a[k], b[k], p]);
      }
      // Pushed last-first so the keys are visited in their order.
      for (let i = both.length - 1; i >= 0; i--) stack.push(both[i]!);
      continue;
    }
    if (a !== b) differ({ path: path || '(value)', logged: a, fresh: b });
  }
  return {
    verdict: count === 0 ? 'equal' : 'different',
    differenceCount: count,
    differences,
    maxAbsDiff,
    logged,
    fresh,
  };
}

/** The verdict when the log holds no prediction to set the new one against; `note` says why. */
function nothingToCompare(fresh: unknown, note: string): Comparison {
  return {
    verdict: 'no-logged-prediction',
    differenceCount: 0,
    differences: [],
    maxAbsDiff: null,
    fresh,
    note,
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cut(v: unknown): unknown {
  if (v === undefined || typeof v !== 'object' || v === null) {
    return typeof v === 'string' && v.length > MAX_VALUE_TEXT ? `${v.slice(0, MAX_VALUE_TEXT - 1)}…` : v;
  }
  const json = JSON.stringify(v);
  return json.length > MAX_VALUE_TEXT ? `${json.slice(0, MAX_VALUE_TEXT - 1)}…` : v;
}
