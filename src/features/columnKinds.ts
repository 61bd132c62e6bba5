// What a schema type name says about the values a column may hold. hsml writes the type as pandas
// (`int64`, `float64`, `object`, `bool`), Spark (`bigint`, `double`, `string`, `boolean`), a feature
// store / Hive type (`int`, `decimal(10,2)`, `array<float>`, `timestamp`) or numpy (`float32`, `<U5`).
import type { ColumnKind, JsonValue } from './types';

const INTEGER = /^(u?int(8|16|32|64)?|integer|long|bigint|smallint|tinyint|short|byte|integral|int\d*)$/;
const NUMBER =
  /^(float(16|32|64)?|double|real|decimal(\(.*\))?|numeric|number|fractional|fp(16|32|64)|bf16)$/;
const BOOLEAN = /^(bool|boolean)$/;
const STRING = /^(string|str|varchar(\(.*\))?|char(\(.*\))?|text|category|bytes|<u\d+|\|s\d+|unicode)$/;
const DATETIME = /^(timestamp|date|datetime(64)?(\[.*\])?|time)$/;

export function kindOfType(type: string | undefined): ColumnKind {
  if (!type) return 'any';
  const t = type.trim().toLowerCase();
  if (INTEGER.test(t)) return 'integer';
  if (NUMBER.test(t)) return 'number';
  if (BOOLEAN.test(t)) return 'boolean';
  if (STRING.test(t)) return 'string';
  if (DATETIME.test(t)) return 'datetime';
  return 'any';
}

/** The kind an input example's value suggests: 61 says "a number", not "an integer". */
export function kindOfValue(v: JsonValue | undefined): ColumnKind {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return 'any';
}

/** Whether `v` (not null) is what a column of `kind` holds. */
export function fitsKind(v: JsonValue, kind: ColumnKind): boolean {
  switch (kind) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'datetime':
      return typeof v === 'string' || typeof v === 'number';
    case 'any':
      return true;
  }
}

/** How a value reads in a misfit reason: its JSON, cut short, and what it is. */
export function describeValue(v: JsonValue): string {
  const what =
    typeof v === 'string'
      ? 'text'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'an integer'
          : 'a number'
        : typeof v === 'boolean'
          ? 'a boolean'
          : Array.isArray(v)
            ? 'a list'
            : 'an object';
  let json = JSON.stringify(v);
  if (json.length > 40) json = `${json.slice(0, 37)}…`;
  return `${json} (${what})`;
}
