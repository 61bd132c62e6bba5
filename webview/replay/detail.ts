// One replayed request in full: the facts, the differences found (path, logged, new, |Δ|) and, side by
// side, the logged prediction and the new one, with the request sent under them. Text only.
import type { ReplayDetail } from '../../src/protocol/replay';
import { DetailFrame, bidiSafe, detailNote, detailSection, factList, textBlock } from '../shared/detailParts';
import { el } from '../shared/dom';
import { button } from '../shared/toolkit';
import { VERDICT_LABELS, count, formatDiff } from './labels';

export class ReplayDetailPane {
  readonly el: HTMLElement;
  private readonly frame: DetailFrame;
  private shown: number | undefined;

  constructor(onClose: () => void) {
    const close = button('detail-close', 'Close', 'secondary');
    close.onClick(onClose);
    this.frame = new DetailFrame('Replayed request', 'Request', [close.el]);
    this.el = this.frame.el;
  }

  get shownIndex(): number | undefined {
    return this.shown;
  }

  hide(): void {
    this.shown = undefined;
    this.frame.hide();
  }

  showPending(index: number): void {
    this.shown = index;
    this.frame.show([detailNote('No answer for this request yet.')], `Request ${index + 1}`);
  }

  show(d: ReplayDetail): void {
    this.shown = d.index;
    const facts: [string, string][] = [
      ['Verdict', VERDICT_LABELS[d.verdict]],
      ['Inference id', d.inferenceId || '—'],
      ['Logged by model version', String(d.modelVersion)],
      ['Sent', new Date(d.sentAtMs).toLocaleTimeString('en-GB', { hour12: false })],
      ['Answered in', `${count(Math.round(d.durationMs))} ms`],
    ];
    if (d.differenceCount > 0) facts.push(['Values that differ', count(d.differenceCount)]);
    const sections: HTMLElement[] = [factList(facts)];
    if (d.note)
      sections.push(
        detailSection(d.verdict === 'error' ? 'Error' : 'Note', textBlock(d.note, 'detail-error')),
      );
    if (d.differences.length > 0) sections.push(detailSection('Differences', differences(d)));
    sections.push(
      el('div', { className: 'side-by-side' }, [
        detailSection('Logged prediction', textBlock(d.logged || '—', 'detail-payload p-logged')),
        detailSection('New prediction', textBlock(d.fresh || '—', 'detail-payload p-fresh')),
      ]),
      detailSection('Request sent', textBlock(d.request, 'detail-payload p-request')),
    );
    this.frame.show(sections, `Request ${d.index + 1}: ${VERDICT_LABELS[d.verdict]}`);
  }
}

function differences(d: ReplayDetail): HTMLElement {
  const head = el(
    'tr',
    {},
    ['Where', 'Logged', 'New', '|Δ|'].map((t) => el('th', { text: t, attrs: { scope: 'col' } })),
  );
  const rows = d.differences.map((x) =>
    el(
      'tr',
      {},
      [x.path, x.logged, x.fresh, formatDiff(x.absDiff)].map((t) => bidiSafe(el('td'), t)),
    ),
  );
  const table = el('table', { className: 'differences' }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
  if (d.differenceCount <= d.differences.length) return table;
  return el('div', {}, [
    table,
    detailNote(
      `The first ${count(d.differences.length)} of ${count(d.differenceCount)} are listed (the count covers them all).`,
    ),
  ]);
}
