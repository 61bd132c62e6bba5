// Background traffic: while a deployment that logs is serving (Running, or Idle — a request wakes it), clients
// "call" it at a steady rate through the same path as a REST :predict, so its topic and its server logs have a
// live stream to show. Feature values follow the training statistics, shifted while the drift switch is on.
import type { DriftSwitch } from '../data/drift';
import type { SandboxState, ServingRecord } from '../rest/state';
import type { ServingCalls } from './calls';
import type { Random } from './requests';
import { requestBody } from './requests';

export interface TrafficOptions {
  state: SandboxState;
  calls: ServingCalls;
  /** calls per second per Running deployment that logs; 0 = off */
  perSecond: number;
  tickMs?: number;
  random?: Random;
  /** when on, generated requests have their named features shifted */
  drift?: DriftSwitch;
  log?: (line: string) => void;
}

// More unfinished sends than this means the broker is not keeping up (or is down): drop instead of queueing.
const MAX_IN_FLIGHT = 64;
// Failures come on a fixed beat rather than by chance, so every stretch of traffic shows them: one call in
// BAD_INPUT_EVERY sends a bad row (the model answers 4xx/5xx). A call that never reached the model is not
// logged by any Hopsworks logger (shared docs §10.2 #5), so the traffic invents none.
const BAD_INPUT_EVERY = 12;
// What the clients of the traffic send as request metadata, for schemas that log it (v5).
const METADATA = JSON.stringify({ 'user-agent': ['hopsworks-sandbox-traffic/1.0'] });

export class TrafficGenerator {
  private perSecond: number;
  private readonly credit = new Map<number, number>();
  private readonly calls = new Map<number, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private lastError = '';
  private readonly random: Random;
  private readonly tickMs: number;

  constructor(private readonly opts: TrafficOptions) {
    this.perSecond = Math.max(0, opts.perSecond);
    this.random = opts.random ?? Math.random;
    this.tickMs = opts.tickMs ?? 200;
  }

  start(): void {
    if (this.timer) return;
    this.lastTick = Date.now();
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  setRate(perSecond: number): void {
    if (!Number.isFinite(perSecond) || perSecond < 0) {
      throw new RangeError(`traffic rate must be a number ≥ 0, got ${perSecond}`);
    }
    this.perSecond = perSecond;
  }

  get rate(): number {
    return this.perSecond;
  }

  /** Stops generating and waits for sends already started. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  private tick(): void {
    const now = Date.now();
    const elapsed = (now - this.lastTick) / 1000;
    this.lastTick = now;
    for (const serving of this.opts.state.servings.values()) {
      if (!logsNow(serving) || this.perSecond === 0) {
        this.credit.delete(serving.id);
        continue;
      }
      // Fractional credit carries over so low rates (e.g. 0.5/s) still produce on average.
      let credit = (this.credit.get(serving.id) ?? this.random()) + this.perSecond * elapsed;
      while (credit >= 1) {
        credit -= 1;
        this.call(serving);
      }
      this.credit.set(serving.id, credit);
    }
  }

  private call(serving: ServingRecord): void {
    if (this.inFlight.size >= MAX_IN_FLIGHT) return;
    const model = serving.spec;
    const n = (this.calls.get(serving.id) ?? 0) + 1;
    this.calls.set(serving.id, n);
    const body = requestBody(
      {
        modelName: model.modelName ?? model.name,
        modelServer: model.modelServer,
        servingTool: model.servingTool,
      },
      this.random,
      n % BAD_INPUT_EVERY === 5,
      this.opts.drift?.shifts,
    );
    const sent = this.opts.calls
      .call(serving, body, { metadata: METADATA })
      .logged.then(
        () => {
          this.lastError = '';
        },
        (e: unknown) => {
          // One line per distinct failure, not one per event, while the broker is away.
          const message = e instanceof Error ? e.message : String(e);
          if (message !== this.lastError)
            this.opts.log?.(`traffic: could not log to ${serving.topicName}: ${message}`);
          this.lastError = message;
        },
      )
      .finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
  }
}

function logsNow(serving: ServingRecord): boolean {
  return (
    (serving.status === 'Running' || serving.status === 'Idle') &&
    !!serving.topicName &&
    !!serving.spec.inferenceLogging
  );
}
