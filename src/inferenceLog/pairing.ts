// Turns events into rows. KServe writes a request and a response record per call, sharing inferenceId,
// possibly on different partitions and in either order: they become ONE row. A request left alone past
// the timeout is marked "no response" — the KServe agent logs no response for a failed call — unless the
// logging mode never logs responses. DEFAULT (v1–v3) records are already combined.
import type { Clock } from './clock';
import { StringInterner } from './intern';
import type { LogStore, NewRow } from './logStore';
import { isErrorRow } from './rowFilter';
import type { InferenceEvent, KafkaMeta, LogRow, LoggingMode, RowOutcome } from './types';

export const DEFAULT_NO_RESPONSE_TIMEOUT_MS = 30_000;

export interface PairerOptions {
  store: LogStore;
  clock: Clock;
  /** The deployment's inferenceLogging mode (default ALL). */
  loggingMode?: LoggingMode;
  noResponseTimeoutMs?: number;
}

function outcomeForCode(httpCode: number): RowOutcome {
  return httpCode >= 400 ? 'http-error' : 'ok';
}

export class Pairer {
  private readonly store: LogStore;
  private readonly clock: Clock;
  private readonly mode: LoggingMode;
  private readonly timeoutMs: number;
  /** inferenceId → id of the row holding the half that has not met its other half yet. */
  private readonly waiting = new Map<string, number>();
  /**
   * Pending requests in arrival order: row ids and their deadlines in "active time" (see freeze), as two
   * arrays of plain numbers so that 100,000 waiting requests are not 100,000 more objects to collect.
   */
  private queueIds: number[] = [];
  private queueDeadlines: number[] = [];
  private head = 0;
  private frozenTotal = 0;
  private frozenAt: number | undefined;
  private readonly strings = new StringInterner();

  constructor(options: PairerOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.mode = options.loggingMode ?? 'ALL';
    this.timeoutMs = options.noResponseTimeoutMs ?? DEFAULT_NO_RESPONSE_TIMEOUT_MS;
    this.store.onEvicted((row) => {
      if (row.inferenceId && this.waiting.get(row.inferenceId) === row.id)
        this.waiting.delete(row.inferenceId);
    });
  }

  /** Adds an event as a new row, or joins it to the row of its other half (`joined`). */
  add(event: InferenceEvent): { row: LogRow; joined: boolean } {
    if (event.kind === 'combined' || !event.inferenceId) {
      return { row: this.store.append(this.rowFields(event)), joined: false };
    }
    const otherId = this.waiting.get(event.inferenceId);
    const other = otherId === undefined ? undefined : this.store.get(otherId);
    if (other && (other.kind === 'request' || other.kind === 'response') && other.kind !== event.kind) {
      this.waiting.delete(event.inferenceId);
      this.join(other, event);
      return { row: other, joined: true };
    }
    const row = this.store.append(this.rowFields(event));
    // Responses wait too: in ALL mode the request may still be on its way from another partition.
    if (this.mode === 'ALL') this.waiting.set(event.inferenceId, row.id);
    if (row.outcome === 'pending') {
      this.queueIds.push(row.id);
      this.queueDeadlines.push(this.activeNow() + this.timeoutMs);
    }
    return { row, joined: false };
  }

  addUndecodable(kafka: KafkaMeta, error: string, hexPreview: string, timeMs: number): LogRow {
    return this.store.append({
      kind: 'raw',
      outcome: 'undecodable',
      timeMs,
      timeResolutionMs: 1,
      model: '',
      modelVersion: 0,
      servingId: 0,
      inferenceId: '',
      httpCode: 0,
      kafka,
      error,
      hexPreview,
    });
  }

  /** Marks requests whose response did not come in time; returns those rows. */
  sweep(): LogRow[] {
    const now = this.activeNow();
    const marked: LogRow[] = [];
    while (this.head < this.queueIds.length) {
      const deadline = this.queueDeadlines[this.head] ?? Infinity;
      if (deadline > now) break;
      const row = this.store.get(this.queueIds[this.head] ?? -1);
      this.head++;
      if (row && row.outcome === 'pending') {
        this.store.update(row, (r) => {
          r.outcome = 'no-response';
        });
        marked.push(row);
      }
    }
    if (this.head > 1024 && this.head * 2 > this.queueIds.length) {
      this.queueIds = this.queueIds.slice(this.head);
      this.queueDeadlines = this.queueDeadlines.slice(this.head);
      this.head = 0;
    }
    return marked;
  }

  /**
   * Stops the timeout clock while no data can arrive (paused, reconnecting): a response the broker still
   * holds for us must not count as missing.
   */
  freeze(): void {
    this.frozenAt ??= this.clock.now();
  }

  thaw(): void {
    if (this.frozenAt === undefined) return;
    this.frozenTotal += this.clock.now() - this.frozenAt;
    this.frozenAt = undefined;
  }

  clear(): void {
    this.waiting.clear();
    this.queueIds = [];
    this.queueDeadlines = [];
    this.head = 0;
  }

  private activeNow(): number {
    const now = this.clock.now();
    return now - this.frozenTotal - (this.frozenAt === undefined ? 0 : now - this.frozenAt);
  }

  private rowFields(e: InferenceEvent): NewRow {
    let outcome: RowOutcome;
    let httpCode = e.httpCode;
    if (e.kind === 'request') {
      outcome = this.mode === 'ALL' ? 'pending' : 'request-only';
      // A KServe request is logged before the call's outcome exists; its code field says nothing.
      httpCode = 0;
    } else {
      outcome = outcomeForCode(httpCode);
    }
    const row: NewRow = {
      kind: e.kind,
      outcome,
      timeMs: e.timeMs,
      timeResolutionMs: e.timeResolutionMs,
      model: this.strings.intern(e.model),
      modelVersion: e.modelVersion,
      servingId: e.servingId,
      inferenceId: e.inferenceId,
      httpCode,
      kafka: e.kafka,
    };
    // Formats are left to rowRequestFormat/rowResponseFormat: classifying is a JSON.parse per payload.
    if (e.request) row.requestText = e.request.text;
    if (e.response) row.responseText = e.response.text;
    if (e.messageType !== undefined) row.messageType = e.messageType;
    if (e.extra) row.extra = this.internExtra(e.extra);
    return row;
  }

  private internExtra(extra: Record<string, string | number>): Record<string, string | number> {
    const out: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(extra))
      out[this.strings.intern(k)] = typeof v === 'string' ? this.strings.intern(v) : v;
    return out;
  }

  private join(r: LogRow, e: InferenceEvent): void {
    // Runs once per KServe call: changes the row in place and tells the store, without a closure.
    const wasError = isErrorRow(r);
    const wasPending = r.outcome === 'pending';
    if (e.kind === 'request') {
      // The row came from the response; the request's time and message lead from now on.
      const responseTime = r.timeMs;
      r.responseKafka = r.kafka;
      r.kafka = e.kafka;
      r.timeMs = e.timeMs;
      r.requestText = e.request?.text ?? '';
      r.latencyMs = latency(e.timeMs, responseTime);
    } else if (e.kind === 'response') {
      r.responseKafka = e.kafka;
      r.responseText = e.response?.text ?? '';
      r.httpCode = e.httpCode;
      r.latencyMs = latency(r.timeMs, e.timeMs);
    }
    r.timeResolutionMs = Math.max(r.timeResolutionMs, e.timeResolutionMs);
    r.kind = 'pair';
    r.outcome = outcomeForCode(r.httpCode);
    this.store.updated(r, wasError, wasPending);
  }
}

function latency(requestMs: number, responseMs: number): number | undefined {
  const d = responseMs - requestMs;
  return d >= 0 ? d : undefined;
}
