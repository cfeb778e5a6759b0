/**
 * The recording file format (NDJSON) and the replay timing. A recording is a header line
 * `{"mqttWorkbenchRecording": 1, "broker", "filter", "started"}`, then one JSON object a message:
 * `{"time", "topic", "qos", "retain", "payload" | "payloadBase64", "properties"?}`. The payload is text when
 * its bytes are valid UTF-8 with no control characters but tab and line breaks, base64 otherwise, so a
 * recording reads well and still gives back every byte. MQTT 5 properties are kept as received, their one
 * binary value (`correlationData`) as base64.
 *
 * Pure: no `vscode`, no mqtt.js, no files. The reader takes chunks as they come, so a file of any size is
 * read with bounded memory; a bad line is reported with its number and reading goes on.
 */
import type { IncomingMessage } from './topicTree';

export const RECORDING_VERSION = 1;

export interface RecordingHeader {
  mqttWorkbenchRecording: typeof RECORDING_VERSION;
  /** The broker profile it was recorded from. */
  broker: string;
  /** The topic filter it kept. */
  filter: string;
  /** ISO time the recording started. */
  started: string;
}

/** The header line, newline included. */
export function encodeHeader(broker: string, filter: string, started: number): string {
  const header: RecordingHeader = {
    mqttWorkbenchRecording: RECORDING_VERSION,
    broker,
    filter,
    started: new Date(started).toISOString(),
  };
  return `${JSON.stringify(header)}\n`;
}

// ignoreBOM: a payload that starts with a byte order mark must keep it (the default decoder drops it).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Control characters other than tab, line feed and carriage return: such a payload is stored as base64. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The payload as readable text, or undefined when it is not (invalid UTF-8, control characters). */
export function payloadText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  return CONTROL.test(text) ? undefined : text;
}

export const base64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** Properties as JSON can hold them: binary values as base64, the rest as received. */
export function encodeProperties(properties: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties))
    if (value !== undefined) out[key] = value instanceof Uint8Array ? base64(value) : value;
  return out;
}

/** One message line, newline included. */
export function encodeMessage(message: IncomingMessage): string {
  const text = payloadText(message.payload);
  const line = {
    time: new Date(message.time).toISOString(),
    topic: message.topic,
    qos: message.qos,
    retain: message.retain,
    ...(text !== undefined ? { payload: text } : { payloadBase64: base64(message.payload) }),
    ...(message.properties && Object.keys(message.properties).length > 0
      ? { properties: encodeProperties(message.properties) }
      : {}),
  };
  return `${JSON.stringify(line)}\n`;
}

/** What the reader found: the header, a message, a line it could not use, or a file that is no recording. */
export type RecordingEntry =
  | { kind: 'header'; header: RecordingHeader }
  | { kind: 'message'; line: number; message: IncomingMessage }
  | { kind: 'problem'; line: number; message: string }
  | { kind: 'notRecording'; message: string };

export const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The publish properties a replay may send, each with the type mqtt-packet accepts (it drops the connection otherwise). */
const PUBLISH_PROPERTIES: Readonly<Record<string, 'boolean' | 'number' | 'string' | 'bytes' | 'user'>> = {
  payloadFormatIndicator: 'boolean',
  messageExpiryInterval: 'number',
  topicAlias: 'number',
  contentType: 'string',
  responseTopic: 'string',
  correlationData: 'bytes',
  userProperties: 'user',
  subscriptionIdentifier: 'number',
};

/** JSON properties back as received (`correlationData` as bytes), or why they cannot be. */
export function decodeProperties(raw: unknown): Record<string, unknown> | string {
  if (!isRecord(raw)) return 'properties must be an object';
  for (const [name, value] of Object.entries(raw)) {
    const kind = Object.hasOwn(PUBLISH_PROPERTIES, name) ? PUBLISH_PROPERTIES[name] : undefined;
    if (!kind) return `unknown property "${name}"`;
    if (kind === 'number' && !(Number.isInteger(value) && (value as number) >= 0))
      return `${name} must be a whole number`;
    if ((kind === 'boolean' || kind === 'string') && typeof value !== kind) return `${name} must be a ${kind}`;
  }
  const out: Record<string, unknown> = { ...raw };
  const correlation = raw['correlationData'];
  if (correlation !== undefined) {
    if (typeof correlation !== 'string' || !BASE64.test(correlation)) return 'correlationData must be base64';
    out['correlationData'] = new Uint8Array(Buffer.from(correlation, 'base64'));
  }
  const user = raw['userProperties'];
  if (
    user !== undefined &&
    !(
      isRecord(user) &&
      Object.values(user).every(
        (v) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string')),
      )
    )
  )
    return 'userProperties must map names to strings or lists of strings';
  return out;
}

/** A message line as a message, or why not. */
export function decodeMessage(raw: unknown): IncomingMessage | string {
  if (!isRecord(raw)) return 'not a JSON object';
  const { time, topic, qos, retain, payload, payloadBase64, properties } = raw;
  const when = typeof time === 'string' ? Date.parse(time) : NaN;
  if (Number.isNaN(when)) return '"time" must be an ISO date';
  if (typeof topic !== 'string' || topic === '') return '"topic" must be a non-empty string';
  if (qos !== 0 && qos !== 1 && qos !== 2) return '"qos" must be 0, 1 or 2';
  if (typeof retain !== 'boolean') return '"retain" must be true or false';
  let bytes: Uint8Array;
  if (typeof payload === 'string' && payloadBase64 === undefined) bytes = new TextEncoder().encode(payload);
  else if (typeof payloadBase64 === 'string' && payload === undefined && BASE64.test(payloadBase64))
    bytes = new Uint8Array(Buffer.from(payloadBase64, 'base64'));
  else return 'needs "payload" (text) or "payloadBase64" (base64), not both';
  const props = properties === undefined ? undefined : decodeProperties(properties);
  if (typeof props === 'string') return props;
  return { topic, payload: bytes, qos, retain, time: when, ...(props ? { properties: props } : {}) };
}

/** A line longer than this (a 256 MB payload in base64 is about 358 MB) is reported, not held. */
const MAX_LINE = 400 * 1024 * 1024;

/**
 * Reads a recording from chunks of bytes, in any sizes: `push` each chunk, then `end`. The first non-empty
 * line must be a header; anything else is not a recording and the reader stops there.
 */
export class RecordingReader {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private line = 0;
  private sawHeader = false;
  private tooLong = false;
  /** True once the input turned out not to be a recording: later chunks are ignored. */
  rejected = false;

  constructor(private readonly maxLine = MAX_LINE) {}

  push(chunk: Uint8Array | string): RecordingEntry[] {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    const out: RecordingEntry[] = [];
    let from = 0;
    while (!this.rejected) {
      const newline = bytes.indexOf(10, from);
      if (newline < 0) {
        this.hold(bytes.subarray(from));
        break;
      }
      this.hold(bytes.subarray(from, newline));
      this.take(out);
      from = newline + 1;
    }
    return out;
  }

  /** The last line, when the input does not end with a newline; and a note if the file was empty. */
  end(): RecordingEntry[] {
    const out: RecordingEntry[] = [];
    if (this.rejected) return out;
    if (this.pendingBytes > 0 || this.tooLong) this.take(out);
    // `take` may have found the header, or rejected the line (then `out` says so).
    if (!this.sawHeader && out.length === 0) this.reject(out, 'Not an MQTT Workbench recording: the file is empty');
    return out;
  }

  private hold(part: Uint8Array): void {
    if (this.tooLong || part.length === 0) return;
    if (this.pendingBytes + part.length > this.maxLine) {
      this.tooLong = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(part.slice());
    this.pendingBytes += part.length;
  }

  private take(out: RecordingEntry[]): void {
    this.line++;
    const line = this.line;
    const parts = this.pending;
    const size = this.pendingBytes;
    const tooLong = this.tooLong;
    this.pending = [];
    this.pendingBytes = 0;
    this.tooLong = false;
    if (tooLong) return void out.push({ kind: 'problem', line, message: `longer than ${this.maxLine} bytes` });
    const joined = parts.length === 1 ? parts[0]! : new Uint8Array(size);
    if (parts.length > 1) {
      let at = 0;
      for (const p of parts) {
        joined.set(p, at);
        at += p.length;
      }
    }
    let text: string;
    try {
      text = strictUtf8.decode(joined).trim();
    } catch {
      return this.problem(out, line, 'not valid UTF-8');
    }
    if (text === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return this.problem(out, line, 'not JSON');
    }
    if (!this.sawHeader) return this.header(out, value);
    const message = decodeMessage(value);
    if (typeof message === 'string') out.push({ kind: 'problem', line, message });
    else out.push({ kind: 'message', line, message });
  }

  private problem(out: RecordingEntry[], line: number, message: string): void {
    if (!this.sawHeader) return this.reject(out, `Not an MQTT Workbench recording: line ${line} is ${message}`);
    out.push({ kind: 'problem', line, message });
  }

  private header(out: RecordingEntry[], value: unknown): void {
    const version = isRecord(value) ? value['mqttWorkbenchRecording'] : undefined;
    if (typeof version !== 'number' || !isRecord(value))
      return this.reject(out, 'Not an MQTT Workbench recording: the first line has no "mqttWorkbenchRecording"');
    if (version !== RECORDING_VERSION)
      return this.reject(out, `Recording format ${version} is not one this version reads (${RECORDING_VERSION})`);
    this.sawHeader = true;
    const text = (x: unknown) => (typeof x === 'string' ? x : '');
    out.push({
      kind: 'header',
      header: {
        mqttWorkbenchRecording: RECORDING_VERSION,
        broker: text(value['broker']),
        filter: text(value['filter']),
        started: text(value['started']),
      },
    });
  }

  private reject(out: RecordingEntry[], message: string): void {
    this.rejected = true;
    out.push({ kind: 'notRecording', message });
  }
}

/** Replay with the recorded gaps (divided by `speed`: 2 plays twice as fast), or every message at once. */
export type ReplayMode = { mode: 'timed'; speed?: number } | { mode: 'fast' };

/**
 * When each message is due, in ms after the replay started, given its recorded time: the gap from the first
 * message divided by the speed. Never earlier than the message before (a clock step back in the recording
 * keeps the order of the file).
 */
export function replayClock(mode: ReplayMode): (time: number) => number {
  if (mode.mode === 'fast') return () => 0;
  const speed = mode.speed !== undefined && mode.speed > 0 && Number.isFinite(mode.speed) ? mode.speed : 1;
  let first: number | undefined;
  let last = 0;
  return (time) => {
    first ??= time;
    last = Math.max(last, (time - first) / speed);
    return last;
  };
}

/** When to send what: each message with its due time (ms after the start), in the order given. */
export function replaySchedule<T extends { time: number }>(
  messages: Iterable<T>,
  mode: ReplayMode,
): { at: number; message: T }[] {
  const due = replayClock(mode);
  return [...messages].map((message) => ({ at: due(message.time), message }));
}

/** Properties that belong to one connection or one subscription, not to the message: not sent on replay. */
const CONNECTION_PROPERTIES = new Set(['topicAlias', 'subscriptionIdentifier']);

/** The recorded properties that a replay publishes again. */
export function replayProperties(
  properties: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> | undefined {
  if (!properties) return undefined;
  const kept = Object.entries(properties).filter(([key]) => !CONNECTION_PROPERTIES.has(key));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}
