/**
 * One broker connection that behaves: mqtt.js underneath, our own reconnect policy on top (backoff with
 * jitter, subscriptions sent once per new session), and failures that cannot heal by retrying (credentials,
 * TLS, a client-id fight) stop the loop with a reason instead of hiding it. Messages reach listeners in
 * batches. No `vscode` import: the extension wraps it, tests drive it against a real mosquitto.
 */
import type {
  IClientOptions,
  IClientPublishOptions,
  IConnackPacket,
  IDisconnectPacket,
  IPublishPacket,
  MqttClient,
} from 'mqtt';
import { Backoff } from '../core/backoff';
import {
  type BrokerState,
  classifyError,
  DropWatch,
  type Failure,
  SESSION_TAKEN_OVER,
  takenOver,
} from '../core/connectionPolicy';
import type { IncomingMessage } from '../core/topicTree';

export interface Subscription {
  topic: string;
  qos: 0 | 1 | 2;
  /** MQTT 5 retain-as-published: messages keep the retain flag their publisher set (a recording wants it). */
  rap?: boolean;
}

/** Everything needed to connect, secrets included (the extension reads them from SecretStorage). */
export interface ConnectionOptions {
  url: string;
  protocolVersion: 4 | 5;
  clientId: string;
  username?: string;
  password?: string;
  keepalive: number;
  clean: boolean;
  /** MQTT 5: seconds the broker keeps the session after a disconnect (0: it ends with the connection). */
  sessionExpiry?: number;
  subscriptions: readonly Subscription[];
  tls?: {
    ca?: Uint8Array;
    cert?: Uint8Array;
    key?: Uint8Array;
    passphrase?: string;
    servername?: string;
    rejectUnauthorized: boolean;
  };
  /** How long to wait for CONNACK. */
  connectTimeoutMs?: number;
  /** How long a publish, subscribe or unsubscribe waits for the broker's answer (default 10 s). */
  operationTimeoutMs?: number;
  /** Backoff bounds (tests shorten them). */
  backoff?: { initialMs?: number; maxMs?: number };
}

export interface StateChange {
  state: BrokerState;
  /** Why, for `failed` (and the last failure, for `reconnecting`). */
  failure?: Failure;
  /** For `reconnecting`: when the next attempt starts (ms since the epoch). */
  nextAttemptAt?: number;
}

/** What happened on the wire, for the output channel and for tests. */
export interface ConnectionStats {
  attempts: number;
  connects: number;
  /** SUBSCRIBE packets sent (one per new session, none when the broker kept the session). */
  subscribes: number;
  /** QoS granted per topic at the last SUBSCRIBE (128 = refused). */
  granted: Map<string, number>;
}

/** Messages taken from the socket in one turn of the event loop, at most (about 10 ms of work). */
const YIELD_AFTER = 1000;
/** A connection that held this long resets the backoff and the drop watch. */
const HELD_MS = 10_000;
/** How long a publish, subscribe or unsubscribe may wait for the broker's answer. */
const OPERATION_MS = 10_000;
/** How long a polite close may wait for what is in flight. */
const CLOSE_MS = 2000;

/** The mqtt.js options of our connection options (short-lived clients of the same profile use them too). */
export function clientOptions(o: ConnectionOptions): IClientOptions {
  return {
    protocolVersion: o.protocolVersion,
    clientId: o.clientId,
    keepalive: o.keepalive,
    clean: o.clean,
    // Our policy decides when to reconnect and what to resubscribe.
    reconnectPeriod: 0,
    resubscribe: false,
    connectTimeout: o.connectTimeoutMs ?? 10_000,
    ...(o.protocolVersion === 5 && o.sessionExpiry ? { properties: { sessionExpiryInterval: o.sessionExpiry } } : {}),
    ...(o.username !== undefined ? { username: o.username } : {}),
    ...(o.password !== undefined ? { password: o.password } : {}),
    ...(o.tls
      ? {
          rejectUnauthorized: o.tls.rejectUnauthorized,
          ...(o.tls.ca ? { ca: Buffer.from(o.tls.ca) } : {}),
          ...(o.tls.cert ? { cert: Buffer.from(o.tls.cert) } : {}),
          ...(o.tls.key ? { key: Buffer.from(o.tls.key) } : {}),
          ...(o.tls.passphrase ? { passphrase: o.tls.passphrase } : {}),
          ...(o.tls.servername ? { servername: o.tls.servername } : {}),
        }
      : {}),
  };
}

/** An mqtt.js message as we keep it, received now. */
export function incomingMessage(topic: string, payload: Buffer, packet: IPublishPacket): IncomingMessage {
  // One object of one shape per message: a Buffer is a Uint8Array (the model copies what it keeps), and a
  // parsed packet's properties belong to that packet alone.
  return { topic, payload, qos: packet.qos, retain: packet.retain, time: Date.now(), properties: packet.properties };
}

const subscribeOptions = (s: Subscription) => ({ qos: s.qos, ...(s.rap ? { rap: true } : {}) });

type Listener<T> = (value: T) => void;

export class BrokerConnection {
  private client: MqttClient | undefined;
  private current: StateChange = { state: 'disconnected' };
  private readonly stateListeners = new Set<Listener<StateChange>>();
  private readonly messageListeners = new Set<Listener<IncomingMessage[]>>();
  private readonly grantListeners = new Set<Listener<BrokerConnection['subscriptions']>>();
  private readonly backoff: Backoff;
  private readonly drops = new DropWatch();
  private retryTimer: NodeJS.Timeout | undefined;
  private heldTimer: NodeJS.Timeout | undefined;
  /**
   * Messages are handed to listeners in batches, once per turn of the event loop: what one read of the socket
   * brought. So a busy broker costs one listener call per read, not per message, and a message is in the model
   * before the next read: held longer (the batch once waited 50 ms), a flood's messages outlived the young
   * generation, and the heap's old space filled with them and their socket chunks (long GC pauses).
   */
  private flushing: NodeJS.Immediate | undefined;
  private batch: IncomingMessage[] = [];
  private stopped = true;
  /** Operations waiting for the broker's answer: each rejects itself when called. */
  private readonly pending = new Set<(reason: string) => void>();
  /** How to remove our handlers from each client we created. */
  private readonly detach = new Map<MqttClient, () => void>();
  /** The profile's subscriptions and those added while connected: sent with every new session. */
  private readonly wanted: Subscription[];
  readonly stats: ConnectionStats = { attempts: 0, connects: 0, subscribes: 0, granted: new Map() };

  constructor(
    private readonly options: ConnectionOptions,
    private readonly load: () => Promise<typeof import('mqtt')> = () => import('mqtt'),
  ) {
    this.backoff = new Backoff(options.backoff);
    this.wanted = [...options.subscriptions];
  }

  /** The subscriptions of this connection, with what the broker granted each in this session (undefined: not yet). */
  get subscriptions(): (Subscription & { granted: number | undefined })[] {
    return this.wanted.map((s) => ({ ...s, granted: this.stats.granted.get(s.topic) }));
  }

  private get running(): boolean {
    return !this.stopped;
  }

  get state(): StateChange {
    return this.current;
  }

  onState(listener: Listener<StateChange>): { dispose(): void } {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  /** Called with the subscriptions whenever the broker granted (or refused) some. */
  onGrants(listener: Listener<BrokerConnection['subscriptions']>): { dispose(): void } {
    this.grantListeners.add(listener);
    return { dispose: () => this.grantListeners.delete(listener) };
  }

  onMessages(listener: Listener<IncomingMessage[]>): { dispose(): void } {
    this.messageListeners.add(listener);
    return { dispose: () => this.messageListeners.delete(listener) };
  }

  /** Start connecting (and keep reconnecting while that can help). Resolves once the first attempt began. */
  async connect(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.backoff.reset();
    this.setState({ state: 'connecting' });
    await this.attempt();
  }

  /**
   * Resolves true once connected (at once when it is); false when it failed for good or was disconnected, after
   * `ms`, or when `signal` aborts.
   */
  whenConnected(ms: number, signal?: AbortSignal): Promise<boolean> {
    const now = this.current.state;
    if (now === 'connected') return Promise.resolve(true);
    if (now === 'failed' || now === 'disconnected' || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        listener.dispose();
        signal?.removeEventListener('abort', cancel);
        resolve(value);
      };
      const cancel = () => done(false);
      const timer = setTimeout(cancel, ms);
      const listener = this.onState((change) => {
        if (change.state === 'connected') done(true);
        else if (change.state === 'failed' || change.state === 'disconnected') done(false);
      });
      signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  /** Stop for good: no more attempts, the connection closed, pending messages delivered. */
  async disconnect(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    await this.closeClient();
    this.flush();
    this.setState({ state: 'disconnected' });
  }

  /**
   * Add a subscription (or change its QoS): kept for every new session, and sent now when connected. Resolves
   * with what the broker granted (a QoS, or a reason code above 2 for a refusal), undefined when not connected.
   */
  async subscribe(subscription: Subscription): Promise<number | undefined> {
    const at = this.wanted.findIndex((s) => s.topic === subscription.topic);
    if (at >= 0) this.wanted[at] = subscription;
    else this.wanted.push(subscription);
    this.stats.granted.delete(subscription.topic);
    const client = this.client;
    if (!client?.connected) return undefined;
    await this.send(client, [subscription]);
    return this.stats.granted.get(subscription.topic);
  }

  /**
   * An operation on the wire with an answer due: rejected after OPERATION_MS without one, and at once when the
   * connection closes (mqtt.js leaves them pending forever on a session that is not clean).
   */
  private answered<T>(operation: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.pending.delete(fail);
      };
      const fail = (reason: string) => {
        settle();
        reject(new Error(`${what}: ${reason}`));
      };
      const ms = this.options.operationTimeoutMs ?? OPERATION_MS;
      const timer = setTimeout(() => fail(`no answer from the broker within ${ms / 1000} s`), ms);
      this.pending.add(fail);
      operation.then(
        (value) => {
          settle();
          resolve(value);
        },
        // The broker's own refusal as mqtt.js gives it (a SUBACK's reason codes ride on it).
        (error: unknown) => {
          settle();
          reject(error instanceof Error ? error : new Error(`${what}: ${String(error)}`));
        },
      );
    });
  }

  /** One SUBSCRIBE; what the broker granted each filter is recorded, refusals included (mqtt.js rejects on those). */
  private async send(client: MqttClient, subscriptions: readonly Subscription[]): Promise<void> {
    const request = Object.fromEntries(subscriptions.map((s) => [s.topic, subscribeOptions(s)])) as Record<
      string,
      { qos: 0 | 1 | 2; rap?: boolean }
    >;
    // mqtt.js sends the filters in the request object's key order (integer-like keys first, as JavaScript
    // orders them): grants are matched by topic, or by that same order when a refusal made it reject.
    const order = Object.keys(request);
    const grants = new Map<string, number>();
    try {
      for (const g of await this.answered(client.subscribeAsync(request), 'subscribe')) grants.set(g.topic, g.qos);
    } catch (error) {
      const codes = (error as { packet?: { granted?: unknown } }).packet?.granted;
      if (!Array.isArray(codes) || codes.length !== order.length) throw error;
      order.forEach((topic, i) => grants.set(topic, Number(codes[i])));
    }
    this.stats.subscribes++;
    for (const s of subscriptions) this.stats.granted.set(s.topic, grants.get(s.topic) ?? 0x80);
    for (const listener of this.grantListeners) listener(this.subscriptions);
  }

  /** Remove a subscription: no longer sent with new sessions, and unsubscribed now when connected. */
  async unsubscribe(topic: string): Promise<void> {
    const at = this.wanted.findIndex((s) => s.topic === topic);
    if (at < 0) return;
    this.wanted.splice(at, 1);
    this.stats.granted.delete(topic);
    const client = this.client;
    if (client?.connected) await this.answered(client.unsubscribeAsync(topic), 'unsubscribe');
  }

  /** Publish; rejects when not connected or when the broker refuses. MQTT 5 properties are sent on MQTT 5 only. */
  async publish(
    topic: string,
    payload: string | Uint8Array,
    opts: { qos: 0 | 1 | 2; retain: boolean; properties?: IClientPublishOptions['properties'] },
  ): Promise<void> {
    const client = this.client;
    if (!client?.connected) throw new Error('not connected');
    await this.answered(
      client.publishAsync(topic, typeof payload === 'string' ? payload : Buffer.from(payload), opts),
      'publish',
    );
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    this.stats.attempts++;
    let client: MqttClient;
    try {
      const mqtt = await this.load();
      // disconnect() may have run while mqtt.js was loading.
      if (!this.running) return;
      // Throws at once for some TLS problems (a wrong key passphrase, a malformed certificate file).
      client = mqtt.connect(this.options.url, clientOptions(this.options));
      // Backpressure, mqtt.js's way: with a batch of YIELD_AFTER messages waiting for this turn's flush, the
      // next packet waits for the next turn. A socket that fell behind otherwise hands over up to 32 reads
      // of 64 KB in one turn (13,000 messages, 150 ms with the model's work); now a turn holds 1,000 at most.
      client.handleMessage = (_packet, callback) => {
        if (this.batch.length < YIELD_AFTER) callback();
        else setImmediate(callback);
      };
    } catch (error) {
      if (!this.running) return;
      this.stopAs(classifyError(error));
      return;
    }
    this.client = client;
    let failure: Failure | undefined;
    // Our handlers only: mqtt.js keeps its own on the same client (removing those breaks its shutdown).
    const handlers = {
      connect: (connack: IConnackPacket) => {
        if (client !== this.client) return;
        this.stats.connects++;
        this.drops.connected(Date.now());
        this.setState({ state: 'connected' });
        this.heldTimer = setTimeout(() => {
          this.backoff.reset();
          this.drops.held();
        }, HELD_MS);
        // A session the broker kept still has its subscriptions: sending them again would duplicate nothing
        // but traffic; a new session needs them, exactly once.
        if (!connack.sessionPresent) void this.subscribeAll(client);
      },
      message: (topic: string, payload: Buffer, packet: IPublishPacket) => {
        this.batch.push(incomingMessage(topic, payload, packet));
        this.flushing ??= setImmediate(() => this.flush());
      },
      disconnect: (packet: IDisconnectPacket) => {
        if (packet.reasonCode === SESSION_TAKEN_OVER) failure = takenOver();
      },
      error: (error: Error) => {
        failure ??= classifyError(error);
      },
      close: () => {
        if (client !== this.client) return;
        clearTimeout(this.heldTimer);
        this.client = undefined;
        this.release(client);
        client.end(true);
        this.failPending('the connection closed');
        if (this.stopped) return;
        const wasConnected = this.current.state === 'connected';
        if (!failure && wasConnected && this.drops.dropped(Date.now())) failure = takenOver();
        const why = failure ?? classifyError(new Error('connection closed'));
        if (!why.retry) {
          this.stopAs(why);
          return;
        }
        // A drop soon after CONNACK: the next try comes at the shortest delay, not a growing one, so the drops
        // that prove a client-id fight come within seconds (growing, they took up to 10 s); DropWatch ends the
        // loop after a few, so this cannot hammer the broker.
        if (this.drops.streak > 0) this.backoff.reset();
        const delay = this.backoff.next();
        this.setState({ state: 'reconnecting', failure: why, nextAttemptAt: Date.now() + delay });
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          void this.attempt();
        }, delay);
      },
    };
    client.on('connect', handlers.connect);
    client.on('message', handlers.message);
    client.on('disconnect', handlers.disconnect);
    client.on('error', handlers.error);
    client.on('close', handlers.close);
    this.detach.set(client, () => {
      client.off('connect', handlers.connect);
      client.off('message', handlers.message);
      client.off('disconnect', handlers.disconnect);
      client.off('error', handlers.error);
      client.off('close', handlers.close);
    });
  }

  /** Remove our handlers from a client we are done with; a late socket error must not go unhandled. */
  private release(client: MqttClient): void {
    this.detach.get(client)?.();
    this.detach.delete(client);
    client.on('error', () => undefined);
  }

  /** A failure retrying cannot heal: stop, deliver what arrived, and say why. */
  private stopAs(why: Failure): void {
    this.stopped = true;
    this.flush();
    this.setState({ state: 'failed', failure: why });
  }

  private failPending(reason: string): void {
    for (const fail of [...this.pending]) fail(reason);
  }

  private async subscribeAll(client: MqttClient): Promise<void> {
    if (this.wanted.length === 0) return;
    try {
      await this.send(client, this.wanted);
    } catch {
      // The connection closed meanwhile: the next session subscribes again.
    }
  }

  private flush(): void {
    clearImmediate(this.flushing);
    this.flushing = undefined;
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    for (const listener of this.messageListeners) listener(batch);
  }

  private setState(change: StateChange): void {
    this.current = change;
    for (const listener of this.stateListeners) listener(change);
  }

  private clearTimers(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.heldTimer);
    this.retryTimer = undefined;
  }

  /**
   * Close politely (DISCONNECT after what is in flight), but never wait more than CLOSE_MS for a broker that
   * does not answer; a client still connecting is closed at once.
   */
  private async closeClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    this.release(client);
    this.failPending('disconnected');
    if (client.connected) {
      let timer: NodeJS.Timeout | undefined;
      const closed = await Promise.race([
        client.endAsync(false).then(
          () => true,
          () => true,
        ),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CLOSE_MS))),
      ]);
      clearTimeout(timer);
      // end() ignores a second call while the first waits for acknowledgements: the socket goes directly.
      if (!closed) client.stream.destroy();
    } else client.end(true);
  }
}
