/**
 * When to try a lost connection again: exponential backoff with jitter (a random point in the upper half), from `initial` up to `max`
 * (1 s to 30 s), so a broker that comes back is not hit by every client at the same instant and a broker
 * that stays down is not hammered. Pure: the random source is injected (tests pass a fixed one).
 */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1000;
    this.maxMs = options.maxMs ?? 30_000;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt: a random point in [ceiling / 2, ceiling], the ceiling doubling each time. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  /** A connection that held: start again from the shortest delay. */
  reset(): void {
    this.attempt = 0;
  }

  /** How many delays were handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }
}
