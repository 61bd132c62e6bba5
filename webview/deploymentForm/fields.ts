// A section's fields: each control sits in a box with its label, a hint line and an error line, and most are
// bound to a value of the spec (an edit writes the value, `write()` puts it back after a change elsewhere).
// Ids follow the field id ("logger.partitions" → #f-logger-partitions, #h-…, #e-…, #box-…), so tests, focus
// and aria-describedby find them without the sections agreeing on anything else.
import { envVarsFromText, envVarsToText } from '../../src/deployments/envVars';
import { sameData } from '../../src/deployments/deploymentJson';
import type { FieldId } from '../../src/deployments/spec';
import { FIELD_LABELS } from '../../src/protocol/deploymentForm';
import { el } from '../shared/dom';
import type { Choice, Control } from '../shared/toolkit';
import { checkbox, dropdown, radioGroup, textArea, textField } from '../shared/toolkit';

/** One field's furniture: the control plus its hint and error lines. */
export interface FieldSlot {
  readonly field: FieldId;
  readonly box: HTMLElement;
  readonly control: Control<string> | Control<boolean>;
  readonly hint: HTMLElement;
  readonly error: HTMLElement;
}

/** A value of the spec (or of a section's own state) that a control edits. */
export interface Binding<T> {
  get(): T;
  set(value: T): void;
}

export const domId = (f: FieldId): string => f.replace(/\./g, '-');

/** `obj[key]` as a binding. */
export function prop<O extends object, K extends keyof O>(obj: O, key: K): Binding<O[K]> {
  return {
    get: () => obj[key],
    set: (v) => {
      obj[key] = v;
    },
  };
}

/** A number the spec must have: blank becomes NaN, which validation reports as "enter a number". */
export function required<K extends string>(obj: Record<K, number>, key: K): Binding<number | undefined> {
  return {
    get: () => obj[key],
    set: (v) => {
      obj[key] = v ?? Number.NaN;
    },
  };
}

/** An optional number of the spec: blank removes it (the server's default applies), so it is not sent. */
export function optional<O extends object, K extends keyof O>(obj: O, key: K): Binding<number | undefined> {
  return {
    get: () => obj[key] as number | undefined,
    set: (v) => {
      if (v === undefined) delete obj[key];
      else (obj as Record<K, unknown>)[key] = v;
    },
  };
}

/**
 * What the user typed, as a number: blank → undefined, anything but a plain decimal → NaN (which the
 * validation reports on the field), so "1e3" or "0x10" are not silently read as something else.
 */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
}

function formatNumber(n: number | undefined): string {
  return n === undefined || Number.isNaN(n) ? '' : String(n);
}

/** Shows `message` on the field (or clears it), and tells assistive technology the field is invalid. */
export function showFieldError(slot: FieldSlot, message: string | undefined): void {
  slot.error.textContent = message ?? '';
  slot.error.hidden = message === undefined;
  slot.control.describe(
    message !== undefined,
    [slot.hint, slot.error].filter((e) => e.textContent !== ''),
  );
}

export class FormFields {
  /** In the order they were created, which is the order of the page. */
  readonly slots: FieldSlot[] = [];
  readonly #writers: (() => void)[] = [];
  readonly #edited: (field: FieldId) => void;

  /** `advanced`: the fields sit under "Advanced options". `edited` is called after every user edit. */
  constructor(
    readonly advanced: boolean,
    edited: (field: FieldId) => void,
  ) {
    this.#edited = edited;
  }

  /**
   * Places `control` as `field`, in a box with its hint and error lines. `label` is for controls that are
   * labelled from outside (drop-downs); `content` replaces the control in the box when it needs company.
   */
  slot(
    field: FieldId,
    control: Control<string> | Control<boolean>,
    layout: { label?: HTMLElement; content?: HTMLElement } = {},
  ): FieldSlot {
    const id = domId(field);
    const box = el('div', { className: 'field', id: `box-${id}` });
    const hint = el('p', { className: 'hint', id: `h-${id}` });
    const error = el('p', { className: 'error', id: `e-${id}`, attrs: { 'aria-live': 'polite' } });
    if (layout.label) box.append(layout.label);
    box.append(layout.content ?? control.el, hint, error);
    const slot = { field, box, control, hint, error };
    this.slots.push(slot);
    return slot;
  }

  /** A control bound to a value: each edit writes it, and `write()` puts the value back into the control. */
  bind<T>(field: FieldId, control: Control<T>, value: Binding<T>): FieldSlot {
    control.onInput(() => {
      value.set(control.get());
      this.#edited(field);
    });
    this.#writers.push(() => control.set(value.get()));
    return this.slot(field, control as Control<string> | Control<boolean>);
  }

  /** A single-line text field; blank is kept as '' (the spec treats blank paths as absent). */
  text(
    field: FieldId,
    value: Binding<string | undefined> | Binding<string>,
    opts: { placeholder?: string } = {},
  ): FieldSlot {
    const c = textField(`f-${domId(field)}`, FIELD_LABELS[field], { ...opts, size: 60 });
    const v = value as Binding<string | undefined>;
    return this.bind(field, c, { get: () => v.get() ?? '', set: (s) => v.set(s) });
  }

  textArea(field: FieldId, value: Binding<string | undefined>): FieldSlot {
    const c = textArea(`f-${domId(field)}`, FIELD_LABELS[field]);
    return this.bind(field, c, { get: () => value.get() ?? '', set: (s) => value.set(s) });
  }

  /**
   * A list edited one entry per line (KEY=value). What the user typed — a blank line being started, say — is
   * left alone unless the list behind it changed, as for numbers.
   */
  lines(field: FieldId, value: Binding<string[] | undefined>): FieldSlot {
    const c = textArea(`f-${domId(field)}`, FIELD_LABELS[field], 4);
    c.onInput(() => {
      value.set(envVarsFromText(c.get()));
      this.#edited(field);
    });
    this.#writers.push(() => {
      if (!sameData(envVarsFromText(c.get()), value.get() ?? [])) c.set(envVarsToText(value.get()));
    });
    return this.slot(field, c);
  }

  checkbox(field: FieldId, value: Binding<boolean>): FieldSlot {
    return this.bind(field, checkbox(`f-${domId(field)}`, FIELD_LABELS[field]), value);
  }

  /** A number typed as text. What the user typed is left alone unless the value behind it changed. */
  number(field: FieldId, value: Binding<number | undefined>): FieldSlot {
    const c = textField(`f-${domId(field)}`, FIELD_LABELS[field], { size: 10 });
    c.el.classList.add('number');
    c.onInput(() => {
      value.set(parseNumber(c.get()));
      this.#edited(field);
    });
    this.#writers.push(() => {
      const shown = parseNumber(c.get());
      const v = value.get();
      if (!(shown === v || (Number.isNaN(shown) && Number.isNaN(v)))) c.set(formatNumber(v));
    });
    return this.slot(field, c);
  }

  /** Radio buttons labelled with the field's label; the section handles the edits. */
  radio(field: FieldId, choices: readonly Choice[]): FieldSlot & { radios: ReturnType<typeof radioGroup> } {
    const radios = radioGroup(`f-${domId(field)}`, FIELD_LABELS[field], choices);
    return { ...this.slot(field, radios), radios };
  }

  /** A drop-down with a visible label; the section fills its choices and handles the edits. */
  dropdown(
    field: FieldId,
    content?: (list: HTMLElement) => HTMLElement,
  ): FieldSlot & { list: ReturnType<typeof dropdown> } {
    const id = domId(field);
    const label = el('label', { id: `label-${id}`, text: FIELD_LABELS[field], attrs: { for: `f-${id}` } });
    const list = dropdown(`f-${id}`, label);
    const layout = content ? { label, content: content(list.el) } : { label };
    return { ...this.slot(field, list, layout), list };
  }

  /** Puts the bound values into their controls (on load, and after an edit derived new values). */
  write(): void {
    for (const w of this.#writers) w();
  }
}
