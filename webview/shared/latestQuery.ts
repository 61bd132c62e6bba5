// One query to the host at a time, for a view that shows "the page the host holds now": calls made while a
// query is on its way collapse into one more query after it, and a reply to a query asked before the view was
// invalidated (a filter changed, a Clear) is dropped, so an old page never paints over a newer question.
// Used by the log table, the feature grid and the replay results.

export class LatestQuery<R> {
  private inFlight = false;
  private again = false;
  private generation = 0;

  /**
   * `ask` sends the query for what the view shows now; `apply` takes a reply still current. `canAsk`, when
   * given, is checked on every run, including the one after a reply (a hidden view stops asking).
   */
  constructor(
    private readonly ask: () => Promise<R>,
    private readonly apply: (reply: R) => void,
    private readonly canAsk: () => boolean = () => true,
  ) {}

  /** Whether a query is on its way. */
  get busy(): boolean {
    return this.inFlight;
  }

  /** What is shown no longer answers the question: replies to queries asked until now are dropped. */
  invalidate(): void {
    this.generation++;
  }

  run(): void {
    if (!this.canAsk()) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    const generation = this.generation;
    this.ask()
      .then((reply) => {
        if (generation === this.generation) this.apply(reply);
      })
      .catch(() => {
        /* the host logs (or a view reports) a refused query; the next signal asks again */
      })
      .finally(() => {
        this.inFlight = false;
        if (this.again || generation !== this.generation) {
          this.again = false;
          this.run();
        }
      });
  }
}
