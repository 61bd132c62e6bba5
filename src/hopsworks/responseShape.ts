// Checks that a 2xx body has the shape a caller relies on; anything else is a badResponse error rather than
// a TypeError deep inside the extension. The server omits null fields, so only structure is checked.
import { HopsworksError } from './errors';
import type { TransportResponse } from './transport';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function badResponse(res: TransportResponse, expected: string): HopsworksError {
  return new HopsworksError({
    kind: 'badResponse',
    message:
      `Hopsworks at ${res.origin} sent an unexpected answer to ${res.method} ${res.path}: expected ${expected}. ` +
      'Is this a supported Hopsworks version?',
    method: res.method,
    path: res.path,
    status: res.status,
  });
}

export function expectObject(res: TransportResponse, expected: string): JsonObject {
  if (!isObject(res.data)) throw badResponse(res, expected);
  return res.data;
}

/** Items of a list that is either a bare array or a RestDTO `{items, count}` (items absent when empty). */
export function expectList(res: TransportResponse, expected: string): unknown[] {
  const d = res.data;
  if (Array.isArray(d)) return d as unknown[];
  if (isObject(d)) {
    if (d.items === undefined || d.items === null) return [];
    if (Array.isArray(d.items)) return d.items as unknown[];
  }
  throw badResponse(res, expected);
}

/** Each element must be an object with the given string/number keys present. */
export function expectItems<T>(
  res: TransportResponse,
  items: unknown[],
  expected: string,
  check: (o: JsonObject) => boolean,
): T[] {
  for (const item of items) {
    if (!isObject(item) || !check(item)) throw badResponse(res, expected);
  }
  return items as T[];
}
