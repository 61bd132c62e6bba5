// Compiles the webview's filter into one predicate, so a query over 100,000 rows does the setup once.
import type { LogRow, RowFilter, RowKind, StatusClass } from './types';

export function statusClass(httpCode: number): StatusClass {
  if (!httpCode) return 'none';
  if (httpCode >= 200 && httpCode < 300) return '2xx';
  if (httpCode >= 400 && httpCode < 500) return '4xx';
  if (httpCode >= 500 && httpCode < 600) return '5xx';
  return 'other';
}

/**
 * Whether `row` belongs to deployment `servingId`, as far as anyone can tell: an undecodable row names no
 * deployment, so it is nobody's to hide.
 */
export function ofDeployment(row: Pick<LogRow, 'kind' | 'servingId'>, servingId: number): boolean {
  return row.kind === 'raw' || row.servingId === servingId;
}

export function isErrorRow(row: LogRow): boolean {
  return row.outcome === 'http-error' || row.outcome === 'no-response';
}

function asSet<T>(v: T | readonly T[] | undefined): ReadonlySet<T> | undefined {
  if (v === undefined) return undefined;
  const list = (Array.isArray(v) ? v : [v]) as readonly T[];
  return list.length === 0 ? undefined : new Set(list);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compileFilter(filter: RowFilter | undefined): ((row: LogRow) => boolean) | undefined {
  if (!filter) return undefined;
  const kinds = asSet<RowKind>(filter.kind);
  const statuses = asSet<StatusClass>(filter.status);
  const text = filter.text?.trim();
  // A case-insensitive RegExp scans without building lower-cased copies of every payload.
  const re = text ? new RegExp(escapeRegExp(text), 'i') : undefined;
  const { errorsOnly, undecodableOnly, servingId } = filter;
  const deployment = servingId !== undefined;
  if (!kinds && !statuses && !re && !errorsOnly && !undecodableOnly && !deployment) return undefined;
  return (row) => {
    if (servingId !== undefined && !ofDeployment(row, servingId)) return false;
    if (kinds && !kinds.has(row.kind)) return false;
    if (statuses && !statuses.has(statusClass(row.httpCode))) return false;
    if (errorsOnly && !isErrorRow(row)) return false;
    if (undecodableOnly && row.kind !== 'raw') return false;
    if (re) {
      return (
        re.test(row.inferenceId) ||
        re.test(row.model) ||
        (row.requestText !== undefined && re.test(row.requestText)) ||
        (row.responseText !== undefined && re.test(row.responseText)) ||
        (row.error !== undefined && re.test(row.error))
      );
    }
    return true;
  };
}
