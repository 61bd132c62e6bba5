// The contract every benchmark section file in bench/sections/ fulfils. A section measures, prints
// nothing on its own and asserts nothing; main.ts runs them in file-name order and reports the numbers.

export interface BenchContext {
  /** Progress lines for a person (stderr); never part of the results. */
  note(line: string): void;
}

/**
 * Metric name (snake_case, unit in the name: `_per_s`, `_ms`, `_mb`, `_kb`) → value; a boolean for a
 * yes/no verdict (`_held`).
 */
export type BenchResults = Record<string, number | boolean>;

export interface BenchSection {
  name: string;
  run(ctx: BenchContext): Promise<BenchResults>;
}
