// A chart's legend: one toggle button per series (its colour, its name), to show or hide that series.
// One tab stop for the whole legend (roving tabindex): Left/Right (and Up/Down, Home/End) move between the
// series, Enter or Space shows or hides the focused one.
import { el } from '../../shared/dom';

export interface LegendItem {
  key: string;
  label: string;
  color: string;
}

export class ChartLegend {
  readonly el: HTMLElement;
  private buttons: HTMLButtonElement[] = [];
  private focused = 0;

  constructor(private readonly onToggle: (key: string, shown: boolean) => void) {
    this.el = el('div', {
      className: 'chart-legend',
      attrs: { role: 'toolbar', 'aria-label': 'Chart series' },
    });
    this.el.addEventListener('keydown', (e) => this.onKey(e));
  }

  setItems(items: readonly LegendItem[]): void {
    this.buttons = items.map((item, i) => {
      const swatch = el('span', { className: 'legend-swatch', attrs: { 'aria-hidden': 'true' } });
      swatch.style.background = item.color;
      const b = el(
        'button',
        { className: 'legend-item text-button', attrs: { type: 'button', 'aria-pressed': 'true' } },
        [swatch, el('span', { className: 'legend-label', text: item.label })],
      );
      b.dataset.key = item.key;
      b.title = `Show or hide ${item.label}`;
      b.addEventListener('click', () => {
        this.focused = i;
        this.roving();
        const shown = b.getAttribute('aria-pressed') !== 'true';
        b.setAttribute('aria-pressed', String(shown));
        this.onToggle(item.key, shown);
      });
      return b;
    });
    this.focused = Math.min(this.focused, Math.max(0, this.buttons.length - 1));
    this.roving();
    this.el.replaceChildren(...this.buttons);
  }

  private roving(): void {
    this.buttons.forEach((b, i) => (b.tabIndex = i === this.focused ? 0 : -1));
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.buttons.length;
    if (n === 0) return;
    const to: Record<string, number> = {
      ArrowRight: this.focused + 1,
      ArrowDown: this.focused + 1,
      ArrowLeft: this.focused - 1,
      ArrowUp: this.focused - 1,
      Home: 0,
      End: n - 1,
    };
    const next = to[e.key];
    if (next === undefined) return;
    e.preventDefault();
    this.focused = (next + n) % n;
    this.roving();
    this.buttons[this.focused]?.focus();
  }
}
