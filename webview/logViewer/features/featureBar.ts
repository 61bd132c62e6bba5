// The feature controls above the table: "Columns: payload | features", the feature filter (checked by the
// host as it is typed; a mistake is shown with its place underlined and the filter is not applied), "Does not
// fit the model's schema", and the button that opens the statistics and drift pane.
import type { ColumnMode, FeatureFilter, FilterCheck } from '../../../src/protocol/logViewerFeatures';
import { COLUMN_MODES } from '../../../src/protocol/logViewerFeatures';
import { Debounced } from '../../shared/debounced';
import { el } from '../../shared/dom';
import { button, checkbox, dropdown, textField } from '../../shared/toolkit';

export const FILTER_CHECK_DEBOUNCE_MS = 300;

const MODE_LABELS: Record<ColumnMode, string> = { payload: 'Payload', features: 'Features' };

export interface SavedFeatureBar {
  mode?: string;
  expression?: string;
  misfitOnly?: boolean;
}

export interface FeatureBarOptions {
  check(expression: string): Promise<FilterCheck>;
  onFilter(filter: FeatureFilter): void;
  onMode(mode: ColumnMode): void;
  onStats(open: boolean): void;
}

export class FeatureBar {
  readonly el: HTMLElement;
  private readonly mode;
  private readonly expression = textField('feature-filter', '', {
    placeholder: 'Feature filter, e.g. sepal_length > 6 and variety = 2',
    size: 40,
  });
  private readonly error = el('div', {
    className: 'feature-filter-error',
    id: 'feature-filter-error',
    attrs: { role: 'alert' },
  });
  private readonly misfit = checkbox('filter-misfit', "Does not fit the model's schema");
  private readonly statsBtn = button('btn-feature-stats', 'Statistics and drift', 'secondary');
  private applied: FeatureFilter = {};
  /** Checks the expression with the host while typing pauses, or at once on Enter. */
  private readonly checking = new Debounced(() => this.checkExpression(), FILTER_CHECK_DEBOUNCE_MS);
  /** Bumped per check: an older answer arriving late is ignored. */
  private checks = 0;
  private statsOpen = false;

  constructor(private readonly o: FeatureBarOptions) {
    const modeLabel = el('label', { id: 'columns-label', className: 'inline-label', text: 'Columns' });
    this.mode = dropdown('columns-mode', modeLabel);
    this.mode.setChoices(COLUMN_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] })));
    this.mode.set('payload');
    this.mode.onInput(() => o.onMode(this.currentMode()));
    this.expression.el.setAttribute('aria-label', 'Feature filter');
    this.expression.onInput(() => this.checking.schedule());
    this.expression.el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.checking.now();
    });
    this.misfit.onInput(() => this.emit());
    this.statsBtn.el.setAttribute('aria-pressed', 'false');
    this.statsBtn.onClick(() => this.setStatsOpen(!this.statsOpen, true));
    this.error.hidden = true;
    this.el = el('div', { className: 'feature-bar' }, [
      el('div', { className: 'feature-bar-group' }, [modeLabel, this.mode.el]),
      el('div', { className: 'feature-filter' }, [this.expression.el, this.error]),
      el('div', { className: 'feature-bar-group' }, [this.misfit.el, this.statsBtn.el]),
    ]);
  }

  currentMode(): ColumnMode {
    const m = this.mode.get();
    return (COLUMN_MODES as readonly string[]).includes(m) ? (m as ColumnMode) : 'payload';
  }

  /** The filter in force (the last expression the host accepted). */
  current(): FeatureFilter {
    return this.applied;
  }

  saved(): SavedFeatureBar {
    return { mode: this.currentMode(), expression: this.expression.get(), misfitOnly: this.misfit.get() };
  }

  /** Restores what was shown; the expression is checked again before it applies. */
  restore(s: SavedFeatureBar): void {
    if (s.mode && (COLUMN_MODES as readonly string[]).includes(s.mode)) this.mode.set(s.mode);
    this.misfit.set(Boolean(s.misfitOnly));
    this.expression.set(s.expression ?? '');
    if (s.misfitOnly) this.applied = { misfitOnly: true };
    if (s.expression?.trim()) this.checking.now();
  }

  setStatsOpen(open: boolean, notify = false): void {
    this.statsOpen = open;
    this.statsBtn.el.setAttribute('aria-pressed', String(open));
    // Pressed looks pressed: the primary appearance while the pane is open.
    this.statsBtn.el.setAttribute('appearance', open ? 'primary' : 'secondary');
    if (notify) this.o.onStats(open);
  }

  private checkExpression(): void {
    const text = this.expression.get();
    const n = ++this.checks;
    if (text.trim() === '') {
      this.showCheck(text, { ok: true });
      this.emit();
      return;
    }
    this.o
      .check(text)
      .then((r) => {
        if (n !== this.checks) return;
        this.showCheck(text, r);
        if (r.ok) this.emit();
      })
      .catch((err: unknown) => {
        if (n !== this.checks) return;
        this.showCheck(text, {
          ok: false,
          reason: err instanceof Error ? err.message : String(err),
          position: 0,
          length: 0,
        });
      });
  }

  /** A mistake: the reason, and the filter as typed with the offending part underlined. Text only. */
  private showCheck(text: string, r: FilterCheck): void {
    this.error.hidden = r.ok;
    this.expression.describe(!r.ok, r.ok ? [] : [this.error]);
    if (r.ok) {
      this.error.replaceChildren();
      return;
    }
    const start = Math.min(r.position, text.length);
    const end = Math.min(text.length, start + Math.max(1, r.length));
    // Past the end (a filter cut short): mark the place with a space to underline.
    const marked = start < text.length ? text.slice(start, end) : ' ';
    this.error.replaceChildren(
      el('div', { text: `Not applied: ${r.reason} (column ${r.position + 1}).` }),
      el('div', { className: 'feature-filter-echo', attrs: { 'aria-hidden': 'true' } }, [
        text.slice(0, start),
        el('mark', { text: marked }),
        text.slice(end),
      ]),
    );
  }

  private emit(): void {
    const f: FeatureFilter = {};
    const text = this.expression.get().trim();
    if (text && this.error.hidden) f.expression = text;
    else if (this.applied.expression && !this.error.hidden) f.expression = this.applied.expression;
    if (this.misfit.get()) f.misfitOnly = true;
    this.applied = f;
    this.o.onFilter(f);
  }
}
