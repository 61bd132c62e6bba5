// One open server-log document: its reader (what was read and how), whether it follows, which request it
// highlights, and its text. It polls only while followed, shown in an editor, and connected to its project,
// one call at a time, every FOLLOW_INTERVAL_MS — like the Hopsworks UI. A poll that a Disconnect cut short
// ends quietly (the old client was disposed); once connected again the next one goes on from what was shown.
// No vscode: the registry (serverLogDocuments.ts) tells it when it is shown and passes its text to the editor.
import type { ConnectionStateLike, ViewTarget } from '../../connection/targetChange';
import { describeViewTarget, relationTo } from '../../connection/targetChange';
import type { LineBlock } from '../../serverLogs/logModel';
import type { FollowState, RenderedDocument } from '../../serverLogs/documentText';
import { renderDocument } from '../../serverLogs/documentText';
import type { DocumentKey } from '../../serverLogs/documentKey';
import type { ServerLogOptions } from '../../serverLogs/options';
import { FOLLOW_INTERVAL_MS } from '../../serverLogs/options';
import { podTag } from '../../serverLogs/podTag';
import type { LogsApi, ReadResult } from '../../serverLogs/serverLogReader';
import { ServerLogReader } from '../../serverLogs/serverLogReader';

export interface Highlight {
  inferenceId: string;
  timeMs?: number;
}

export interface DocumentDeps {
  /** the client of this document's project when connected to it, else undefined */
  api(): LogsApi | undefined;
  connection(): ConnectionStateLike;
  /** the document's text changed: tell the editor */
  changed(): void;
  log(line: string): void;
}

export class ServerLogDocument {
  readonly reader: ServerLogReader;
  #following = true;
  #visible = false;
  #highlight: Highlight | undefined;
  #rendered: RenderedDocument = { text: '', bodyStart: 0 };
  #timer: ReturnType<typeof setTimeout> | undefined;
  #polling = false;
  #loading: Promise<ReadResult> | undefined;
  #disposed = false;
  #polls = 0;

  constructor(
    readonly key: DocumentKey,
    readonly target: ViewTarget,
    options: ServerLogOptions,
    archive: boolean,
    private readonly deps: DocumentDeps,
  ) {
    this.reader = new ServerLogReader({ id: key.deploymentId, name: key.deployment }, options, { archive });
    this.#render();
  }

  get text(): string {
    return this.#rendered.text;
  }

  /** Followed by the person, and showing something that can be followed (not a closed time range). */
  get following(): boolean {
    return this.#following && this.reader.canFollow;
  }

  /** True while a poll is due or under way (followed, shown, connected). */
  get polling(): boolean {
    return this.#timer !== undefined || this.#polling;
  }

  /** Polls made since the document opened (for the tests' probe). */
  get polls(): number {
    return this.#polls;
  }

  get highlight(): Highlight | undefined {
    return this.#highlight;
  }

  get bodyStart(): number {
    return this.#rendered.bodyStart;
  }

  /** Document lines (0-based, inclusive) of the highlighted request's lines. */
  highlightedBlocks(): LineBlock[] {
    if (!this.#highlight) return [];
    const start = this.#rendered.bodyStart;
    return this.reader.model
      .blocksNaming(this.#highlight.inferenceId)
      .map((b) => ({ first: b.first + start, last: b.last + start }));
  }

  /** Reads afresh with these options (and highlight: null removes it); the text is replaced. */
  async load(options?: ServerLogOptions, highlight?: Highlight | null): Promise<ReadResult> {
    if (options) this.reader.setOptions(options);
    if (highlight !== undefined) this.#highlight = highlight ?? undefined;
    this.#stopTimer();
    const api = this.deps.api();
    if (!api) {
      this.#render();
      return { kind: 'closed' };
    }
    const loading = this.reader.load(api);
    this.#loading = loading;
    const result = await loading;
    if (this.#loading === loading) this.#loading = undefined;
    if (this.#disposed) return result;
    this.#render();
    this.#schedule(FOLLOW_INTERVAL_MS);
    return result;
  }

  setFollowing(on: boolean): void {
    this.#following = on;
    this.#render();
    if (on) this.#schedule(0);
    else this.#stopTimer();
  }

  /** Whether an editor shows this document now: polling runs only then. */
  setVisible(visible: boolean): void {
    if (visible === this.#visible) return;
    this.#visible = visible;
    // Shown again after a while: catch up at once rather than in 2 s.
    if (visible) this.#schedule(0);
    else this.#stopTimer();
  }

  connectionChanged(): void {
    this.#render();
    if (relationTo(this.target, this.deps.connection()).kind === 'same') this.#schedule(0);
    else this.#stopTimer();
  }

  /** Resolves once no load is under way. */
  async loaded(): Promise<void> {
    await this.#loading;
  }

  dispose(): void {
    this.#disposed = true;
    this.#stopTimer();
  }

  #followState(): FollowState {
    if (!this.reader.canFollow) return 'window';
    if (relationTo(this.target, this.deps.connection()).kind !== 'same') return 'disconnected';
    return this.#following ? 'following' : 'paused';
  }

  #render(): void {
    const options = this.reader.options;
    const next = renderDocument(
      {
        deployment: this.key.deployment,
        component: options.component,
        where: describeViewTarget(this.target),
        options,
        follow: this.#followState(),
        ...(this.#highlight ? { highlight: this.#highlight } : {}),
        tagOf: (pod) => podTag(pod, this.key.deployment, options.component),
      },
      this.reader.model,
    );
    if (next.text === this.#rendered.text) return;
    this.#rendered = next;
    this.deps.changed();
  }

  #schedule(delayMs: number): void {
    if (this.#disposed || this.#timer !== undefined || this.#polling || this.#loading) return;
    if (!this.#visible || !this.following) return;
    if (relationTo(this.target, this.deps.connection()).kind !== 'same') return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#poll();
    }, delayMs);
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #poll(): Promise<void> {
    const api = this.deps.api();
    if (!api || this.#disposed) return;
    this.#polling = true;
    this.#polls++;
    try {
      const result = await this.reader.poll(api);
      if (this.#disposed) return;
      if (result.kind === 'refused' && result.changed) {
        this.deps.log(
          `Server logs of ${this.key.deployment} (${this.key.component}): ${result.refusal.message}`,
        );
      }
      this.#render();
    } finally {
      this.#polling = false;
      this.#schedule(FOLLOW_INTERVAL_MS);
    }
  }
}
