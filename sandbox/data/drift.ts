// The drift switch: while on, the sandbox's traffic adds a fixed amount to the named features of every request
// it generates, so the live distribution moves away from the training statistics by a known amount. Requests
// a person sends through :predict are never changed.
import type { FeatureSpec } from './features';
import { familyData, featureNames } from './features';
import { roundTo } from './random';

/** Feature name → amount added to each of its values (in the feature's unit, e.g. +1.5 cm). */
export type DriftShifts = Record<string, number>;

/** The shifts `--drift` uses when none are named: one feature of each model family that logs by default. */
export const DEFAULT_DRIFT: DriftShifts = { sepal_width: 1.5, amount: 1.2 };

const MAX_FEATURES = 32;

/** Throws a RangeError naming what is wrong (unknown feature, not a finite number, …); returns a clean copy. */
export function checkDrift(shifts: unknown): DriftShifts {
  if (typeof shifts !== 'object' || shifts === null || Array.isArray(shifts)) {
    throw new RangeError('drift must be an object of feature name → shift, e.g. {"sepal_width": 1.5}');
  }
  const entries = Object.entries(shifts as Record<string, unknown>);
  if (entries.length === 0) throw new RangeError('drift names no feature; to turn drift off, clear it');
  if (entries.length > MAX_FEATURES) throw new RangeError(`drift names more than ${MAX_FEATURES} features`);
  const known = new Set(Object.values(featureNames()).flat());
  const out: DriftShifts = {};
  for (const [name, shift] of entries) {
    if (!known.has(name)) {
      throw new RangeError(
        `drift names an unknown feature "${name.slice(0, 64)}"; known features: ${[...known].join(', ')}`,
      );
    }
    if (typeof shift !== 'number' || !Number.isFinite(shift)) {
      throw new RangeError(`the drift of "${name}" must be a finite number, got ${JSON.stringify(shift)}`);
    }
    out[name] = shift;
  }
  return out;
}

/** Parses `name=shift,name=shift` (the command-line form). */
export function parseDrift(text: string): DriftShifts {
  const shifts: Record<string, unknown> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new RangeError(`"${part}" is not name=shift (e.g. sepal_width=1.5)`);
    const raw = part.slice(eq + 1).trim();
    shifts[part.slice(0, eq).trim()] = raw === '' ? NaN : Number(raw);
  }
  return checkDrift(shifts);
}

/** One per sandbox: the traffic generator reads it for every request, a test or a person flips it. */
export class DriftSwitch {
  #shifts: DriftShifts | undefined;

  constructor(initial?: DriftShifts) {
    if (initial) this.set(initial);
  }

  /** Turns drift on with these shifts (replacing earlier ones), or off with undefined/null. */
  set(shifts: DriftShifts | null | undefined): void {
    this.#shifts = shifts ? Object.freeze(checkDrift(shifts)) : undefined;
  }

  /** The shifts in force (frozen: read for every generated request, never copied), or undefined when off. */
  get shifts(): Readonly<DriftShifts> | undefined {
    return this.#shifts;
  }
}

/**
 * The row as drift makes it: each named feature of this model moved by its shift. Whole-number features stay
 * whole (the shift is rounded), decimals keep their precision, so a request still looks like a request.
 */
export function applyDrift(
  modelName: string,
  row: number[],
  shifts: Readonly<DriftShifts> | undefined,
): number[] {
  if (!shifts) return row;
  const specs: readonly FeatureSpec[] = familyData(modelName).features;
  return row.map((value, i) => {
    const spec = specs[i];
    const shift = spec ? shifts[spec.name] : undefined;
    if (shift === undefined || !spec) return value;
    return spec.digits === 0 ? value + Math.round(shift) : roundTo(value + shift, spec.digits);
  });
}
