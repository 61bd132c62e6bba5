// The generic panel registry every panel kind uses (one panel per key, reveal or create, dispose all) and the
// disposable collection the panels release their subscriptions with. Plain objects stand in for panels: the
// registry only ever calls dispose() on them, and what a user sees is which panel is revealed or closed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DisposableCollection } from '../../src/panels/shared/disposables';
import type { PanelSlot } from '../../src/panels/shared/panelRegistry';
import { PanelRegistry } from '../../src/panels/shared/panelRegistry';

/** A panel as the registry sees it; closing it (dispose) releases its slot, as the real panels do. */
class FakePanel {
  revealed = 0;
  disposed = 0;
  constructor(
    readonly name: string,
    readonly slot: PanelSlot,
  ) {}
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    this.disposed++;
    this.slot.release();
  }
}

function open(r: PanelRegistry<FakePanel>, key: string, name = key): FakePanel {
  return r.revealOrCreate(
    key,
    (p) => p.reveal(),
    (slot) => new FakePanel(name, slot),
  );
}

describe('panel registry', () => {
  it('creates one panel per key and reveals it when opened again', () => {
    const r = new PanelRegistry<FakePanel>();
    const a = open(r, 'a');
    const b = open(r, 'b');
    assert.notEqual(a, b);
    assert.equal(open(r, 'a', 'second a'), a);
    assert.equal(a.revealed, 1);
    assert.equal(b.revealed, 0);
    assert.deepEqual(
      r.entries().map(([k, p]) => [k, p.name]),
      [
        ['a', 'a'],
        ['b', 'b'],
      ],
    );
  });

  it('forgets a panel that closes, so opening its key again creates a new one', () => {
    const r = new PanelRegistry<FakePanel>();
    const a = open(r, 'a');
    a.dispose();
    assert.equal(r.has('a'), false);
    const again = open(r, 'a', 'new a');
    assert.notEqual(again, a);
    assert.equal(again.name, 'new a');
  });

  it('a late release does not forget the panel that holds the key by then', () => {
    const r = new PanelRegistry<FakePanel>();
    const a = open(r, 'a');
    a.slot.release();
    const next = open(r, 'a', 'next');
    a.slot.release();
    assert.equal(r.get('a'), next);
  });

  it('moves a panel to a new key; the panel already there closes, and both old reports are harmless', () => {
    const r = new PanelRegistry<FakePanel>();
    const creating = open(r, 'create:iris:3');
    const editing = open(r, 'edit:12');
    creating.slot.moveTo('edit:12');
    assert.equal(creating.slot.key, 'edit:12');
    assert.equal(editing.disposed, 1, 'the other form on the same deployment stays open');
    assert.equal(r.get('edit:12'), creating);
    assert.equal(r.has('create:iris:3'), false);
    // Opening the model version again creates a new form; opening the deployment reveals the moved one.
    assert.notEqual(open(r, 'create:iris:3'), creating);
    assert.equal(open(r, 'edit:12'), creating);
    assert.equal(creating.revealed, 1);
    // The closed panel's own release (it ran in dispose) did not take the key from the moved one.
    editing.slot.release();
    assert.equal(r.get('edit:12'), creating);
    creating.dispose();
    assert.equal(r.has('edit:12'), false);
  });

  it('moving to the same key, or after closing, changes nothing', () => {
    const r = new PanelRegistry<FakePanel>();
    const a = open(r, 'a');
    a.slot.moveTo('a');
    assert.equal(r.get('a'), a);
    assert.equal(a.disposed, 0);
    a.dispose();
    const b = open(r, 'b');
    a.slot.moveTo('b');
    assert.equal(r.get('b'), b);
    assert.equal(b.disposed, 0);
  });

  it('does not register a panel whose creation failed or that closed while being created', () => {
    const r = new PanelRegistry<FakePanel>();
    assert.throws(() =>
      r.revealOrCreate(
        'a',
        () => undefined,
        () => {
          throw new Error('no webview');
        },
      ),
    );
    assert.equal(r.has('a'), false);
    const closed = r.revealOrCreate(
      'b',
      () => undefined,
      (slot) => {
        slot.release();
        return new FakePanel('b', slot);
      },
    );
    assert.equal(r.has('b'), false);
    assert.notEqual(open(r, 'b'), closed);
  });

  it('dispose closes every panel once and forgets them all', () => {
    const r = new PanelRegistry<FakePanel>();
    const panels = ['a', 'b', 'c'].map((k) => open(r, k));
    r.dispose();
    assert.deepEqual(
      panels.map((p) => p.disposed),
      [1, 1, 1],
    );
    assert.deepEqual(r.keys(), []);
  });
});

describe('disposable collection', () => {
  it('releases disposables and unsubscribe functions in the order added, once', () => {
    const order: string[] = [];
    const c = new DisposableCollection();
    c.add({ dispose: () => order.push('listener') });
    c.add(() => order.push('unsubscribe'));
    c.dispose();
    c.dispose();
    assert.deepEqual(order, ['listener', 'unsubscribe']);
  });

  it('a failing release does not keep the others from running, and its error is reported', () => {
    const order: string[] = [];
    const c = new DisposableCollection();
    c.add(() => order.push('first'));
    c.add(() => {
      throw new Error('already gone');
    });
    c.add(() => order.push('third'));
    assert.throws(() => c.dispose(), /already gone/);
    assert.deepEqual(order, ['first', 'third']);
  });
});
