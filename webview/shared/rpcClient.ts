// The webview side of the envelope in src/protocol/messages.ts: typed requests that resolve with the host's
// reply to the same id, typed event subscriptions, and the "ready" that must precede everything.
import type {
  EventName,
  HostMessage,
  ParamsOf,
  ProtocolSpec,
  RequestMethod,
  ResultOf,
} from '../../src/protocol/messages';
import { isHostMessage } from '../../src/protocol/messages';

/** What VS Code injects into a webview (a test injects a stand-in with the same shape). */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** A request the host refused or failed; `message` is meant for the user. */
export class HostError extends Error {
  override readonly name = 'HostError';
}

export class RpcClient<P extends ProtocolSpec> {
  readonly #api: VsCodeApi;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(api: VsCodeApi = acquireVsCodeApi()) {
    this.#api = api;
    window.addEventListener('message', (e: MessageEvent) => this.#receive(e.data));
  }

  get api(): VsCodeApi {
    return this.#api;
  }

  /** Tells the host the page is listening. Call once, after subscribing to events. */
  ready(): void {
    this.#api.postMessage({ type: 'ready' });
  }

  request<M extends RequestMethod<P>>(method: M, params: ParamsOf<P, M>): Promise<ResultOf<P, M>> {
    const id = this.#nextId++;
    return new Promise<ResultOf<P, M>>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve, reject });
      this.#api.postMessage({ type: 'request', id, method, params });
    });
  }

  on<E extends EventName<P>>(name: E, listener: (payload: P['events'][E]) => void): void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as (payload: unknown) => void);
  }

  #receive(raw: unknown): void {
    if (!isHostMessage(raw)) return;
    const m: HostMessage = raw;
    if (m.type === 'event') {
      for (const l of this.#listeners.get(m.name) ?? []) l(m.payload);
      return;
    }
    const p = this.#pending.get(m.id);
    if (!p) return;
    this.#pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new HostError(m.error));
  }
}
