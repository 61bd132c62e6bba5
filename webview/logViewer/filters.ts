// The filter bar: text search (debounced, Enter applies at once), kind, status class, errors only,
// undecodable only. Emits one RowFilter; the host applies it to the whole store.
import type { RowFilter, RowKind, StatusClass } from '../../src/protocol/logViewer';
import { checkbox, dropdown, textField } from '../shared/toolkit';
import { Debounced } from '../shared/debounced';
import { el } from '../shared/dom';

export const SEARCH_DEBOUNCE_MS = 300;

/**
 * Whether the person narrowed the rows with the filter bar, so an empty table says "No events match" rather
 * than "Waiting for events…". The deployment scope (`servingId`) is the panel's default, not their choice.
 */
export function narrowsRows(f: RowFilter): boolean {
  return Boolean(f.text || f.kind || f.status || f.errorsOnly || f.undecodableOnly);
}

// Keyed by the core's own kinds and classes, so a new kind or class does not compile until it has a label
// here (and the host's schema, built from the same arrays, accepts it). Listed in the order offered.
const KIND_FILTER_LABELS: Record<RowKind, string> = {
  pair: 'Request + response',
  request: 'Request alone',
  response: 'Response alone',
  combined: 'Call (Docker/Kubernetes)',
  raw: 'Undecodable',
};
/** `other` (1xx, 3xx, codes outside 100–599) is not offered in the menu; the host still accepts it. */
const STATUS_FILTER_LABELS: Record<Exclude<StatusClass, 'other'>, string> = {
  '2xx': '2xx',
  '4xx': '4xx',
  '5xx': '5xx',
  none: 'No code',
};

const choices = (all: string, labels: Record<string, string>) => [
  { value: '', label: all },
  ...Object.entries(labels).map(([value, label]) => ({ value, label })),
];
const KIND_CHOICES = choices('All kinds', KIND_FILTER_LABELS);
const STATUS_CHOICES = choices('Any status', STATUS_FILTER_LABELS);

export interface SavedFilter {
  text?: string;
  kind?: string;
  status?: string;
  errorsOnly?: boolean;
  undecodableOnly?: boolean;
}

export class FilterBar {
  readonly el: HTMLElement;
  private readonly search = textField('filter-text', '', { placeholder: 'Search payloads, ids…', size: 30 });
  private readonly kind;
  private readonly status;
  private readonly errors = checkbox('filter-errors', 'Errors only');
  private readonly undecodable = checkbox('filter-undecodable', 'Undecodable only');
  /** Applies the search while typing pauses, or at once on Enter or any other control. */
  private readonly applying = new Debounced(() => this.onChange(this.current()), SEARCH_DEBOUNCE_MS);

  constructor(private readonly onChange: (filter: RowFilter) => void) {
    const kindLabel = el('span', { id: 'filter-kind-label', className: 'visually-hidden', text: 'Kind' });
    const statusLabel = el('span', {
      id: 'filter-status-label',
      className: 'visually-hidden',
      text: 'Status class',
    });
    this.kind = dropdown('filter-kind', kindLabel);
    this.kind.setChoices(KIND_CHOICES);
    this.kind.set('');
    this.status = dropdown('filter-status', statusLabel);
    this.status.setChoices(STATUS_CHOICES);
    this.status.set('');
    this.search.el.setAttribute('aria-label', 'Search');

    this.search.onInput(() => this.applying.schedule());
    this.search.el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.applying.now();
    });
    for (const c of [this.kind, this.status, this.errors, this.undecodable])
      c.onInput(() => this.applying.now());

    this.el = el('div', { className: 'filter-bar', attrs: { role: 'search' } }, [
      this.search.el,
      kindLabel,
      this.kind.el,
      statusLabel,
      this.status.el,
      this.errors.el,
      this.undecodable.el,
    ]);
  }

  current(): RowFilter {
    const f: RowFilter = {};
    const text = this.search.get().trim();
    if (text) f.text = text;
    const kind = this.kind.get();
    if (kind) f.kind = kind as RowKind;
    const status = this.status.get();
    if (status) f.status = status as NonNullable<RowFilter['status']>;
    if (this.errors.get()) f.errorsOnly = true;
    if (this.undecodable.get()) f.undecodableOnly = true;
    return f;
  }

  saved(): SavedFilter {
    return {
      text: this.search.get(),
      kind: this.kind.get(),
      status: this.status.get(),
      errorsOnly: this.errors.get(),
      undecodableOnly: this.undecodable.get(),
    };
  }

  restore(s: SavedFilter): void {
    this.search.set(s.text ?? '');
    if (s.kind !== undefined && KIND_CHOICES.some((c) => c.value === s.kind)) this.kind.set(s.kind);
    if (s.status !== undefined && STATUS_CHOICES.some((c) => c.value === s.status)) this.status.set(s.status);
    this.errors.set(Boolean(s.errorsOnly));
    this.undecodable.set(Boolean(s.undecodableOnly));
  }
}
