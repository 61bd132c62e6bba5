// The counter of the memory the panel's rows hold against their bound (`hopsworks.inferenceLog.maxMemoryMB`),
// and how many rows that bound pushed out: a busy topic with big payloads hits it long before the row limit.
import type { StoreStats } from '../../../src/protocol/logViewer';
import { el } from '../../shared/dom';
import { formatCount } from '../format';
import './styles';

const MB = 1024 * 1024;

/** "12.3 MB": one decimal below 100 MB, whole megabytes above. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${mb < 100 ? (Math.round(mb * 10) / 10).toFixed(1) : Math.round(mb).toLocaleString('en-US')} MB`;
}

export class MemoryCounter {
  readonly el: HTMLElement;
  private readonly value = el('span', { className: 'counter-value', id: 'counter-memory', text: '—' });
  private readonly label = el('span', {
    className: 'counter-label',
    id: 'counter-memory-label',
    text: 'memory held',
  });

  constructor() {
    this.el = el(
      'div',
      {
        className: 'counter counter-memory',
        title:
          'Memory the rows held take, of the limit hopsworks.inferenceLog.maxMemoryMB; past it the oldest rows are dropped',
      },
      [this.value, this.label],
    );
  }

  update(s: StoreStats): void {
    if (s.memoryBytes === undefined || s.maxMemoryBytes === undefined) return;
    const text = `${formatMegabytes(s.memoryBytes)} / ${formatMegabytes(s.maxMemoryBytes)}`;
    if (this.value.textContent !== text) this.value.textContent = text;
    const dropped = s.droppedForMemory ?? 0;
    const label =
      dropped > 0 ? `memory held · ${formatCount(dropped)} rows dropped for memory` : 'memory held';
    if (this.label.textContent !== label) this.label.textContent = label;
    this.el.classList.toggle('is-near-limit', s.memoryBytes > 0.9 * s.maxMemoryBytes);
  }
}
