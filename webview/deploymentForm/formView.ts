// The deployment form: places its sections (sections/*.ts, each owning its controls), keeps one spec that
// they edit, and shows the same rules the server applies (src/deployments) on each field as the user types,
// with a summary and the submit buttons. Everything that came from Hopsworks is put into the page as text
// (textContent), never parsed as HTML.
import type { DeploymentSpec, FieldErrors, FieldId, ValidationContext } from '../../src/deployments';
import { formAvailability, validateSpec, validationContextOf } from '../../src/deployments';
import type { FormInit, ProgressEvent, SubmitAction, SubmitResult } from '../../src/protocol/deploymentForm';
import { FIELD_LABELS } from '../../src/protocol/deploymentForm';
import { el } from '../shared/dom';
import { button, divider, progressRing } from '../shared/toolkit';
import { FormFields, showFieldError } from './fields';
import type { FormSection, SectionDefinition } from './section';
import { show } from './section';
import { basicsSection } from './sections/basics';
import { batchingSection } from './sections/batching';
import { endpointSection } from './sections/endpoint';
import { loggerSection } from './sections/logger';
import { resourcesSection } from './sections/resources';
import { transformerSection } from './sections/transformer';

export type Submit = (action: SubmitAction, spec: DeploymentSpec) => Promise<SubmitResult>;

/** The sections, in page order (basic ones first, then those under "Advanced options"). */
const SECTIONS: readonly SectionDefinition[] = [
  basicsSection,
  loggerSection,
  resourcesSection,
  batchingSection,
  transformerSection,
  endpointSection,
];

interface Placed {
  section: FormSection;
  fields: FormFields;
}

export class DeploymentFormView {
  readonly #root: HTMLElement;
  readonly #submit: Submit;
  #init!: FormInit;
  #spec!: DeploymentSpec;
  #validation!: ValidationContext;
  #touched = new Set<FieldId>();
  /** The server's word on a field, kept until the user edits that field. */
  #serverErrors: FieldErrors = {};
  #formError: string | undefined;
  #result: string | undefined;
  #busy = false;
  #advancedOpen = false;
  #sections: Placed[] = [];
  #parts!: {
    title: HTMLElement;
    subtitle: HTMLElement;
    formError: HTMLElement;
    result: HTMLElement;
    progress: HTMLElement;
    progressText: HTMLElement;
    summary: HTMLElement;
    advancedToggle: HTMLButtonElement;
    advanced: HTMLElement;
    buttons: { el: HTMLElement; setDisabled(d: boolean): void }[];
  };

  constructor(root: HTMLElement, submit: Submit) {
    this.#root = root;
    this.#submit = submit;
  }

  /** (Re)builds the form for a loaded deployment or model version. */
  load(init: FormInit): void {
    this.#init = init;
    this.#spec = structuredClone(init.spec);
    this.#validation = validationContextOf(init.context);
    this.#touched = new Set(init.context.mode === 'edit' ? ['name'] : []);
    this.#serverErrors = {};
    this.#formError = undefined;
    this.#build();
    this.#write();
    this.#render();
  }

  showProgress(e: ProgressEvent): void {
    this.#parts.progressText.textContent = e.message;
  }

  /** Shows a problem that is not about one field (e.g. the form could not load). */
  showFormError(message: string): void {
    this.#formError = message;
    this.#render();
    this.#parts.formError.focus();
  }

  #build(): void {
    const ctx = this.#init.context;
    const main = el('main', { className: 'form', attrs: { 'aria-labelledby': 'form-title' } });
    const title = el('h1', { id: 'form-title' });
    const subtitle = el('p', { className: 'subtitle' });
    const formError = el('div', {
      id: 'form-error',
      className: 'banner error',
      attrs: { role: 'alert', tabindex: '-1' },
    });
    const result = el('div', { id: 'form-result', className: 'banner info', attrs: { role: 'status' } });
    main.append(title, subtitle, formError, result);

    const advancedToggle = el('button', {
      id: 'advanced-toggle',
      className: 'disclosure',
      text: 'Advanced options',
      attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'advanced' },
    });
    advancedToggle.addEventListener('click', () => {
      this.#advancedOpen = !this.#advancedOpen;
      this.#render();
    });
    const advanced = el('div', {
      id: 'advanced',
      className: 'advanced',
      attrs: { role: 'group', 'aria-label': 'Advanced options' },
    });

    this.#sections = [];
    for (const def of SECTIONS) {
      if (def.appliesTo && !def.appliesTo(ctx)) continue;
      const fields = new FormFields(def.placement === 'advanced', (f) => this.#edited(f));
      const section = def.build({
        context: ctx,
        spec: this.#spec,
        touched: this.#touched,
        fields,
        edited: (f) => this.#edited(f),
      });
      this.#sections.push({ section, fields });
      if (def.placement === 'basic') main.append(section.el);
      else advanced.append(...(advanced.childElementCount > 0 ? [divider()] : []), section.el);
    }
    main.append(advancedToggle, advanced);

    const summary = el('p', { className: 'summary', id: 'form-summary', attrs: { 'aria-live': 'polite' } });
    const actions = el('div', { className: 'actions' });
    const buttons: { el: HTMLElement; setDisabled(d: boolean): void }[] = [];
    const add = (id: string, label: string, action: SubmitAction, look: 'primary' | 'secondary') => {
      const b = button(id, label, look);
      b.onClick(() => void this.#onSubmit(action));
      buttons.push(b);
      actions.append(b.el);
    };
    if (ctx.mode === 'edit') add('submit-save', 'Save', 'save', 'primary');
    else {
      add('submit-create', 'Create', 'create', 'primary');
      add('submit-create-start', 'Create and start', 'createAndStart', 'secondary');
    }
    const progressText = el('span', { id: 'progress-text', attrs: { role: 'status' } });
    const progress = el('div', { className: 'progress', id: 'progress' }, [
      progressRing('Working'),
      progressText,
    ]);
    actions.append(progress);
    main.append(summary, actions);

    this.#parts = {
      title,
      subtitle,
      formError,
      result,
      progress,
      progressText,
      summary,
      advancedToggle,
      advanced,
      buttons,
    };
    this.#root.replaceChildren(main);
  }

  /** A user edit: every section re-derives what follows from it, then the controls and the view catch up. */
  #edited(field: FieldId): void {
    this.#touched.add(field);
    delete this.#serverErrors[field];
    this.#result = undefined;
    for (const { section } of this.#sections) section.derive?.(field);
    this.#write();
    this.#render();
  }

  async #onSubmit(action: SubmitAction): Promise<void> {
    if (this.#busy || Object.keys(this.#errors()).length > 0) return;
    this.#busy = true;
    this.#formError = undefined;
    this.#result = undefined;
    this.#parts.progressText.textContent = '';
    this.#render();
    let result: SubmitResult;
    try {
      // A copy safe to post: no undefined members (the buttons are disabled while a NaN is left).
      result = await this.#submit(action, JSON.parse(JSON.stringify(this.#spec)) as DeploymentSpec);
    } catch (err) {
      result = { ok: false, fieldErrors: {}, formError: err instanceof Error ? err.message : String(err) };
    }
    this.#busy = false;
    if (result.ok) {
      this.load(result.init);
      this.#result = result.message;
      this.#parts.progressText.textContent = '';
      this.#render();
      this.#parts.result.focus();
      return;
    }
    // Nothing typed is touched: only the messages change.
    this.#serverErrors = { ...result.fieldErrors };
    this.#formError = result.formError;
    this.#parts.progressText.textContent = '';
    const advanced = this.#sections.filter((p) => p.fields.advanced).flatMap((p) => p.fields.slots);
    if (advanced.some((s) => result.fieldErrors[s.field] !== undefined)) this.#advancedOpen = true;
    this.#render();
    this.#focusFirstProblem();
  }

  #focusFirstProblem(): void {
    if (this.#formError) {
      this.#parts.formError.focus();
      return;
    }
    const errors = this.#errors();
    const slot = this.#slots().find((s) => errors[s.field] !== undefined && !s.box.hidden);
    slot?.control.el.focus();
  }

  #slots() {
    return this.#sections.flatMap((p) => p.fields.slots);
  }

  #errors(): FieldErrors {
    return { ...validateSpec(this.#spec, this.#validation), ...this.#serverErrors };
  }

  /** Puts the spec's values into the controls (on load and after an edit derived new values). */
  #write(): void {
    for (const { section, fields } of this.#sections) {
      fields.write();
      section.write?.();
    }
  }

  #render(): void {
    const ctx = this.#init.context;
    const s = this.#spec;
    const p = this.#parts;
    const status = ctx.existing?.status;
    p.title.textContent =
      ctx.mode === 'edit'
        ? `Edit deployment ${ctx.existing?.name ?? s.name}`
        : `Deploy ${s.model.name} v${s.model.version}`;
    p.subtitle.textContent =
      ctx.mode === 'edit'
        ? `Project ${ctx.projectName} · ${s.model.name} v${s.model.version}${status ? ` · ${status}` : ''}`
        : `Project ${ctx.projectName} · framework ${s.model.framework}`;
    p.advancedToggle.setAttribute('aria-expanded', String(this.#advancedOpen));
    show(p.advanced, this.#advancedOpen);

    const availability = formAvailability(s, this.#validation);
    for (const { section } of this.#sections) section.render(availability);

    // Errors, on each field and in a summary that names the fields by their labels.
    const errors = this.#errors();
    const problems: string[] = [];
    for (const { fields } of this.#sections) {
      for (const slot of fields.slots) {
        const message = errors[slot.field];
        showFieldError(slot, message);
        if (message === undefined) continue;
        const where = fields.advanced ? ' (Advanced options)' : slot.box.hidden ? ' (hidden)' : '';
        problems.push(`${FIELD_LABELS[slot.field]}${where}`);
      }
    }
    p.summary.textContent = problems.length > 0 ? `To fix: ${problems.join(', ')}.` : '';
    show(p.summary, problems.length > 0);

    p.formError.textContent = this.#formError ?? '';
    show(p.formError, this.#formError !== undefined);
    p.result.textContent = this.#result ?? '';
    show(p.result, this.#result !== undefined);
    show(p.progress, this.#busy);
    const blocking = Object.keys(validateSpec(s, this.#validation)).length > 0;
    for (const b of p.buttons) b.setDisabled(blocking || this.#busy);
  }
}
