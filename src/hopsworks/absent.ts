// "Absent" = 400 or 404 with the resource's not-found code; get-one calls return undefined for it, as the
// Python client does (hopsworks-rest.md §1.3, PY decorators._catch_not_found).
import { HopsworksError } from './errors';
import type { RequestSpec, Transport, TransportResponse } from './transport';

export async function undefinedIfAbsent<T>(
  p: Promise<T>,
  notFoundCodes: readonly number[],
): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (
      e instanceof HopsworksError &&
      (e.status === 400 || e.status === 404) &&
      e.errorCode !== undefined &&
      notFoundCodes.includes(e.errorCode)
    ) {
      return undefined;
    }
    throw e;
  }
}

/**
 * GETs one resource and reads it (`read` checks the shape); undefined when the server says it is absent with one
 * of `notFoundCodes`.
 */
export function getIfPresent<T>(
  t: Transport,
  spec: Omit<RequestSpec, 'method'>,
  notFoundCodes: readonly number[],
  read: (res: TransportResponse) => T,
): Promise<T | undefined> {
  return undefinedIfAbsent(t.request({ method: 'GET', ...spec }).then(read), notFoundCodes);
}

/** One URL path segment. */
export function seg(value: string | number): string {
  return encodeURIComponent(String(value));
}
