// The table as feature columns: one line per instance, one column per feature, then the predictions.
// Virtualized like the payload table (only the lines on screen exist in the DOM) and pulled the same way:
// it knows the count of matching lines and the page it last asked for, and asks the host again on each
// "changed" signal, scroll or filter change. The host sends the column names with each page; the columns are
// sized per name in characters of the editor font and scroll sideways when they do not fit.
// Keyboard: one tab stop; arrows, Page Up/Down, Home/End move the active line, Enter or Space selects it.
import type { QueryParams } from '../../../src/protocol/logViewer';
import type {
  FeatureColumnsView,
  FeatureLine,
  FeaturePageReply,
} from '../../../src/protocol/logViewerFeatures';
import { el } from '../../shared/dom';
import { VirtualGrid, WAITING_TEXT } from '../../shared/virtualGrid';
import type { PageWindow } from '../../shared/virtualRows';
import { ROW_HEIGHT } from '../../shared/virtualRows';
import { setBidiSafeText } from '../bidiText';
import { formatTime, isErrorOutcome } from '../format';

const SOURCE_TEXT: Record<FeatureColumnsView['source'], string> = {
  'model-schema': "named from the model's schema",
  'input-example': "named from the model's input example",
  positional: 'named by position: the model version has no schema or input example',
};

export interface FeatureGridOptions {
  query(params: Pick<QueryParams, 'offset' | 'limit' | 'fromEnd'>): Promise<FeaturePageReply>;
  onSelect(id: number): void;
  onPage?(lines: readonly FeatureLine[]): void;
  onFollowChange?(following: boolean): void;
}

interface Column {
  key: string;
  label: string;
  /** Width in characters. */
  width: number;
  className: string;
  text(line: FeatureLine): { text: string; title?: string; className?: string };
}

export class FeatureGrid extends VirtualGrid<FeatureLine, FeaturePageReply> {
  private readonly header: HTMLElement;
  private readonly source: HTMLElement;
  private readonly nodes = new Map<string, { node: HTMLElement; drawn: string }>();
  private columns: Column[] = [];
  private columnsKey = '';
  private active = false;
  private activeKey: string | undefined;

  constructor(private readonly o: FeatureGridOptions) {
    const header = el('div', {
      className: 'feature-row feature-header',
      attrs: { role: 'row', 'aria-rowindex': '1' },
    });
    const spacer = el('div', { className: 'feature-spacer', attrs: { role: 'rowgroup' } });
    const empty = el('div', { className: 'feature-empty', text: WAITING_TEXT });
    const scroller = el('div', { className: 'feature-scroller', attrs: { tabindex: '-1' } }, [
      header,
      spacer,
      empty,
    ]);
    const source = el('div', { className: 'feature-source', attrs: { 'aria-live': 'polite' } });
    const grid = el(
      'div',
      {
        className: 'feature-grid',
        attrs: { role: 'grid', 'aria-label': 'Inference requests as feature columns', tabindex: '0' },
      },
      [scroller, source],
    );
    grid.hidden = true;
    super({ el: grid, scroller, spacer, empty }, (following) => o.onFollowChange?.(following));
    this.header = header;
    this.source = source;
  }

  /** Shown or hidden with the Columns choice; shown, it asks for its lines at once. */
  setActive(on: boolean): void {
    this.active = on;
    this.el.hidden = !on;
    if (on) {
      this.virtualizer._willUpdate();
      this.refresh();
    }
  }

  get isActive(): boolean {
    return this.active;
  }

  /** The filters changed: what is shown is no longer right. */
  filtersChanged(filtered: boolean): void {
    this.dropPage();
    this.emptyText = filtered ? 'No instances match the filters.' : WAITING_TEXT;
    this.refresh();
  }

  /** After Clear or a restart: row ids start again, nothing shown stays. */
  reset(): void {
    this.dropPage();
    this.selectedId = undefined;
    this.activeKey = undefined;
    this.setCount(0);
    this.refresh();
  }

  /** Asks the host for the visible lines (while shown). A refused page (a filter the host rejects) is
   * reported by the filter bar; the next signal asks again. */
  protected ask(window: PageWindow): Promise<FeaturePageReply> {
    return this.o.query(window);
  }

  protected override canAsk(): boolean {
    return this.active;
  }

  protected applyPage(reply: FeaturePageReply): void {
    this.setColumns(reply);
    this.takePage({ rows: reply.lines, offset: reply.offset, total: reply.total });
    this.o.onPage?.(reply.lines);
    this.render();
  }

  /** Scrolls the selected row back into view once the grid's new size is laid out (a pane opened). */
  revealSelected(): void {
    if (!this.active) return;
    requestAnimationFrame(() => {
      const i = this.page.findIndex((l) => l.id === this.selectedId);
      if (i >= 0) this.virtualizer.scrollToIndex(this.pageOffset + i, { align: 'auto' });
    });
  }

  /** Lines in the DOM (for tests). */
  renderedLineCount(): number {
    return this.spacer.childElementCount;
  }

  private setColumns(reply: FeaturePageReply): void {
    const key = JSON.stringify([reply.inputs.names, reply.outputs.names]);
    const sourceText = describeSources(reply);
    if (this.source.textContent !== sourceText) this.source.textContent = sourceText;
    if (key === this.columnsKey) return;
    this.columnsKey = key;
    const width = (name: string) => Math.max(6, Math.min(18, name.length + 2));
    const cols: Column[] = [
      {
        key: 'time',
        label: 'Time',
        width: 12,
        className: 'c-time',
        text: (l) => ({ text: formatTime(l.timeMs, l.timeResolutionMs) }),
      },
      {
        key: 'version',
        label: 'Ver.',
        width: 5,
        className: 'c-version',
        text: (l) => ({ text: l.kind === 'raw' ? '' : `v${l.modelVersion}` }),
      },
      {
        key: 'instance',
        label: '#',
        width: 6,
        className: 'c-instance',
        text: (l) => ({ text: l.instances > 1 ? `${l.instance + 1}/${l.instances}` : '' }),
      },
      {
        key: 'fit',
        label: 'Fit',
        width: 4,
        className: 'c-fit',
        text: (l) =>
          l.misfit ? { text: '⚠', title: `Does not fit the model's schema: ${l.misfit}` } : { text: '' },
      },
    ];
    reply.inputs.names.forEach((name, i) =>
      cols.push({
        key: `in:${name}`,
        label: name,
        width: width(name),
        className: 'f-in',
        text: (l) => cell(l.inputs[i], l.misfit !== undefined && l.misfit.includes(`"${name}"`)),
      }),
    );
    reply.outputs.names.forEach((name, i) =>
      cols.push({
        key: `out:${name}`,
        label: name,
        width: width(name),
        className: i === 0 ? 'is-output is-first-output' : 'is-output',
        text: (l) => cell(l.outputs[i], false),
      }),
    );
    this.columns = cols;
    // Columns are in "ch" of the rows' font; 12px is each cell's padding.
    const template = cols.map((c) => `calc(${c.width}ch + 12px)`).join(' ');
    this.el.style.setProperty('--fcols', template);
    const total = cols.reduce((s, c) => s + c.width, 0);
    this.spacer.style.minWidth = `calc(${total}ch + ${cols.length * 12}px)`;
    this.header.style.minWidth = this.spacer.style.minWidth;
    this.header.replaceChildren(
      ...cols.map((c) =>
        el('div', {
          className: `cell ${c.className}`,
          text: c.label,
          title: c.key.startsWith('out:') ? `Prediction: ${c.label}` : c.label,
          attrs: { role: 'columnheader' },
        }),
      ),
    );
    this.nodes.clear();
    this.spacer.replaceChildren();
  }

  protected render(): void {
    if (!this.active) return;
    const drawn = this.placeRowsOnScreen(
      (line, index) => this.lineNode(line, index),
      () =>
        el('div', { className: 'feature-row is-loading', attrs: { role: 'row' } }, [
          el('div', { className: 'cell', text: '…' }),
        ]),
    );
    const shown = new Set(drawn.map(keyOf));
    for (const k of this.nodes.keys()) if (!shown.has(k)) this.nodes.delete(k);
    if (this.activeKey && this.nodes.has(this.activeKey))
      this.el.setAttribute('aria-activedescendant', `feature-line-${this.activeKey.replace(':', '-')}`);
    else this.el.removeAttribute('aria-activedescendant');
  }

  private lineNode(l: FeatureLine, index: number): HTMLElement {
    const key = keyOf(l);
    const cells = this.columns.map((c) => c.text(l));
    const drawn = `${l.rev}\u0000${l.outcome}\u0000${JSON.stringify(cells)}`;
    let kept = this.nodes.get(key);
    if (!kept) {
      const node = el('div', {
        attrs: {
          role: 'row',
          id: `feature-line-${l.id}-${l.instance}`,
          'data-id': String(l.id),
          'data-key': key,
        },
      });
      kept = { node, drawn: '' };
      this.nodes.set(key, kept);
    }
    if (kept.drawn !== drawn) {
      kept.drawn = drawn;
      kept.node.replaceChildren(
        ...cells.map((c, i) => {
          const col = this.columns[i]!;
          const e = el('div', {
            className: ['cell', col.className, c.className].filter(Boolean).join(' '),
            attrs: { role: 'gridcell' },
          });
          setBidiSafeText(e, c.text);
          if (c.title) e.title = c.title;
          else if (c.text.length > col.width) e.title = c.text;
          return e;
        }),
      );
    }
    const classes = ['feature-row'];
    if (l.misfit) classes.push('is-misfit');
    if (isErrorOutcome(l.outcome)) classes.push('is-error');
    if (l.kind === 'raw') classes.push('is-raw');
    if (l.id === this.selectedId) classes.push('is-selected');
    if (key === this.activeKey) classes.push('is-active');
    const className = classes.join(' ');
    if (kept.node.className !== className) kept.node.className = className;
    kept.node.setAttribute('aria-rowindex', String(index + 2));
    kept.node.setAttribute('aria-selected', String(l.id === this.selectedId));
    return kept.node;
  }

  protected selectFromEvent(e: Event): void {
    const target = (e.target as HTMLElement).closest<HTMLElement>('.feature-row[data-key]');
    const key = target?.dataset.key;
    const line = this.page.find((l) => keyOf(l) === key);
    if (!line || (e.type === 'click' && line.id === this.selectedId)) return;
    this.activeKey = key;
    this.select(line);
  }

  protected selected(line: FeatureLine): void {
    this.o.onSelect(line.id);
  }

  /** A screenful less one row, in whole rows that fit. */
  protected override pageStep(): number {
    return Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1);
  }

  protected chooseActive(e: KeyboardEvent): void {
    const line = this.page.find((l) => keyOf(l) === this.activeKey);
    if (!line) return;
    e.preventDefault();
    this.select(line);
  }

  protected moveActive(e: KeyboardEvent, delta: number): void {
    const from = this.page.findIndex((l) => keyOf(l) === this.activeKey);
    const current = from < 0 ? (this.following ? this.count - 1 : this.pageOffset) : this.pageOffset + from;
    const target = Math.max(0, Math.min(this.count - 1, from < 0 ? current : current + delta));
    if (e.key === 'End') this.setFollowing(true);
    else if (delta < 0) this.setFollowing(false);
    const line = this.page[target - this.pageOffset];
    if (line) {
      this.activeKey = keyOf(line);
      this.render();
    }
    this.virtualizer.scrollToIndex(target, { align: 'auto' });
  }
}

function keyOf(l: FeatureLine): string {
  return `${l.id}:${l.instance}`;
}

function cell(v: string | null | undefined, misfit: boolean): { text: string; className?: string } {
  if (v === null || v === undefined) return { text: '—', className: 'f-absent' };
  const numeric = /^-?\d/.test(v) && !Number.isNaN(Number(v));
  const classes = [numeric ? 'f-num' : '', misfit ? 'f-misfit-cell' : ''].filter(Boolean).join(' ');
  return classes ? { text: v, className: classes } : { text: v };
}

function describeSources(r: FeaturePageReply): string {
  const parts = [`Features ${SOURCE_TEXT[r.inputs.source]}`];
  if (r.inputs.hidden > 0) parts.push(`${r.inputs.hidden} more feature columns not shown`);
  if (r.outputs.hidden > 0) parts.push(`${r.outputs.hidden} more prediction columns not shown`);
  if (r.inputs.note) parts.push(r.inputs.note);
  return `${parts.join(' · ')}. Predictions are the shaded columns.`;
}
