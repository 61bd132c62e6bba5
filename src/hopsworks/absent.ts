// "Absent" = 400 or 404 with the resource's not-found code; get-one calls return undefined for it, as the
// Python client does (hopsworks-rest.md §1.3, PY decorators._catch_not_found).
import { HopsworksError } from './errors';

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

/** One URL path segment. */
export function seg(value: string | number): string {
  return encodeURIComponent(String(value));
}
