// What the detail pane adds for whole payloads and schema versions: an "Open Full Payload" button beside
// each body (the pane shows a bounded prefix; the host opens the whole body in an untitled editor) and the
// words for the schema version that decoded a row.
import type { PayloadHalf } from '../../../src/protocol/logViewer';
import { el } from '../../shared/dom';
import { button } from '../../shared/toolkit';
import './styles';

/** A payload section's heading: its title and the button that opens the whole body. */
export function payloadHeading(
  title: string,
  half: PayloadHalf,
  onOpen: (half: PayloadHalf) => void,
): HTMLElement {
  const open = button(`detail-open-${half}`, 'Open Full Payload', 'secondary');
  open.el.classList.add('payload-open');
  open.el.setAttribute('aria-label', `Open the full ${half} payload in an editor`);
  open.onClick(() => onOpen(half));
  return el('div', { className: 'payload-heading' }, [el('h3', { text: title }), open.el]);
}

/** "schema v4 (older than the topic's v5)": which version of the topic's subject decoded the row. */
export function decodedWith(version: number, topicVersion: number | undefined): string {
  if (topicVersion === undefined || topicVersion === version) return `schema v${version}`;
  const relation = version < topicVersion ? 'older than' : 'newer than';
  return `schema v${version} (${relation} the topic's v${topicVersion})`;
}

/** The row's tooltip words in the table. */
export function decodedWithTitle(version: number | undefined): string {
  return version === undefined ? '' : `Decoded with schema v${version}`;
}
