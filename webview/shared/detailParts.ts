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

/** A note in place of, or under, what the pane shows (nothing yet, no longer held, cut here). */
export function detailNote(text: string): HTMLElement {
  return el('p', { className: 'detail-note', text });
}

/**
 * The pane itself: a title line (the title, then the pane's buttons) over the body, which shows one thing at a
 * time. Hidden until something is shown.
 */
export class DetailFrame {
  readonly el: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body = el('div', { className: 'detail-body' });

  constructor(label: string, title: string, actions: readonly HTMLElement[]) {
    this.title = el('h2', { className: 'detail-title', text: title });
    this.el = el('aside', { className: 'detail-pane', attrs: { 'aria-label': label } }, [
      el('div', { className: 'detail-actions' }, [this.title, ...actions]),
      this.body,
    ]);
    this.el.hidden = true;
  }

  hide(): void {
    this.el.hidden = true;
  }

  /** Shows `content` in place of what was shown, under `title` when given. */
  show(content: readonly HTMLElement[], title?: string): void {
    this.el.hidden = false;
    if (title !== undefined) this.title.textContent = title;
    this.body.replaceChildren(...content);
  }
}
