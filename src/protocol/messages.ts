// The envelope every webview and the extension host exchange, shared by all panels. A panel's own protocol
// (e.g. deploymentForm.ts) names its requests, replies and events; this file carries them, checks what comes
// from the webview before the host acts on it, and dispatches requests to typed handlers.
// Pure (no 'vscode', no Node built-ins): the webview bundles the types, the host and plain-Node tests run it.
import * as v from 'valibot';

/**
 * A panel's protocol: requests the webview sends (with their params and the host's reply) and events the
 * host pushes. Types only; the host also needs a valibot schema per request (`ParamSchemas`).
 */
export interface ProtocolSpec {
  requests: Record<string, { params: unknown; result: unknown }>;
  events: Record<string, unknown>;
}

export type RequestMethod<P extends ProtocolSpec> = keyof P['requests'] & string;
export type ParamsOf<P extends ProtocolSpec, M extends RequestMethod<P>> = P['requests'][M]['params'];
export type ResultOf<P extends ProtocolSpec, M extends RequestMethod<P>> = P['requests'][M]['result'];
export type EventName<P extends ProtocolSpec> = keyof P['events'] & string;

/** Webview → host. `ready` comes first; the host posts nothing before it. */
export type WebviewMessage =
  { type: 'ready' } | { type: 'request'; id: number; method: string; params: unknown };

/** Host → webview: the reply to request `id`, or an event. */
export type HostMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: string }
  | { type: 'event'; name: string; payload: unknown };

/** Host-side schemas of each request's params: nothing from the webview is used before passing them. */
export type ParamSchemas<P extends ProtocolSpec> = {
  [M in RequestMethod<P>]: v.GenericSchema<unknown, ParamsOf<P, M>>;
};

/** A validated request, narrowed per method. */
export type ParsedRequest<P extends ProtocolSpec> = {
  [M in RequestMethod<P>]: { type: 'request'; id: number; method: M; params: ParamsOf<P, M> };
}[RequestMethod<P>];

export type ParseResult<P extends ProtocolSpec> =
  | { ok: true; message: { type: 'ready' } | ParsedRequest<P> }
  /** `id` is set when the message was a well-formed request whose method or params were wrong, so it can be answered. */
  | { ok: false; error: string; id?: number };

const MAX_ID = Number.MAX_SAFE_INTEGER;

const envelopeSchema = v.variant('type', [
  v.object({ type: v.literal('ready') }),
  v.object({
    type: v.literal('request'),
    id: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_ID)),
    method: v.pipe(v.string(), v.maxLength(100)),
    params: v.unknown(),
  }),
]);

function issuesText(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((i) => {
      const path = v.getDotPath(i);
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}

/** Checks a raw message from the webview against the envelope and the method's param schema. */
export function parseWebviewMessage<P extends ProtocolSpec>(
  schemas: ParamSchemas<P>,
  raw: unknown,
): ParseResult<P> {
  const envelope = v.safeParse(envelopeSchema, raw);
  if (!envelope.success) return { ok: false, error: `Malformed message (${issuesText(envelope.issues)}).` };
  const msg = envelope.output;
  if (msg.type === 'ready') return { ok: true, message: { type: 'ready' } };
  if (!Object.prototype.hasOwnProperty.call(schemas, msg.method)) {
    return { ok: false, id: msg.id, error: `Unknown request '${msg.method}'.` };
  }
  const method = msg.method as RequestMethod<P>;
  const params = v.safeParse(schemas[method], msg.params);
  if (!params.success) {
    return { ok: false, id: msg.id, error: `Invalid '${method}' request (${issuesText(params.issues)}).` };
  }
  return {
    ok: true,
    message: { type: 'request', id: msg.id, method, params: params.output } as ParsedRequest<P>,
  };
}

export type RequestHandlers<P extends ProtocolSpec> = {
  [M in RequestMethod<P>]: (params: ParamsOf<P, M>) => Promise<ResultOf<P, M>>;
};

export interface HostEndpointOptions<P extends ProtocolSpec> {
  schemas: ParamSchemas<P>;
  handlers: RequestHandlers<P>;
  /** Delivers a message to the webview (`webview.postMessage`). */
  post: (message: HostMessage) => unknown;
  /** Called on each `ready` (the webview reloads, e.g. after being hidden without retainContextWhenHidden). */
  onReady?: () => void;
  /** Messages the host refused, and handler failures; for the log. */
  onProblem?: (text: string) => void;
  /** Turns a handler's exception into the text the webview shows. */
  describeError?: (err: unknown) => string;
}

export interface HostEndpoint<P extends ProtocolSpec> {
  /** Feed every raw message from the webview here. Resolves when it has been handled and answered. */
  receive(raw: unknown): Promise<void>;
  /** Pushes an event; held back until the webview has said ready. */
  emit<E extends EventName<P>>(name: E, payload: P['events'][E]): void;
  readonly isReady: boolean;
}

/** The host side of the envelope: validate, dispatch to the typed handler, answer with the same id. */
export function createHostEndpoint<P extends ProtocolSpec>(opts: HostEndpointOptions<P>): HostEndpoint<P> {
  let ready = false;
  const pending: HostMessage[] = [];
  const describe = opts.describeError ?? ((e: unknown) => (e instanceof Error ? e.message : String(e)));
  // A panel closed mid-request makes postMessage fail; there is nobody left to tell.
  const lost = (e: unknown) => opts.onProblem?.(`Could not post to the webview: ${describe(e)}`);
  const send = (m: HostMessage) => {
    try {
      Promise.resolve(opts.post(m)).catch(lost);
    } catch (e) {
      lost(e);
    }
  };

  return {
    get isReady() {
      return ready;
    },
    emit(name, payload) {
      const m: HostMessage = { type: 'event', name, payload };
      if (ready) send(m);
      else pending.push(m);
    },
    async receive(raw) {
      const parsed = parseWebviewMessage(opts.schemas, raw);
      if (!parsed.ok) {
        opts.onProblem?.(parsed.error);
        if (parsed.id !== undefined)
          send({ type: 'response', id: parsed.id, ok: false, error: parsed.error });
        return;
      }
      const msg = parsed.message;
      if (msg.type === 'ready') {
        ready = true;
        for (const m of pending.splice(0)) send(m);
        opts.onReady?.();
        return;
      }
      const handler = opts.handlers[msg.method];
      try {
        const result = await handler(msg.params);
        send({ type: 'response', id: msg.id, ok: true, result });
      } catch (err) {
        const error = describe(err);
        opts.onProblem?.(`'${msg.method}' failed: ${error}`);
        send({ type: 'response', id: msg.id, ok: false, error });
      }
    },
  };
}

/** Recognises host messages on the webview side (they come from our own host, so a shape check suffices). */
export function isHostMessage(raw: unknown): raw is HostMessage {
  if (typeof raw !== 'object' || raw === null) return false;
  const m = raw as { type?: unknown; id?: unknown; name?: unknown };
  return (
    (m.type === 'response' && typeof m.id === 'number') || (m.type === 'event' && typeof m.name === 'string')
  );
}
