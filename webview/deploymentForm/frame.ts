// The page around the sections: title and subtitle, the banners (a problem that is no field's, the result of
// the last submit), the "Advanced options" disclosure, the error summary, the submit buttons and progress.
import type { FormMode, SubmitAction } from '../../src/protocol/deploymentForm';
import { el } from '../shared/dom';
import { button, divider, progressRing } from '../shared/toolkit';
import { show } from './section';

export interface FrameState {
  title: string;
  subtitle: string;
  formError: string | undefined;
  result: string | undefined;
  advancedOpen: boolean;
  /** Fields to fix, as the summary names them. */
  problems: readonly string[];
  busy: boolean;
  /** The form's own rules fail somewhere: nothing can be submitted. */
  blocking: boolean;
}

export class FormFrame {
  readonly el = el('main', { className: 'form', attrs: { 'aria-labelledby': 'form-title' } });
  readonly #title = el('h1', { id: 'form-title' });
  readonly #subtitle = el('p', { className: 'subtitle' });
  readonly #formError = el('div', {
    id: 'form-error',
    className: 'banner error',
    attrs: { role: 'alert', tabindex: '-1' },
  });
  readonly #result = el('div', { id: 'form-result', className: 'banner info', attrs: { role: 'status' } });
  readonly #toggle = el('button', {
    id: 'advanced-toggle',
    className: 'disclosure',
    text: 'Advanced options',
    attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'advanced' },
  });
  readonly #advanced = el('div', {
    id: 'advanced',
    className: 'advanced',
    attrs: { role: 'group', 'aria-label': 'Advanced options' },
  });
  readonly #summary = el('p', { className: 'summary', id: 'form-summary', attrs: { 'aria-live': 'polite' } });
  readonly #progressText = el('span', { id: 'progress-text', attrs: { role: 'status' } });
  readonly #progress = el('div', { className: 'progress', id: 'progress' }, [
    progressRing('Working'),
    this.#progressText,
  ]);
  readonly #buttons: { setDisabled(d: boolean): void }[] = [];

  constructor(mode: FormMode, on: { submit(action: SubmitAction): void; toggleAdvanced(): void }) {
    this.#toggle.addEventListener('click', () => on.toggleAdvanced());
    const actions = el('div', { className: 'actions' });
    const add = (id: string, label: string, action: SubmitAction, look: 'primary' | 'secondary') => {
      const b = button(id, label, look);
      b.onClick(() => on.submit(action));
      this.#buttons.push(b);
      actions.append(b.el);
    };
    if (mode === 'edit') add('submit-save', 'Save', 'save', 'primary');
    else {
      add('submit-create', 'Create', 'create', 'primary');
      add('submit-create-start', 'Create and start', 'createAndStart', 'secondary');
    }
    actions.append(this.#progress);
    this.el.append(
      this.#title,
      this.#subtitle,
      this.#formError,
      this.#result,
      this.#toggle,
      this.#advanced,
      this.#summary,
      actions,
    );
  }

  /** Adds a section's element: in the simplified form, or under "Advanced options" after a divider. */
  place(placement: 'basic' | 'advanced', section: HTMLElement): void {
    if (placement === 'basic') this.el.insertBefore(section, this.#toggle);
    else this.#advanced.append(...(this.#advanced.childElementCount > 0 ? [divider()] : []), section);
  }

  showProgress(message: string): void {
    this.#progressText.textContent = message;
  }

  focusFormError(): void {
    this.#formError.focus();
  }

  focusResult(): void {
    this.#result.focus();
  }

  render(s: FrameState): void {
    this.#title.textContent = s.title;
    this.#subtitle.textContent = s.subtitle;
    this.#toggle.setAttribute('aria-expanded', String(s.advancedOpen));
    show(this.#advanced, s.advancedOpen);
    this.#summary.textContent = s.problems.length > 0 ? `To fix: ${s.problems.join(', ')}.` : '';
    show(this.#summary, s.problems.length > 0);
    this.#formError.textContent = s.formError ?? '';
    show(this.#formError, s.formError !== undefined);
    this.#result.textContent = s.result ?? '';
    show(this.#result, s.result !== undefined);
    show(this.#progress, s.busy);
    for (const b of this.#buttons) b.setDisabled(s.blocking || s.busy);
  }
}
