/**
 * A time budget for one analysis: a crafted file must not block the server, so the passes a file can
 * drive ask it before each unit of work and stop early once it has run out.
 */
export class Budget {
  private readonly deadline: number;
  /** Set once a pass skipped work because the budget ran out: the analysis is partial. */
  stopped = false;

  /** A budget of `ms` milliseconds from now; `now` is injectable so tests can run out of time on demand. */
  constructor(
    ms: number,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = now() + ms;
  }

  /** True once the time is up; call it only where true means that work is skipped, since it marks the analysis partial. */
  expired(): boolean {
    if (!this.stopped && this.now() >= this.deadline) this.stopped = true;
    return this.stopped;
  }
}
