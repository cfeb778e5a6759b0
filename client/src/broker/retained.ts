/**
 * What a broker holds as retained below a filter: a short-lived client of its own (the profile's options,
 * a random client id, a clean session) subscribes and keeps what arrives with the retain flag (the broker
 * sends its retained messages right after the SUBACK; live traffic arrives without the flag) until nothing
 * new came for a quiet period. Used by the retained export and the retained clearer.
 */
import type { IConnackPacket, MqttClient } from 'mqtt';
import { classifyError } from '../core/connectionPolicy';
import type { IncomingMessage } from '../core/topicTree';
import { randomClientId } from './profiles';
import { clientOptions, type ConnectionOptions, incomingMessage } from './connection';

export interface DiscoverOptions {
  /** Done once no new retained message came for this long after the SUBACK. */
  quietMs?: number;
  /** Done after this long in any case (`complete: false`). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Stop keeping messages past this many topics (`complete: false`). */
  maxTopics?: number;
  /**
   * The subscription's QoS (default 0). At QoS 1 and 2 mosquitto sends a new subscriber at most
   * max_queued_messages + max_inflight_messages retained messages (1,020 by default) and silently drops the
   * rest; at QoS 0 it sends them all, each at QoS 0. Every topic matters more than the QoS it was stored with.
   */
  qos?: 0 | 1 | 2;
  load?: () => Promise<typeof import('mqtt')>;
}

export interface Discovered {
  /** One message a topic (the last one, were a topic sent twice), in arrival order. */
  messages: IncomingMessage[];
  /** False when the timeout, the topic cap or a cancel ended it before the quiet period. */
  complete: boolean;
  /** Why it ended. */
  ended: 'quiet' | 'timeout' | 'cap' | 'cancelled';
}

/** The retained messages matching `filter`; rejects with a readable message when the broker cannot be reached. */
export async function discoverRetained(
  options: ConnectionOptions,
  filter: string,
  {
    quietMs = 1000,
    timeoutMs = 30_000,
    signal,
    maxTopics = 1_000_000,
    qos = 0,
    load = () => import('mqtt'),
  }: DiscoverOptions = {},
): Promise<Discovered> {
  const found = new Map<string, IncomingMessage>();
  const done = await withShortLivedClient(options, signal, load, (client) =>
    collect(client, filter, found, { quietMs, timeoutMs, maxTopics, qos, signal }),
  );
  return done ?? { messages: [], complete: false, ended: 'cancelled' };
}

/**
 * Runs `use` on a client of the profile's own (its options, a random client id, a clean session), connected
 * first, and ends it afterwards whatever happened. Undefined when cancelled before it connected; rejects with
 * a readable message when the broker cannot be reached.
 */
export async function withShortLivedClient<T>(
  options: ConnectionOptions,
  signal: AbortSignal | undefined,
  load: () => Promise<typeof import('mqtt')>,
  use: (client: MqttClient, connack: IConnackPacket) => Promise<T>,
): Promise<T | undefined> {
  const mqtt = await load();
  // A clean session of its own that ends with the connection: nothing queued for an earlier session can pass
  // for retained state, nothing left unacknowledged is sent again later, and no session outlives it.
  const client = mqtt.connect(
    options.url,
    clientOptions({ ...options, clientId: randomClientId(), clean: true, sessionExpiry: 0 }),
  );
  // Failures are read from the first error and from 'close'; a later error must not go unhandled.
  client.on('error', () => undefined);
  try {
    const connack = await connected(client, signal);
    return connack ? await use(client, connack) : undefined;
  } finally {
    client.removeAllListeners();
    client.on('error', () => undefined);
    await client.endAsync(true).catch(() => undefined);
  }
}

/** The CONNACK once connected, undefined when cancelled first; rejects with what went wrong. */
function connected(client: MqttClient, signal: AbortSignal | undefined): Promise<IConnackPacket | undefined> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return resolve(undefined);
    const fail = (error: unknown) => reject(new Error(classifyError(error).message));
    client.once('connect', (connack) => resolve(connack));
    client.once('error', fail);
    client.once('close', () => fail(new Error('connection closed')));
    signal?.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}

function collect(
  client: MqttClient,
  filter: string,
  found: Map<string, IncomingMessage>,
  o: { quietMs: number; timeoutMs: number; maxTopics: number; qos: 0 | 1 | 2; signal: AbortSignal | undefined },
): Promise<Discovered> {
  return new Promise((resolve, reject) => {
    let quiet: NodeJS.Timeout | undefined;
    const finish = (ended: Discovered['ended']) => {
      clearTimeout(quiet);
      clearTimeout(overall);
      resolve({ messages: [...found.values()], complete: ended === 'quiet', ended });
    };
    const overall = setTimeout(() => finish('timeout'), o.timeoutMs);
    const rearm = () => {
      clearTimeout(quiet);
      quiet = setTimeout(() => finish('quiet'), o.quietMs);
    };
    if (o.signal?.aborted) return finish('cancelled');
    o.signal?.addEventListener('abort', () => finish('cancelled'), { once: true });
    client.on('message', (topic, payload, packet) => {
      if (!packet.retain) return;
      if (!found.has(topic) && found.size >= o.maxTopics) return finish('cap');
      found.delete(topic);
      found.set(topic, incomingMessage(topic, payload, packet));
      rearm();
    });
    client.on('close', () => {
      clearTimeout(quiet);
      clearTimeout(overall);
      reject(new Error('the broker closed the connection'));
    });
    client.subscribeAsync(filter, { qos: o.qos }).then((granted) => {
      if (granted[0]?.qos === 128) {
        clearTimeout(overall);
        return reject(new Error(`the broker refused the subscription to ${filter}`));
      }
      rearm();
    }, reject);
  });
}
