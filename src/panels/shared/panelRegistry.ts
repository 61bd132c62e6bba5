// One panel per key: opening what is already open reveals its panel instead of creating a second one, a
// panel that closes is forgotten, and disposing the registry closes them all. The idea of Confluent's
// WebviewPanelCache, kept vscode-free (it holds anything with dispose()), so it is unit-tested under plain
// Node and serves every panel kind — and the Output tails, which are keyed the same way.
import type { DisposableLike } from './disposables';

/** A panel's place in the registry, handed to it when it is created. */
export interface PanelSlot {
  /** The key the panel is registered under now. */
  readonly key: string;
  /** Forgets the panel (call it when the panel closes). Leaves alone whatever holds the key by then. */
  release(): void;
  /**
   * Moves the panel to `key` (it shows something else now, e.g. a form that created a deployment and edits
   * it from then on). A panel already under `key` is disposed: the one the user just worked in stays.
   */
  moveTo(key: string): void;
}

export class PanelRegistry<P extends DisposableLike> implements DisposableLike {
  private readonly panels = new Map<string, P>();

  /** The panel under `key`, after `reveal(panel)`; or a new one from `create`, registered under `key`. */
  revealOrCreate(key: string, reveal: (panel: P) => void, create: (slot: PanelSlot) => P): P {
    const open = this.panels.get(key);
    if (open !== undefined) {
      reveal(open);
      return open;
    }
    let current = key;
    let released = false;
    // Filled once `create` returns: the slot's calls during creation have no panel to act on yet.
    const made: { panel?: P } = {};
    const slot: PanelSlot = {
      get key() {
        return current;
      },
      release: () => {
        released = true;
        // A late report (after a move, or after another panel took the key) must not drop someone else.
        if (made.panel !== undefined && this.panels.get(current) === made.panel) this.panels.delete(current);
      },
      moveTo: (to) => {
        const from = current;
        current = to;
        const panel = made.panel;
        if (panel === undefined || released || from === to) return;
        if (this.panels.get(from) === panel) this.panels.delete(from);
        const other = this.panels.get(to);
        this.panels.set(to, panel);
        if (other !== undefined && other !== panel) other.dispose();
      },
    };
    const panel = create(slot);
    made.panel = panel;
    // A panel that closed while being built is not registered.
    if (!released) this.panels.set(current, panel);
    return panel;
  }

  get(key: string): P | undefined {
    return this.panels.get(key);
  }

  has(key: string): boolean {
    return this.panels.has(key);
  }

  keys(): string[] {
    return [...this.panels.keys()];
  }

  entries(): [string, P][] {
    return [...this.panels.entries()];
  }

  /** Disposes every panel (each may release itself meanwhile) and forgets them all. */
  dispose(): void {
    const panels = [...this.panels.values()];
    this.panels.clear();
    for (const p of panels) p.dispose();
  }
}
