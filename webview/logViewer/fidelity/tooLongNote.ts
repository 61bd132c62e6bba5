// The test-request editor's note about a logged request too long to pre-fill it with (the editor takes only
// what it can show whole): the body can still be read, and sent, from an editor via "Open Full Payload".
import type { TestRequestSuggestion } from '../../../src/protocol/logViewer';
import { el } from '../../shared/dom';
import { button } from '../../shared/toolkit';
import { formatCount } from '../format';
import './styles';

export class TooLongNote {
  readonly el: HTMLElement;
  private readonly text = el('span', { id: 'test-too-long-text' });
  private readonly open = button('btn-test-open-full', 'Open Full Payload', 'secondary');
  private id: number | undefined;

  constructor(onOpen: (id: number) => void) {
    this.open.el.setAttribute('aria-describedby', 'test-too-long-text');
    this.open.onClick(() => {
      if (this.id !== undefined) onOpen(this.id);
    });
    this.el = el('p', { className: 'hint test-too-long', id: 'test-too-long' }, [this.text, this.open.el]);
    this.el.hidden = true;
  }

  show(tooLong: TestRequestSuggestion['tooLong']): void {
    this.id = tooLong?.id;
    this.el.hidden = tooLong === undefined;
    if (!tooLong) return;
    this.text.textContent = `A newer logged request (${formatCount(tooLong.chars)} characters) is too long for this editor.`;
  }
}
