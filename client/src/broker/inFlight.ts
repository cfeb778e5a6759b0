/**
 * A bounded window of publishes awaiting their acknowledgement, cancellable: the replay and the retained
 * clearer send through one. Room is waited for before each send; a cancel ends every wait at once, and the
 * acknowledgements already on their way get a short grace before they count as never confirmed.
 */

/** After a cancel, how long acknowledgements already on their way are awaited. */
export const CANCEL_GRACE_MS = 500;

export class InFlightWindow {
  private readonly pending = new Set<Promise<void>>();
  private readonly aborted: Promise<void>;

  constructor(
    private readonly max: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.aborted = new Promise((resolve) => {
      if (signal?.aborted) resolve();
      else signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** Resolves once another publish may be sent: true, or false when cancelled first. */
  async room(): Promise<boolean> {
    while (this.pending.size >= Math.max(1, this.max) && !this.signal?.aborted)
      await Promise.race([...this.pending, this.aborted]);
    return !this.signal?.aborted;
  }

  /** Track one publish (it must not reject: handle its outcome before handing it over). */
  add(sending: Promise<void>): void {
    const tracked = sending.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Waits for what is in flight (after a cancel, for CANCEL_GRACE_MS at most); resolves with how many never settled. */
  async drain(): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const grace = this.aborted.then(
      () => new Promise<void>((resolve) => (timer = setTimeout(resolve, CANCEL_GRACE_MS))),
    );
    await Promise.race([Promise.allSettled([...this.pending]), grace]);
    clearTimeout(timer);
    return this.pending.size;
  }
}
