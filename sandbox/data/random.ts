// Seeded randomness for the sandbox's data: the same seed gives the same training sample, and the same
// traffic values in the same order, so a test can ask for a known distribution instead of hoping for one.

/** A source of uniform numbers in [0, 1), like Math.random. */
export type Random = () => number;

/** mulberry32: small, fast, and good enough for synthetic feature values (not for anything secret). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One draw from N(mean, sd) by Box–Muller (the second value of the pair is not kept: simpler, still exact). */
export function normal(rnd: Random, mean: number, sd: number): number {
  const u = 1 - rnd(); // (0, 1]: log(0) is never taken
  const v = rnd();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
