/**
 * Replaying a recording into a connected broker: read as a stream (a file of any size), each message
 * published with its QoS, retain flag and MQTT 5 properties, with the recorded gaps or as fast as the broker
 * takes them, a bounded number unacknowledged at a time. Cancelled through an AbortSignal, it stops within
 * a second and its counts still add up. No `vscode` import.
 */
import type { IClientPublishOptions } from 'mqtt';
import { topicRefusal } from '../../../common/src/topics';
import {
  type RecordingHeader,
  RecordingReader,
  type ReplayMode,
  replayClock,
  replayProperties,
} from '../core/recording';
import type { IncomingMessage } from '../core/topicTree';
import type { BrokerConnection } from './connection';
import { InFlightWindow } from './inFlight';

export interface ReplayCounts {
  /** Published (for QoS 1 and 2: acknowledged by the broker). */
  sent: number;
  /** Refused by the broker, or not acknowledged when the replay was cancelled or the connection lost. */
  failed: number;
  /** Lines that were not messages, and messages no broker would take (a wildcard in the topic, say). */
  skipped: number;
}

export interface ReplayResult extends ReplayCounts {
  cancelled: boolean;
  /** Set when the connection was lost and did not come back in time: the rest of the file was not sent. */
  connectionLost?: string;
  /** Set when the file is not a recording: nothing was sent. */
  notRecording?: string;
  header?: RecordingHeader;
  /** The first problems, `line N: why`, for the log. */
  problems: string[];
}

export interface ReplayOptions {
  mode: ReplayMode;
  /** How long to wait for a lost connection (RECONNECT_WAIT_MS). */
  reconnectWaitMs?: number;
  /** Publishes awaiting their acknowledgement, at most. */
  maxInFlight?: number;
  signal?: AbortSignal;
  onProgress?: (counts: ReplayCounts) => void;
}

/** What `replay` needs of a connection: publish, and its state to wait while it reconnects. */
export type Publisher = Pick<BrokerConnection, 'publish' | 'state' | 'whenConnected'>;

/** How long a replay waits for a lost connection to come back before it stops. */
export const RECONNECT_WAIT_MS = 30_000;

type Source = AsyncIterable<Uint8Array | string>;

const MAX_PROBLEMS = 50;

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** The messages of a recording, the bad lines as problems; stops at a file that is no recording. */
async function* entries(source: Source, result: ReplayResult, signal?: AbortSignal): AsyncGenerator<IncomingMessage> {
  const reader = new RecordingReader();
  const problem = (text: string) => {
    result.skipped++;
    if (result.problems.length < MAX_PROBLEMS) result.problems.push(text);
  };
  const drain = function* (found: ReturnType<RecordingReader['push']>) {
    for (const entry of found) {
      if (entry.kind === 'header') result.header = entry.header;
      else if (entry.kind === 'notRecording') result.notRecording = entry.message;
      else if (entry.kind === 'problem') problem(`line ${entry.line}: ${entry.message}`);
      else {
        const invalid = topicRefusal(entry.message.topic, 'name');
        if (invalid) problem(`line ${entry.line}: ${invalid}`);
        else yield entry.message;
      }
    }
  };
  for await (const chunk of source) {
    yield* drain(reader.push(chunk));
    if (reader.rejected || signal?.aborted) return;
  }
  yield* drain(reader.end());
}

/** Recorded MQTT 5 properties as mqtt.js publishes them again (binary values as Buffers); undefined: none. */
export function outgoingProperties(
  recorded: Readonly<Record<string, unknown>> | undefined,
): IClientPublishOptions['properties'] {
  const properties = replayProperties(recorded);
  const correlation = properties?.['correlationData'];
  if (!properties) return undefined;
  return {
    ...properties,
    ...(correlation instanceof Uint8Array ? { correlationData: Buffer.from(correlation) } : {}),
  };
}

/** Publish a recording's messages; resolves with what happened (it does not reject on bad input). */
export async function replay(target: Publisher, source: Source, options: ReplayOptions): Promise<ReplayResult> {
  const { signal, onProgress } = options;
  const result: ReplayResult = { sent: 0, failed: 0, skipped: 0, cancelled: false, problems: [] };
  const due = replayClock(options.mode);
  const inFlight = new InFlightWindow(options.maxInFlight ?? 100, signal);
  let settled = false;
  const report = () => onProgress?.({ sent: result.sent, failed: result.failed, skipped: result.skipped });
  const start = Date.now();
  // Time spent waiting for a lost connection: the recorded gaps resume after it.
  let paused = 0;
  for await (const message of entries(source, result, signal)) {
    await sleep(start + paused + due(message.time) - Date.now(), signal);
    if (!(await inFlight.room())) break;
    // Lost meanwhile: pause until it is back (publishing now would only fail), or stop and say so.
    if (target.state.state !== 'connected') {
      const since = Date.now();
      const wait = options.reconnectWaitMs ?? RECONNECT_WAIT_MS;
      if (!(await target.whenConnected(wait, signal))) {
        if (!signal?.aborted)
          result.connectionLost = `the connection was lost and did not come back within ${Math.round(wait / 1000)} s (${target.state.state}): the rest of the file was not sent`;
        break;
      }
      paused += Date.now() - since;
    }
    const properties = outgoingProperties(message.properties);
    const sending = target
      .publish(message.topic, message.payload, {
        qos: message.qos,
        retain: message.retain,
        ...(properties ? { properties } : {}),
      })
      .then(
        () => {
          if (!settled) result.sent++;
        },
        (error: unknown) => {
          if (settled) return;
          result.failed++;
          if (result.problems.length < MAX_PROBLEMS)
            result.problems.push(`${message.topic}: ${error instanceof Error ? error.message : String(error)}`);
        },
      )
      .finally(report);
    inFlight.add(sending);
  }
  // Acknowledgements on their way are waited for (briefly after a cancel, also one that comes during this
  // wait); what never came counts as failed.
  result.failed += await inFlight.drain();
  result.cancelled = signal?.aborted ?? false;
  settled = true;
  report();
  return result;
}

/** What a recording holds, read once before a replay: for the confirmation and the progress bar. */
export async function summarize(
  source: Source,
): Promise<{ messages: number; skipped: number; durationMs: number; header?: RecordingHeader; notRecording?: string }> {
  const result: ReplayResult = { sent: 0, failed: 0, skipped: 0, cancelled: false, problems: [] };
  let messages = 0;
  let first: number | undefined;
  let last = 0;
  for await (const message of entries(source, result)) {
    messages++;
    first ??= message.time;
    last = message.time;
  }
  return {
    messages,
    skipped: result.skipped,
    durationMs: first === undefined ? 0 : Math.max(0, last - first),
    ...(result.header ? { header: result.header } : {}),
    ...(result.notRecording ? { notRecording: result.notRecording } : {}),
  };
}
