// What a section of the deployment form is. Each section (sections/*.ts) owns its part of the page: it builds
// its controls, writes the user's edits into the spec, re-derives what it fills in by itself when another
// field changes, and shows what applies and why. The form (formView.ts) only places the sections, renders
// the errors and the summary, and submits. Adding a section = one module in sections/ + one line in SECTIONS.
import type { DeploymentSpec, FieldId, FormAvailability } from '../../src/deployments';
import type { FormContext } from '../../src/protocol/deploymentForm';
import type { FormFields } from './fields';

/** What a section is built with, once per loaded deployment. */
export interface SectionInput {
  readonly context: FormContext;
  /** The spec being edited. Sections write the user's edits into it directly (view → spec). */
  readonly spec: DeploymentSpec;
  /** The fields the user has edited since the form loaded: derived values leave those alone. */
  readonly touched: ReadonlySet<FieldId>;
  /** Makes this section's fields (control, label, hint and error line); the form renders their errors. */
  readonly fields: FormFields;
  /** For edits a section handles itself: the form re-derives, re-writes the controls and re-renders. */
  readonly edited: (field: FieldId) => void;
}

export interface FormSection {
  readonly el: HTMLElement;
  /** After the user edited `field` (in any section): re-derive what this section fills in by itself. */
  derive?(field: FieldId): void;
  /** Spec → the controls that are not plain bound fields (radio groups, choices that depend on the spec). */
  write?(): void;
  /** State → view: what is shown and enabled, and the explanations beside the fields. */
  render(availability: FormAvailability): void;
}

export interface SectionDefinition {
  /** The simplified form (always shown) or behind "Advanced options". */
  readonly placement: 'basic' | 'advanced';
  /** Whether the connected Hopsworks has this part of the form; absent = always. */
  readonly appliesTo?: (context: FormContext) => boolean;
  build(input: SectionInput): FormSection;
}

export const show = (e: HTMLElement, on: boolean): void => {
  e.hidden = !on;
};
