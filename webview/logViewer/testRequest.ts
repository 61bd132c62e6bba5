// "Send test request": a JSON editor in the panel, pre-filled from the model's input example (or a V1
// `instances` template), sent through Hopsworks' inference route by the host; the answer is shown as text
// and the call's logged events then arrive in the table above.
import { button } from '../shared/toolkit';
import { el } from '../shared/dom';
import type { TestRequestSuggestion } from '../../src/protocol/logViewer';
import { TooLongNote } from './fidelity/tooLongNote';

export type SuggestionSource = 'example' | 'logged' | 'template';

const SOURCE_HINTS: Record<SuggestionSource, string> = {
  example: "Pre-filled from the model's input example.",
  logged: 'Pre-filled from the newest logged request.',
  template: 'A KServe V1 template: put one row of your model\'s features in "instances".',
};

export interface TestRequestOptions {
  send(body: string): Promise<{ response: string }>;
  suggest(): Promise<TestRequestSuggestion>;
  onEdit(body: string): void;
  /** "Open Full Payload" for a logged request too long for this editor. */
  openPayload?(id: number): void;
}

export class TestRequestEditor {
  readonly el: HTMLDetailsElement;
  private readonly input: HTMLTextAreaElement;
  private readonly problem: HTMLElement;
  private readonly source: HTMLElement;
  private readonly output: HTMLElement;
  private readonly sendBtn = button('btn-send-test', 'Send', 'primary');
  private readonly formatBtn = button('btn-format-test', 'Format', 'secondary');
  private readonly tooLong: TooLongNote;

  constructor(private readonly opts: TestRequestOptions) {
    this.input = el('textarea', {
      className: 'test-input',
      id: 'test-input',
      attrs: {
        spellcheck: 'false',
        rows: '8',
        'aria-label': 'Request body (JSON)',
        'aria-describedby': 'test-problem',
      },
    });
    this.problem = el('div', { className: 'test-problem', id: 'test-problem', attrs: { role: 'alert' } });
    this.output = el('pre', {
      className: 'test-output code-block',
      id: 'test-output',
      attrs: { 'aria-label': 'Response' },
    });
    this.output.hidden = true;
    this.source = el('p', { className: 'hint', id: 'test-source' });
    this.tooLong = new TooLongNote((id) => opts.openPayload?.(id));
    this.input.addEventListener('input', () => {
      this.problem.textContent = '';
      opts.onEdit(this.input.value);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) this.send();
    });
    this.sendBtn.onClick(() => this.send());
    this.formatBtn.onClick(() => {
      const parsed = this.parse();
      if (parsed !== undefined) this.input.value = JSON.stringify(parsed, null, 2);
    });
    this.el = el('details', { className: 'test-request' }, [
      el('summary', { text: 'Test request' }),
      el('p', {
        className: 'hint',
        text: 'Sent through Hopsworks to this deployment (Ctrl+Enter). Its logged events then appear in the table.',
      }),
      this.source,
      this.tooLong.el,
      this.input,
      this.problem,
      el('div', { className: 'test-actions' }, [this.sendBtn.el, this.formatBtn.el]),
      this.output,
    ]);
    // Opened by its own summary too: the suggestion comes the same way.
    this.el.addEventListener('toggle', () => {
      if (this.el.open) this.toggle(true);
    });
  }

  /** A body the user wrote earlier (kept across reloads of the panel). */
  restore(body: string): void {
    if (!this.input.value) this.input.value = body;
  }

  toggle(open: boolean): void {
    this.el.open = open;
    if (!open) return;
    this.input.focus();
    if (this.input.value.trim()) return;
    this.opts
      .suggest()
      .then((s) => {
        if (this.input.value.trim()) return;
        this.input.value = s.body;
        this.source.textContent = SOURCE_HINTS[s.source];
        this.tooLong.show(this.opts.openPayload ? s.tooLong : undefined);
      })
      .catch(() => undefined);
  }

  private parse(): unknown {
    try {
      return JSON.parse(this.input.value) as unknown;
    } catch (err) {
      this.problem.textContent = `Not valid JSON: ${err instanceof Error ? err.message : String(err)}`;
      return undefined;
    }
  }

  private send(): void {
    if (this.parse() === undefined) return;
    this.sendBtn.setDisabled(true);
    this.output.hidden = false;
    this.output.classList.remove('is-error');
    this.output.textContent = 'Sending…';
    this.opts
      .send(this.input.value)
      .then((r) => {
        this.output.textContent = r.response;
      })
      .catch((err: unknown) => {
        this.output.classList.add('is-error');
        this.output.textContent = err instanceof Error ? err.message : String(err);
      })
      .finally(() => this.sendBtn.setDisabled(false));
  }
}
