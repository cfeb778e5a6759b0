/**
 * Clearing and restoring retained messages on a real broker. Each runs on a short-lived client of the
 * profile's own (like `discoverRetained`), not on the profile's connection: it works whether or not the
 * user is connected, its publishes do not queue behind (or get resent by) the user's session, a cancel ends
 * it for good, and MQTT 5 PUBACK reason codes arrive per topic. Publishes go out with the retain flag at
 * QoS 1 (a restore: each message's own QoS), a bounded number unacknowledged at a time; afterwards the
 * broker is asked again (a fresh discovery) and only what it answers counts as done. Discoveries here
 * subscribe at QoS 0: at QoS 1 and 2 mosquitto hands a new subscriber only the first 1,020 retained messages
 * (its queue limits) and drops the rest without a word, which would make a large clear look complete. The
 * QoS a message was published with is therefore not known: a backup says 0, and a restore publishes at
 * QoS 1 at least (acknowledged, so MQTT 5 refusals are seen). No `vscode` import.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { IConnackPacket, MqttClient } from 'mqtt';
import {
  type BackedUpMessage,
  type ClearReport,
  decodeBackup,
  encodeBackup,
  type Outcomes,
  type PublishOutcome,
  pubackRefusal,
  type RetainedBackup,
  sortOutcomes,
} from '../core/retainedClear';
import type { IncomingMessage } from '../core/topicTree';
import type { ConnectionOptions } from './connection';
import { InFlightWindow } from './inFlight';
import { outgoingProperties } from './replayer';
import { type DiscoverOptions, discoverRetained, withShortLivedClient } from './retained';

export interface SendOptions {
  signal?: AbortSignal;
  /** Publishes awaiting their acknowledgement, at most (lowered to the broker's MQTT 5 receive maximum). */
  maxInFlight?: number;
  /** Called as acknowledgements come: how many of how many are settled. */
  onProgress?: (settled: number, total: number) => void;
  /** For the verification: how long a quiet period ends it, and how long it may take at most. */
  verify?: Pick<DiscoverOptions, 'quietMs' | 'timeoutMs'>;
  load?: () => Promise<typeof import('mqtt')>;
}

const EMPTY = new Uint8Array(0);

/** Publish each message retained; the outcome per topic (a topic without one was never sent). */
async function sendRetained(
  client: MqttClient,
  connack: IConnackPacket,
  messages: readonly BackedUpMessage[],
  { signal, maxInFlight = 100, onProgress }: SendOptions,
): Promise<Map<string, PublishOutcome>> {
  // Stops on the caller's cancel and on a lost connection alike.
  const stop = new AbortController();
  const abort = () => stop.abort();
  if (signal?.aborted) abort();
  signal?.addEventListener('abort', abort, { once: true });
  client.once('close', abort);
  const window = new InFlightWindow(Math.min(maxInFlight, connack.properties?.receiveMaximum ?? Infinity), stop.signal);
  const outcomes = new Map<string, PublishOutcome>();
  let settled = 0;
  try {
    for (const m of messages) {
      if (!(await window.room())) break;
      const topic = m.topic;
      outcomes.set(topic, { status: 'unconfirmed', reason: 'no acknowledgement came' });
      const properties = outgoingProperties(m.properties);
      const sending = client
        .publishAsync(topic, Buffer.from(m.payload), {
          qos: m.qos,
          retain: true,
          ...(properties ? { properties } : {}),
        })
        .then(
          () => outcomes.set(topic, { status: 'acknowledged' }),
          (error: unknown) => {
            const code = (error as { code?: unknown }).code;
            outcomes.set(
              topic,
              typeof code === 'number' && code >= 0x80
                ? { status: 'denied', reason: pubackRefusal(code) }
                : { status: 'unconfirmed', reason: error instanceof Error ? error.message : String(error) },
            );
          },
        )
        .finally(() => onProgress?.(++settled, messages.length));
      window.add(sending.then(() => undefined));
    }
    await window.drain();
    // A copy: acknowledgements that come later change nothing reported.
    return new Map(outcomes);
  } finally {
    signal?.removeEventListener('abort', abort);
    client.removeListener('close', abort);
  }
}

/**
 * Send on a client of its own, then ask the broker again what it retains below `filter`; `holds(found, topic)`
 * says whether a retained message found (or its absence) is what was wanted.
 */
async function sendAndVerify(
  options: ConnectionOptions,
  filter: string,
  messages: readonly BackedUpMessage[],
  holds: (found: IncomingMessage | undefined) => boolean,
  o: SendOptions,
): Promise<{ outcomes: Outcomes; cancelled: boolean }> {
  const load = o.load ?? (() => import('mqtt'));
  const sent =
    (await withShortLivedClient(options, o.signal, load, (client, connack) =>
      sendRetained(client, connack, messages, o),
    )) ?? new Map<string, PublishOutcome>();
  // Verified even after a cancel (without the cancelled signal): the report must say what the broker holds.
  let check: (topic: string) => boolean | undefined = () => undefined;
  if (sent.size > 0) {
    const found = await discoverRetained(options, filter, { ...o.verify, qos: 0, load }).catch(() => undefined);
    if (found) {
      const byTopic = new Map(found.messages.map((m) => [m.topic, m]));
      check = (topic) => {
        const ok = holds(byTopic.get(topic));
        // A topic not seen in a discovery cut short may still be retained: only what was seen is certain.
        return found.complete || byTopic.has(topic) ? ok : undefined;
      };
    }
  }
  const outcomes = sortOutcomes(
    messages.map((m) => m.topic),
    sent,
    check,
  );
  return { outcomes, cancelled: o.signal?.aborted ?? false };
}

/**
 * Clear the given retained topics (matching `filter`) with empty retained messages at QoS 1, then verify.
 * The backup, if any, must have been written before (see `writeBackup`); its path goes into the report.
 */
export async function clearTopics(
  options: ConnectionOptions,
  target: { broker: string; filter: string; topics: readonly string[]; backupPath?: string },
  o: SendOptions = {},
): Promise<ClearReport> {
  const messages = target.topics.map((topic) => ({ topic, payload: EMPTY, qos: 1 as const }));
  const { outcomes, cancelled } = await sendAndVerify(options, target.filter, messages, (found) => !found, o);
  return {
    broker: target.broker,
    filter: target.filter,
    planned: target.topics.length,
    cleared: outcomes.done,
    denied: outcomes.denied,
    remaining: outcomes.notDone,
    unverified: outcomes.unverified,
    notAttempted: outcomes.notAttempted,
    cancelled,
    ...(target.backupPath !== undefined ? { backupPath: target.backupPath } : {}),
    denialsReported: options.protocolVersion === 5,
  };
}

/** Write a backup file (its folder made when missing). */
export async function writeBackup(path: string, backup: RetainedBackup): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, encodeBackup(backup));
}

/** Read a backup file; rejects with a readable message when it is not one. */
export async function readBackup(path: string): Promise<RetainedBackup> {
  const backup = decodeBackup(await readFile(path, 'utf8'));
  if ('problem' in backup) throw new Error(backup.problem);
  return backup;
}

/**
 * Everything without a dialog (the API's `confirm: false`): discover what is retained below `filter`, back it
 * up to `backupPath` (none: no backup), clear it, verify.
 */
export async function clearRetained(
  options: ConnectionOptions,
  target: { broker: string; filter: string; backupPath?: string },
  o: SendOptions & { discover?: DiscoverOptions } = {},
): Promise<ClearReport> {
  const found = await discoverRetained(options, target.filter, {
    ...o.discover,
    qos: 0,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  return backUpAndClear(options, { ...target, messages: found.messages }, o);
}

/** Back `messages` up to `backupPath` (none: no backup), then clear their topics and verify. */
export async function backUpAndClear(
  options: ConnectionOptions,
  target: { broker: string; filter: string; messages: IncomingMessage[]; backupPath?: string },
  o: SendOptions = {},
): Promise<ClearReport> {
  const { broker, filter, messages, backupPath } = target;
  if (backupPath !== undefined) await writeBackup(backupPath, { broker, filter, time: Date.now(), messages });
  const topics = messages.map((m) => m.topic);
  return clearTopics(options, { broker, filter, topics, ...(backupPath !== undefined ? { backupPath } : {}) }, o);
}

/** A restore, as reported: every backed-up topic in exactly one list. */
export interface RestoreReport {
  broker: string;
  planned: number;
  /** Verified retained again with the backed-up bytes. */
  restored: string[];
  denied: { topic: string; reason: string }[];
  /** Sent, yet the broker does not hold the backed-up bytes (on MQTT 3.1.1 a refusal looks like this). */
  missing: string[];
  unverified: string[];
  notAttempted: string[];
  cancelled: boolean;
  denialsReported: boolean;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Publish each backed-up message retained again (its bytes, QoS and MQTT 5 properties), then verify. */
export async function restoreRetained(
  options: ConnectionOptions,
  broker: string,
  backup: RetainedBackup,
  o: SendOptions = {},
): Promise<RestoreReport> {
  const wanted = new Map(backup.messages.map((m) => [m.topic, m.payload]));
  const { outcomes, cancelled } = await sendAndVerify(
    options,
    backup.filter,
    backup.messages.map((m) => ({ ...m, qos: m.qos === 0 ? 1 : m.qos })),
    (found) => found !== undefined && sameBytes(found.payload, wanted.get(found.topic) ?? EMPTY),
    o,
  );
  return {
    broker,
    planned: backup.messages.length,
    restored: outcomes.done,
    denied: outcomes.denied,
    missing: outcomes.notDone,
    unverified: outcomes.unverified,
    notAttempted: outcomes.notAttempted,
    cancelled,
    denialsReported: options.protocolVersion === 5,
  };
}
