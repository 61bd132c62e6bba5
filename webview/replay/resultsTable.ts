// The results, a page at a time (the host holds them all): one line per request with the logged prediction
// beside the new one and the verdict. Rows are buttons to the detail pane: click, or Enter on the focused
// row; the arrows move between rows. Every value is text.
import type { ReplayRowView, ReplayVerdict, ResultsReply } from '../../src/protocol/replay';
import { setBidiSafeText } from '../logViewer/bidiText';
import { el } from '../shared/dom';
import { LatestQuery } from '../shared/latestQuery';
import { button } from '../shared/toolkit';
import { VERDICT_LABELS, count, formatDiff } from './labels';

export const PAGE_SIZE = 100;

const COLUMNS = [
  { key: 'index', label: '#' },
  { key: 'id', label: 'Inference id' },
  { key: 'version', label: 'Version' },
  { key: 'verdict', label: 'Verdict' },
  { key: 'logged', label: 'Logged prediction' },
  { key: 'fresh', label: 'New prediction' },
  { key: 'diff', label: 'Largest |Δ|' },
] as const;

export interface ResultsTableOptions {
  fetch(offset: number, limit: number, verdict: ReplayVerdict | undefined): Promise<ResultsReply>;
  onOpen(index: number): void;
}

export class ResultsTable {
  readonly el: HTMLElement;
  private readonly body = el('tbody');
  private readonly range = el('span', { className: 'results-range', attrs: { 'aria-live': 'polite' } });
  private readonly prev = button('results-prev', 'Previous', 'secondary');
  private readonly next = button('results-next', 'Next', 'secondary');
  private readonly empty = el('p', { className: 'results-empty', text: 'No answers yet.' });
  private offset = 0;
  private total = 0;
  private verdict: ReplayVerdict | undefined;
  /** Invalidated when the verdict or the page changes: replies to older queries are dropped. */
  private readonly pages = new LatestQuery(
    () => this.opts.fetch(this.offset, PAGE_SIZE, this.verdict),
    (r) => this.render(r),
  );
  private openIndex: number | undefined;

  constructor(private readonly opts: ResultsTableOptions) {
    const head = el('thead', {}, [
      el(
        'tr',
        {},
        COLUMNS.map((c) => el('th', { className: `c-${c.key}`, text: c.label, attrs: { scope: 'col' } })),
      ),
    ]);
    const table = el('table', { className: 'results', attrs: { 'aria-label': 'Replayed requests' } }, [
      head,
      this.body,
    ]);
    this.prev.onClick(() => this.go(this.offset - PAGE_SIZE));
    this.next.onClick(() => this.go(this.offset + PAGE_SIZE));
    this.body.addEventListener('click', (e) => this.openFrom(e.target));
    this.body.addEventListener('keydown', (e) => this.onKey(e));
    this.el = el('div', { className: 'results-box' }, [
      el('div', { className: 'results-scroll' }, [table, this.empty]),
      el('div', { className: 'results-pager' }, [this.prev.el, this.range, this.next.el]),
    ]);
  }

  setVerdict(v: ReplayVerdict | undefined): void {
    this.verdict = v;
    this.offset = 0;
    this.pages.invalidate();
    this.empty.textContent = v ? `No ${VERDICT_LABELS[v].toLowerCase()} answers.` : 'No answers yet.';
    this.refresh();
  }

  /** Asks the host again for the page shown; coalesces calls while one is on its way. */
  refresh(): void {
    this.pages.run();
  }

  /** Marks the row whose detail is open. */
  markOpen(index: number | undefined): void {
    this.openIndex = index;
    for (const tr of Array.from(this.body.children) as HTMLElement[])
      tr.classList.toggle('is-open', Number(tr.dataset.index) === index);
  }

  private go(offset: number): void {
    this.offset = Math.max(0, Math.min(offset, Math.max(0, this.total - 1)));
    this.offset -= this.offset % PAGE_SIZE;
    this.pages.invalidate();
    this.refresh();
  }

  private render(r: ResultsReply): void {
    this.total = r.total;
    this.offset = r.offset;
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.index;
    this.body.replaceChildren(...r.rows.map((row) => this.rowNode(row)));
    if (focused !== undefined)
      this.body.querySelector<HTMLElement>(`tr[data-index="${Number(focused)}"]`)?.focus();
    this.empty.hidden = r.total > 0;
    this.range.textContent =
      r.total === 0 ? '' : `${count(r.offset + 1)}–${count(r.offset + r.rows.length)} of ${count(r.total)}`;
    this.prev.setDisabled(r.offset === 0);
    this.next.setDisabled(r.offset + r.rows.length >= r.total);
  }

  private rowNode(r: ReplayRowView): HTMLElement {
    const texts = [
      String(r.index + 1),
      r.inferenceId || '—',
      `v${r.modelVersion}`,
      VERDICT_LABELS[r.verdict],
      r.logged,
      r.verdict === 'error' ? (r.note ?? 'Failed') : r.fresh,
      formatDiff(r.maxAbsDiff),
    ];
    const cells = COLUMNS.map((c, i) => {
      const td = el('td', { className: `c-${c.key}` });
      setBidiSafeText(td, texts[i] ?? '');
      return td;
    });
    const tr = el(
      'tr',
      {
        className: `v-${r.verdict}${r.index === this.openIndex ? ' is-open' : ''}`,
        attrs: { tabindex: '0', 'data-index': String(r.index), 'aria-label': `Request ${r.index + 1}` },
      },
      cells,
    );
    if (r.note) tr.title = r.note;
    return tr;
  }

  private openFrom(target: EventTarget | null): void {
    const tr = (target as HTMLElement | null)?.closest<HTMLElement>('tr[data-index]');
    if (tr) this.opts.onOpen(Number(tr.dataset.index));
  }

  private onKey(e: KeyboardEvent): void {
    const tr = (e.target as HTMLElement).closest<HTMLElement>('tr[data-index]');
    if (!tr) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.opts.onOpen(Number(tr.dataset.index));
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const to = (
        e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling
      ) as HTMLElement | null;
      to?.focus();
    }
  }
}
