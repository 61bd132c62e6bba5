// The deployment form: keeps one spec that its sections (sections/*.ts, each owning its controls) edit, and
// shows the same rules the server applies (src/deployments) on each field as the user types, with a summary
// and the submit buttons (frame.ts). Everything that came from Hopsworks is put into the page as text
// (textContent), never parsed as HTML.
import type { DeploymentSpec, FieldErrors, FieldId, ValidationContext } from '../../src/deployments';
import { formAvailability, validateSpec, validationContextOf } from '../../src/deployments';
import type { FormInit, ProgressEvent, SubmitAction, SubmitResult } from '../../src/protocol/deploymentForm';
import { FIELD_LABELS } from '../../src/protocol/deploymentForm';
import type { FieldSlot } from './fields';
import { FormFields, showFieldError } from './fields';
import { FormFrame } from './frame';
import type { FormSection, SectionDefinition } from './section';
import { basicsSection } from './sections/basics';
import { batchingSection } from './sections/batching';
import { endpointSection } from './sections/endpoint';
import { environmentVariablesSection } from './sections/environmentVariables';
import { loggerSection } from './sections/logger';
import { resourcesSection } from './sections/resources';
import { scalingSection } from './sections/scaling';
import { transformerSection } from './sections/transformer';
import { vllmSection } from './sections/vllm';

export type Submit = (action: SubmitAction, spec: DeploymentSpec) => Promise<SubmitResult>;

/** The sections in page order; each is placed in the simplified form or under "Advanced options". */
const SECTIONS: readonly SectionDefinition[] = [
  basicsSection,
  vllmSection,
  loggerSection,
  scalingSection,
  resourcesSection,
  batchingSection,
  transformerSection,
  environmentVariablesSection,
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
  /** What the spec is checked against: the same validationContextOf() the host checks with. */
  #validation!: ValidationContext;
  #touched = new Set<FieldId>();
  /** The server's word on a field, kept until the user edits that field. */
  #serverErrors: FieldErrors = {};
  #formError: string | undefined;
  #result: string | undefined;
  #busy = false;
  #advancedOpen = false;
  #frame!: FormFrame;
  #sections: Placed[] = [];

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
    this.#frame.showProgress(e.message);
  }

  /** Shows a problem that is not about one field (e.g. the form could not load). */
  showFormError(message: string): void {
    this.#formError = message;
    this.#render();
    this.#frame.focusFormError();
  }

  #build(): void {
    const context = this.#init.context;
    this.#frame = new FormFrame(context.mode, {
      submit: (action) => void this.#onSubmit(action),
      toggleAdvanced: () => {
        this.#advancedOpen = !this.#advancedOpen;
        this.#render();
      },
    });
    const edited = (f: FieldId) => this.#edited(f);
    this.#sections = [];
    for (const def of SECTIONS) {
      if (def.appliesTo && !def.appliesTo(context)) continue;
      const fields = new FormFields(def.placement === 'advanced', edited);
      const section = def.build({ context, spec: this.#spec, touched: this.#touched, fields, edited });
      this.#sections.push({ section, fields });
      this.#frame.place(def.placement, section.el);
    }
    this.#root.replaceChildren(this.#frame.el);
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
    this.#frame.showProgress('');
    this.#render();
    let result: SubmitResult;
    try {
      // A copy safe to post: no undefined members (the buttons are disabled while a NaN is left).
      result = await this.#submit(action, JSON.parse(JSON.stringify(this.#spec)) as DeploymentSpec);
    } catch (err) {
      result = { ok: false, fieldErrors: {}, formError: err instanceof Error ? err.message : String(err) };
    }
    this.#busy = false;
    this.#frame.showProgress('');
    if (result.ok) {
      this.load(result.init);
      this.#result = result.message;
      this.#render();
      this.#frame.focusResult();
      return;
    }
    // Nothing typed is touched: only the messages change.
    this.#serverErrors = { ...result.fieldErrors };
    this.#formError = result.formError;
    const advanced = this.#sections.filter((p) => p.fields.advanced).flatMap((p) => p.fields.slots);
    if (advanced.some((s) => result.fieldErrors[s.field] !== undefined)) this.#advancedOpen = true;
    this.#render();
    this.#focusFirstProblem();
  }

  #focusFirstProblem(): void {
    if (this.#formError) {
      this.#frame.focusFormError();
      return;
    }
    const errors = this.#errors();
    this.#slots()
      .find((s) => errors[s.field] !== undefined && !s.box.hidden)
      ?.control.el.focus();
  }

  #slots(): FieldSlot[] {
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
    const availability = formAvailability(s, this.#validation);
    for (const { section } of this.#sections) section.render(availability);

    // Errors on each field, and a summary that names the fields by the labels the form shows.
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
    const status = ctx.existing?.status;
    const editing = ctx.mode === 'edit';
    const model = s.model ? `${s.model.name} v${s.model.version}` : 'no model';
    const server = ctx.hopsworksVersion ? ` · Hopsworks ${ctx.hopsworksVersion}` : '';
    this.#frame.render({
      title: editing ? `Edit deployment ${ctx.existing?.name ?? s.name}` : `Deploy ${model}`,
      subtitle: editing
        ? `Project ${ctx.projectName} · ${model}${status ? ` · ${status}` : ''}${server}`
        : `Project ${ctx.projectName} · framework ${s.model?.framework ?? '?'}${server}`,
      formError: this.#formError,
      result: this.#result,
      advancedOpen: this.#advancedOpen,
      problems,
      busy: this.#busy,
      blocking: Object.keys(validateSpec(s, this.#validation)).length > 0,
    });
  }
}
