// The only module that knows which component library draws the controls (@vscode/webview-ui-toolkit, themed
// by VS Code's --vscode-* colours). Panels create and read controls through these helpers, so replacing the
// deprecated toolkit (e.g. with @vscode-elements/elements or plain styled HTML) touches this file alone.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeProgressRing,
  vsCodeRadio,
  vsCodeRadioGroup,
  vsCodeTextArea,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeCheckbox(),
    vsCodeDivider(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodeProgressRing(),
    vsCodeRadio(),
    vsCodeRadioGroup(),
    vsCodeTextArea(),
    vsCodeTextField(),
  );
}

/** A control: the element to place, and uniform ways to read, write and annotate it. */
export interface Control<T> {
  readonly el: HTMLElement;
  get(): T;
  set(value: T): void;
  setDisabled(disabled: boolean): void;
  /** Marks the control invalid (or not) and links it to the elements that describe it (hint, error). */
  describe(invalid: boolean, describedBy: readonly HTMLElement[]): void;
  /** Called on every user edit (as they type, for text). */
  onInput(listener: () => void): void;
}

export interface Choice {
  value: string;
  label: string;
}

function withId(el: HTMLElement, id: string): HTMLElement {
  el.id = id;
  return el;
}

function setBool(el: HTMLElement, attr: string, on: boolean): void {
  if (on) el.setAttribute(attr, '');
  else el.removeAttribute(attr);
}

function setInvalid(el: HTMLElement, invalid: boolean): void {
  if (invalid) el.setAttribute('aria-invalid', 'true');
  else el.removeAttribute('aria-invalid');
}

function ids(els: readonly HTMLElement[]): string {
  return els.map((e) => e.id).join(' ');
}

/**
 * The toolkit's text controls keep the real <input> in their shadow root, where an aria-describedby id
 * pointing into the page does not resolve. Where the browser has ARIA element reflection, the inner input is
 * pointed at the elements directly; otherwise the host attribute is the best available.
 */
function describeInner(
  host: HTMLElement,
  selector: string,
  invalid: boolean,
  by: readonly HTMLElement[],
): void {
  setInvalid(host, invalid);
  const apply = () => {
    const inner = host.shadowRoot?.querySelector(selector) as
      (HTMLElement & { ariaDescribedByElements?: Element[] | null }) | null;
    if (inner && 'ariaDescribedByElements' in inner) {
      inner.ariaDescribedByElements = [...by];
      host.dataset.describedby = ids(by);
    } else {
      host.setAttribute('aria-describedby', ids(by));
    }
  };
  if (host.shadowRoot?.querySelector(selector)) apply();
  else requestAnimationFrame(apply);
}

/** A toolkit text control (field or area): `label` becomes its accessible name, the real input is `inner`. */
function textControl(
  tag: 'vscode-text-field' | 'vscode-text-area',
  inner: 'input' | 'textarea',
  id: string,
  label: string,
  attrs: Record<string, string>,
): Control<string> {
  const el = withId(document.createElement(tag), id) as HTMLElement & { value: string };
  el.textContent = label;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return {
    el,
    get: () => el.value ?? '',
    set: (v) => {
      if (el.value !== v) el.value = v;
    },
    setDisabled: (d) => setBool(el, 'disabled', d),
    describe: (invalid, by) => describeInner(el, inner, invalid, by),
    onInput: (l) => el.addEventListener('input', l),
  };
}

/** A single-line text field; `label` becomes its accessible name. */
export function textField(
  id: string,
  label: string,
  opts: { placeholder?: string; size?: number } = {},
): Control<string> {
  const attrs: Record<string, string> = {};
  if (opts.placeholder) attrs.placeholder = opts.placeholder;
  if (opts.size) attrs.size = String(opts.size);
  return textControl('vscode-text-field', 'input', id, label, attrs);
}

export function textArea(id: string, label: string, rows = 3): Control<string> {
  return textControl('vscode-text-area', 'textarea', id, label, { rows: String(rows), resize: 'vertical' });
}

/** A drop-down list. Its host element is the combobox, so a visible label is linked by aria-labelledby. */
export function dropdown(
  id: string,
  labelEl: HTMLElement,
): Control<string> & { setChoices(c: readonly Choice[]): void } {
  const el = withId(document.createElement('vscode-dropdown'), id) as HTMLElement & { value: string };
  el.setAttribute('aria-labelledby', labelEl.id);
  el.setAttribute('position', 'below');
  let current = '';
  let shown: readonly Choice[] = [];
  const render = () => {
    el.replaceChildren(
      ...shown.map((c) => {
        const o = document.createElement('vscode-option');
        o.setAttribute('value', c.value);
        o.textContent = c.label;
        if (c.value === current) o.setAttribute('selected', '');
        return o;
      }),
    );
  };
  return {
    el,
    get: () => el.value ?? current,
    set: (v) => {
      current = v;
      if (el.value !== v) el.value = v;
      for (const o of Array.from(el.children))
        setBool(o as HTMLElement, 'selected', o.getAttribute('value') === v);
    },
    setChoices: (choices) => {
      const same =
        choices.length === shown.length &&
        choices.every((c, i) => c.value === shown[i]?.value && c.label === shown[i]?.label);
      if (same) return;
      shown = [...choices];
      render();
    },
    setDisabled: (d) => setBool(el, 'disabled', d),
    describe: (invalid, by) => {
      setInvalid(el, invalid);
      el.setAttribute('aria-describedby', ids(by));
    },
    onInput: (l) =>
      el.addEventListener('change', () => {
        current = el.value;
        l();
      }),
  };
}

/** Radio buttons; the group element is the radiogroup and carries the label. */
export function radioGroup(
  id: string,
  label: string,
  choices: readonly Choice[],
): Control<string> & {
  setChoiceDisabled(value: string, disabled: boolean): void;
} {
  const el = withId(document.createElement('vscode-radio-group'), id) as HTMLElement & { value: string };
  const lab = document.createElement('label');
  lab.slot = 'label';
  lab.textContent = label;
  el.append(lab);
  const radios = new Map<string, HTMLElement & { checked: boolean }>();
  for (const c of choices) {
    const r = document.createElement('vscode-radio') as HTMLElement & { checked: boolean };
    r.id = `${id}-${c.value}`;
    r.setAttribute('value', c.value);
    r.textContent = c.label;
    radios.set(c.value, r);
    el.append(r);
  }
  const checkedValue = () => {
    for (const [v, r] of radios) if (r.checked) return v;
    return el.value ?? '';
  };
  return {
    el,
    get: checkedValue,
    set: (v) => {
      for (const [value, r] of radios) if (r.checked !== (value === v)) r.checked = value === v;
      if (el.value !== v) el.value = v;
    },
    setDisabled: (d) => setBool(el, 'disabled', d),
    setChoiceDisabled: (value, d) => {
      const r = radios.get(value);
      if (r) setBool(r, 'disabled', d);
    },
    describe: (invalid, by) => {
      setInvalid(el, invalid);
      el.setAttribute('aria-describedby', ids(by));
    },
    onInput: (l) => el.addEventListener('change', l),
  };
}

export function checkbox(id: string, label: string): Control<boolean> {
  const el = withId(document.createElement('vscode-checkbox'), id) as HTMLElement & { checked: boolean };
  el.textContent = label;
  return {
    el,
    get: () => el.checked === true,
    set: (v) => {
      if (el.checked !== v) el.checked = v;
    },
    setDisabled: (d) => setBool(el, 'disabled', d),
    describe: (invalid, by) => {
      setInvalid(el, invalid);
      el.setAttribute('aria-describedby', ids(by));
    },
    onInput: (l) => el.addEventListener('change', l),
  };
}

export function button(
  id: string,
  label: string,
  appearance: 'primary' | 'secondary' = 'primary',
): { el: HTMLElement; setDisabled(d: boolean): void; onClick(l: () => void): void } {
  const el = withId(document.createElement('vscode-button'), id);
  el.setAttribute('appearance', appearance);
  el.textContent = label;
  return {
    el,
    setDisabled: (d) => setBool(el, 'disabled', d),
    onClick: (l) =>
      el.addEventListener('click', () => {
        if (!el.hasAttribute('disabled')) l();
      }),
  };
}

export function progressRing(label: string): HTMLElement {
  const el = document.createElement('vscode-progress-ring');
  el.setAttribute('aria-label', label);
  return el;
}

export function divider(): HTMLElement {
  const el = document.createElement('vscode-divider');
  el.setAttribute('role', 'separator');
  return el;
}
