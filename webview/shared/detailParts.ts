// The parts both detail panes (the log panel's and the replay panel's) are built from, styled once in
// panel.css: a list of facts, a titled section, a block of text. Every value is set as text, with any
// bidirectional control character isolated and marked (bidiText.ts).
import { setBidiSafeText } from '../logViewer/bidiText';
import { el } from './dom';

/** Sets `text` as the element's only content, bidi-safe; returns the element. */
export function bidiSafe<T extends HTMLElement>(e: T, text: string): T {
  setBidiSafeText(e, text);
  return e;
}

/** Name–value rows (a `dl`): the names as given, the values bidi-safe. */
export function factList(facts: readonly [string, string][]): HTMLElement {
  return el(
    'dl',
    { className: 'detail-facts' },
    facts.flatMap(([k, v]) => [el('dt', { text: k }), bidiSafe(el('dd'), v)]),
  );
}

export function detailSection(title: string, content: HTMLElement): HTMLElement {
  return el('section', { className: 'detail-section' }, [el('h3', { text: title }), content]);
}

/** A payload, note or error as a `pre` block. */
export function textBlock(text: string, className: string): HTMLElement {
  return bidiSafe(el('pre', { className }), text);
}
