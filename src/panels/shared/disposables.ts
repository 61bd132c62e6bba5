// Everything a panel subscribes to, released in one call when it closes. vscode-free (a vscode.Disposable and
// an "unsubscribe" function both fit), so the holders and registries built on it run under plain Node.

/** Anything with a dispose(): a vscode.Disposable, a panel, a session. */
export interface DisposableLike {
  dispose(): unknown;
}

export class DisposableCollection implements DisposableLike {
  private items: DisposableLike[] = [];

  /** Keeps `item` (or an unsubscribe function) until dispose(); returns what it was given. */
  add<T extends DisposableLike | (() => unknown)>(item: T): T {
    this.items.push(typeof item === 'function' ? { dispose: item } : item);
    return item;
  }

  /**
   * Releases everything added so far, in the order added, and starts empty again. One failing release does
   * not keep the others from running: the first error is rethrown once all have run. A release that returns
   * a promise is not awaited (closing a panel must not wait on the network).
   */
  dispose(): void {
    const items = this.items.splice(0);
    let failure: { error: unknown } | undefined;
    for (const item of items) {
      try {
        item.dispose();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
