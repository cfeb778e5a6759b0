/**
 * Watches connected brokers' `$SYS` trees while someone needs them (the Broker Status view while it is
 * visible, an API call, the chart). `$SYS/#` goes through the profile's own connection: no second login,
 * no second client in the broker's counts, the grant shown in the Brokers view like any subscription, and
 * the connection resubscribes it after a reconnect. A hold ends with its `dispose()`; the last one
 * unsubscribes (unless the profile itself subscribes `$SYS/#`, which is then only borrowed). A
 * disconnected profile ends its watch. No `vscode` import.
 */
import type { BrokerConnection } from './connection';
import type { BrokerManager } from './manager';
import { SysStatus } from '../core/sysStatus';
import type { SysLimits } from '../core/sysTypes';

export const SYS_FILTER = '$SYS/#';

interface Watch {
  connection: BrokerConnection;
  model: SysStatus;
  holders: number;
  /** The profile subscribes `$SYS/#` itself: never unsubscribed by us. */
  borrowed: boolean;
  listener: { dispose(): void };
}

export interface SysWatchOptions {
  /** The workspace's broker limits (read again at each watch start). */
  limits?: () => SysLimits;
  /** Passed to each model (tests shorten the expected interval). */
  expectedIntervalMs?: number;
  now?: () => number;
}

export class SysWatch {
  private readonly watches = new Map<string, Watch>();
  private readonly listeners = new Set<(name: string) => void>();
  private readonly managerListener: { dispose(): void };

  constructor(
    private readonly manager: BrokerManager,
    private readonly options: SysWatchOptions = {},
  ) {
    // A profile that disconnects (or reconnects with a new connection object) ends its watch: the holders
    // see an unwatched broker, and hold again when they want it back.
    this.managerListener = manager.onDidChange((name, kind) => {
      if (kind === 'messages') return;
      for (const [watched, watch] of this.watches)
        if ((!name || name === watched) && manager.connection(watched) !== watch.connection) this.end(watched);
    });
  }

  /** Called with a broker's name when its `$SYS` model changed (at most once per message batch). */
  onDidChange(listener: (name: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The model of a watched broker (undefined: not watched). */
  model(name: string): SysStatus | undefined {
    return this.watches.get(name)?.model;
  }

  get watched(): string[] {
    return [...this.watches.keys()];
  }

  /** Watch a connected broker until the returned hold is disposed (undefined: not connected). */
  hold(name: string): { dispose(): void } | undefined {
    const existing = this.watches.get(name);
    if (existing) return this.holdOf(name, existing);
    const connection = this.manager.connection(name);
    if (!connection) return undefined;
    const now = this.options.now ?? Date.now;
    const model = new SysStatus({
      since: now(),
      ...(this.options.expectedIntervalMs ? { expectedIntervalMs: this.options.expectedIntervalMs } : {}),
    });
    model.limits = this.options.limits?.() ?? {};
    const borrowed = connection.subscriptions.some((s) => s.topic === SYS_FILTER);
    const watch: Watch = {
      connection,
      model,
      holders: 0,
      borrowed,
      listener: connection.onMessages((batch) => {
        if (!batch.some((m) => m.topic.startsWith('$SYS/'))) return;
        model.ingest(batch);
        this.fire(name);
      }),
    };
    this.watches.set(name, watch);
    if (borrowed) model.setGrant(connection.subscriptions.find((s) => s.topic === SYS_FILTER)?.granted);
    else
      void this.manager.subscribe(name, { topic: SYS_FILTER, qos: 0 }).then(
        (granted) => {
          if (this.watches.get(name) !== watch) return;
          model.setGrant(granted);
          this.fire(name);
        },
        () => undefined, // the connection closed meanwhile: the manager's change ends this watch
      );
    return this.holdOf(name, watch);
  }

  private holdOf(name: string, watch: Watch): { dispose(): void } {
    watch.holders++;
    let released = false;
    return {
      dispose: () => {
        if (released) return;
        released = true;
        if (this.watches.get(name) === watch && --watch.holders <= 0) this.end(name);
      },
    };
  }

  private end(name: string): void {
    const watch = this.watches.get(name);
    if (!watch) return;
    this.watches.delete(name);
    watch.listener.dispose();
    // Still connected: take `$SYS/#` back, so a hidden view costs the broker nothing.
    if (!watch.borrowed && this.manager.connection(name) === watch.connection)
      void this.manager.unsubscribe(name, SYS_FILTER).catch(() => undefined);
    this.fire(name);
  }

  private fire(name: string): void {
    for (const listener of this.listeners) listener(name);
  }

  dispose(): void {
    for (const name of [...this.watches.keys()]) this.end(name);
    this.managerListener.dispose();
    this.listeners.clear();
  }
}
