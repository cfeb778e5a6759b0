/**
 * The retained clearer's pure parts: the backup file format, what each topic's outcome means once the broker
 * was asked again (the report), and when a clear needs the broker's name typed to confirm it. No `vscode`, no
 * mqtt.js, no files.
 *
 * A backup is one JSON object: `{"mqttWorkbenchRetainedBackup": 1, "broker", "filter", "time", "messages":
 * [{"topic", "payloadBase64", "qos", "properties"?}]}`, one message a line. Payloads are always base64 (a
 * restore must give back every byte); MQTT 5 properties are kept as received, `correlationData` as base64.
 */
import { BASE64, base64, decodeProperties, encodeProperties, isRecord } from './recording';
import { plural } from './text';
import type { IncomingMessage } from './topicTree';

export const BACKUP_VERSION = 1;

/** A retained message as a backup keeps it. */
export type BackedUpMessage = Pick<IncomingMessage, 'topic' | 'payload' | 'qos' | 'properties'>;

export interface RetainedBackup {
  broker: string;
  filter: string;
  /** When it was taken, ms since the epoch. */
  time: number;
  messages: BackedUpMessage[];
}

/** The backup as a file's text. */
export function encodeBackup(backup: RetainedBackup): string {
  const head = {
    mqttWorkbenchRetainedBackup: BACKUP_VERSION,
    broker: backup.broker,
    filter: backup.filter,
    time: new Date(backup.time).toISOString(),
  };
  const lines = backup.messages.map((m) =>
    JSON.stringify({
      topic: m.topic,
      payloadBase64: base64(m.payload),
      qos: m.qos,
      ...(m.properties && Object.keys(m.properties).length > 0 ? { properties: encodeProperties(m.properties) } : {}),
    }),
  );
  const json = JSON.stringify(head);
  return `${json.slice(0, -1)},\n"messages": [${lines.length ? `\n${lines.join(',\n')}\n` : ''}]}\n`;
}

/** A backup file's text as a backup, or why it is not one. */
export function decodeBackup(text: string): RetainedBackup | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  if (!isRecord(raw) || raw['mqttWorkbenchRetainedBackup'] !== BACKUP_VERSION)
    return { problem: 'not an MQTT Workbench retained-message backup (version 1)' };
  const { broker, filter, time, messages } = raw;
  const when = typeof time === 'string' ? Date.parse(time) : NaN;
  if (typeof broker !== 'string' || typeof filter !== 'string' || Number.isNaN(when) || !Array.isArray(messages))
    return { problem: 'needs "broker", "filter", an ISO "time" and a "messages" list' };
  const out: BackedUpMessage[] = [];
  for (const [i, m] of messages.entries()) {
    const at = `message ${i + 1}`;
    if (!isRecord(m)) return { problem: `${at}: not an object` };
    const { topic, payloadBase64, qos, properties } = m;
    if (typeof topic !== 'string' || topic === '') return { problem: `${at}: "topic" must be a non-empty string` };
    if (typeof payloadBase64 !== 'string' || !BASE64.test(payloadBase64))
      return { problem: `${at}: "payloadBase64" must be base64` };
    if (qos !== 0 && qos !== 1 && qos !== 2) return { problem: `${at}: "qos" must be 0, 1 or 2` };
    const props = properties === undefined ? undefined : decodeProperties(properties);
    if (typeof props === 'string') return { problem: `${at}: ${props}` };
    out.push({
      topic,
      payload: new Uint8Array(Buffer.from(payloadBase64, 'base64')),
      qos,
      ...(props ? { properties: props } : {}),
    });
  }
  return { broker, filter, time: when, messages: out };
}

/** A file name for a backup: the broker and the time, safe on every file system. */
export function backupFileName(broker: string, time: number): string {
  return `${broker.replace(/[^\w.-]+/g, '-')}-retained-${new Date(time).toISOString().replace(/[:.]/g, '-')}.json`;
}

/** What the broker answered one publish. */
export type PublishOutcome =
  | { status: 'acknowledged' }
  | { status: 'denied'; reason: string }
  /** Sent, but no acknowledgement came (cancelled, or the connection was lost): only the broker can tell. */
  | { status: 'unconfirmed'; reason: string };

/** PUBACK reason codes of a refusal (MQTT 5), as the user should read them. */
const PUBACK_REFUSALS: Readonly<Record<number, string>> = {
  0x80: 'refused (unspecified error)',
  0x83: 'refused (implementation-specific error)',
  0x87: 'not authorised (the ACL denies this user writing it)',
  0x90: 'refused: topic name invalid',
  0x91: 'refused: packet identifier in use',
  0x97: "refused: the broker's quota is exceeded",
  0x99: 'refused: payload format invalid',
};

/** A PUBACK reason code above 0x7f as text. */
export function pubackRefusal(code: number): string {
  return `${PUBACK_REFUSALS[code] ?? 'refused'} (0x${code.toString(16)})`;
}

/** How each planned topic ended, once the broker was asked again. Every planned topic is in exactly one list. */
export interface Outcomes {
  /** Verified: the broker now holds what was wanted (nothing, for a clear; the backed-up bytes, for a restore). */
  done: string[];
  /** Refused by the broker (MQTT 5 reason codes). */
  denied: { topic: string; reason: string }[];
  /** Sent, yet the broker does not hold what was wanted (on MQTT 3.1.1 a refusal looks like this). */
  notDone: string[];
  /** Sent, but the check was cut short before it could tell. */
  unverified: string[];
  /** Never sent: cancelled first. */
  notAttempted: string[];
}

/**
 * Sorts planned topics by what was sent and what the broker holds now. `check(topic)` says whether the broker
 * holds what was wanted: true, false, or undefined when the check could not tell. Nothing counts as done
 * without a check that says so.
 */
export function sortOutcomes(
  planned: readonly string[],
  sent: ReadonlyMap<string, PublishOutcome>,
  check: (topic: string) => boolean | undefined,
): Outcomes {
  const out: Outcomes = { done: [], denied: [], notDone: [], unverified: [], notAttempted: [] };
  for (const topic of planned) {
    const outcome = sent.get(topic);
    if (!outcome) out.notAttempted.push(topic);
    else if (outcome.status === 'denied') out.denied.push({ topic, reason: outcome.reason });
    else {
      const ok = check(topic);
      (ok === true ? out.done : ok === false ? out.notDone : out.unverified).push(topic);
    }
  }
  return out;
}

/** A clear, as reported to the user and the API. */
export interface ClearReport {
  broker: string;
  filter: string;
  /** Topics planned for clearing (discovered, less those the user excluded). */
  planned: number;
  /** Verified no longer retained. */
  cleared: string[];
  denied: { topic: string; reason: string }[];
  /** Still retained after the empty message was sent. */
  remaining: string[];
  /** Sent, but the verification was cut short before it could tell. */
  unverified: string[];
  /** Not sent: cancelled first. */
  notAttempted: string[];
  cancelled: boolean;
  backupPath?: string;
  /** False on MQTT 3.1.1: the broker acknowledges a refused publish like any other, so denials show as remaining. */
  denialsReported: boolean;
}

/** More topics than this, or a production profile, and the user types the broker's name to confirm. */
export const TYPED_CONFIRMATION_ABOVE = 100;

export function needsTypedConfirmation(count: number, production: boolean): boolean {
  return production || count > TYPED_CONFIRMATION_ABOVE;
}

/** Up to `max` topics named, then how many more. */
export function nameSome(topics: readonly string[], max = 3): string {
  const shown = topics.slice(0, max).join(', ');
  return topics.length > max ? `${shown} and ${topics.length - max} more` : shown;
}

/** The report as one headline, and whether it is a full success. */
export function describeClear(r: ClearReport): { text: string; success: boolean } {
  const parts = [`${plural(r.cleared.length, 'retained message')} cleared on ${r.broker}`];
  if (r.denied.length) parts.push(`${r.denied.length} denied (${nameSome(r.denied.map((d) => d.topic))})`);
  if (r.remaining.length)
    parts.push(
      `${r.remaining.length} still retained (${nameSome(r.remaining)})${r.denialsReported ? '' : ': MQTT 3.1.1 does not say when the broker refuses, so these may be denied by its ACL'}`,
    );
  if (r.unverified.length) parts.push(`${r.unverified.length} not verified (the check was cut short)`);
  if (r.notAttempted.length) parts.push(`${r.notAttempted.length} not attempted`);
  const text = `${r.cancelled ? 'Cancelled: ' : ''}${parts.join('; ')}`;
  return { text, success: !r.cancelled && r.cleared.length === r.planned };
}

/** What a restore did, as far as its headline goes (the broker's RestoreReport has this shape). */
export interface RestoreSummary {
  restored: readonly string[];
  denied: readonly { topic: string }[];
  /** Sent, yet not retained afterwards with the backed-up bytes. */
  missing: readonly string[];
  unverified: readonly string[];
  notAttempted: readonly string[];
  cancelled: boolean;
  denialsReported: boolean;
}

/** A restore into `target` as one headline, and whether it is a full success. */
export function describeRestore(r: RestoreSummary, target: string): { text: string; success: boolean } {
  const problems: string[] = [];
  if (r.denied.length) problems.push(`${r.denied.length} denied (${nameSome(r.denied.map((d) => d.topic))})`);
  if (r.missing.length)
    problems.push(
      `${r.missing.length} not retained afterwards (${nameSome(r.missing)})${r.denialsReported ? '' : ': MQTT 3.1.1 does not say when the broker refuses'}`,
    );
  if (r.unverified.length) problems.push(`${r.unverified.length} not verified`);
  if (r.notAttempted.length) problems.push(`${r.notAttempted.length} not attempted`);
  const restored = `${plural(r.restored.length, 'retained message')} restored into ${target}`;
  const text = `${r.cancelled ? 'Cancelled: ' : ''}${restored}${problems.length ? `; ${problems.join('; ')}` : ''}`;
  return { text, success: !r.cancelled && problems.length === 0 };
}
