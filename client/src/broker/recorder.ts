/**
 * Recording to a file: the messages of a connection that match a filter, appended as NDJSON lines while they
 * arrive (memory stays bounded: what the disk has not taken yet waits in a capped queue, and what exceeds it
 * is counted as dropped, never lost silently), up to a byte cap where the recording stops and says so.
 * No `vscode` import.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { topicMatches } from '../../../common/src/topics';
import { encodeHeader, encodeMessage } from '../core/recording';
import type { IncomingMessage } from '../core/topicTree';
import { BrokerConnection, type ConnectionOptions } from './connection';
import { randomClientId } from './profiles';

/** A recording stops before its file grows past this many bytes (unless told otherwise). */
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
/** Lines waiting for a slow disk, at most. */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

export interface RecordingCounts {
  messages: number;
  /** Bytes written (or queued to be written), header included. */
  bytes: number;
  /** Messages left out because the disk fell more than MAX_QUEUED_BYTES behind. */
  dropped: number;
  /**
   * Times the connection was lost while recording: what was published until it was back is not in the file
   * (and the filter's retained messages come again, flagged retained, after each reconnect).
   */
  interruptions: number;
}

export interface RecordingResult extends RecordingCounts {
  /** `stopped` by the user, at the byte `cap`, or a write `error`. */
  reason: 'stopped' | 'cap' | 'error';
  error?: string;
}

interface MessageSource {
  onMessages(listener: (batch: IncomingMessage[]) => void): { dispose(): void };
}

/** Appends the matching messages of a source to a stream until stopped, the cap or a write error. */
export class Recorder {
  readonly counts: RecordingCounts = { messages: 0, bytes: 0, dropped: 0, interruptions: 0 };
  private readonly queue: string[] = [];
  private queuedBytes = 0;
  private waiting = false;
  private closing = false;
  private result: RecordingResult | undefined;
  private readonly subscription: { dispose(): void };
  private readonly finished: Promise<void>;
  private readonly stopListeners = new Set<(result: RecordingResult) => void>();

  constructor(
    source: MessageSource,
    private readonly sink: Writable,
    private readonly o: { broker: string; filter: string; maxBytes?: number; started?: number },
  ) {
    this.finished = new Promise((resolve) => {
      sink.once('finish', resolve);
      sink.once('close', resolve);
    });
    sink.on('error', (error) => {
      // Also when stopping: the lines still queued did not reach the file, and the result must say so.
      if (this.result) this.result = { ...this.result, reason: 'error', error: error.message };
      else this.end({ reason: 'error', error: error.message });
    });
    this.enqueue(encodeHeader(o.broker, o.filter, o.started ?? Date.now()));
    this.subscription = source.onMessages((batch) => this.ingest(batch));
  }

  /** Called once, when the recording ends (by `stop`, the cap or an error). */
  onStop(listener: (result: RecordingResult) => void): { dispose(): void } {
    this.stopListeners.add(listener);
    return { dispose: () => this.stopListeners.delete(listener) };
  }

  get stopped(): boolean {
    return this.result !== undefined;
  }

  /** The source's connection was lost: the file has a gap, said in the result. */
  interrupted(): void {
    if (!this.result) this.counts.interruptions++;
  }

  /** Stop, write what is queued and close the file. */
  async stop(): Promise<RecordingResult> {
    this.end({ reason: 'stopped' });
    await this.finished;
    return this.result!;
  }

  private ingest(batch: IncomingMessage[]): void {
    for (const message of batch) {
      if (this.result) return;
      if (!topicMatches(this.o.filter, message.topic)) continue;
      const line = encodeMessage(message);
      const size = Buffer.byteLength(line);
      if (this.counts.bytes + size > (this.o.maxBytes ?? DEFAULT_MAX_BYTES)) return this.end({ reason: 'cap' });
      if (this.waiting && this.queuedBytes + size > MAX_QUEUED_BYTES) {
        this.counts.dropped++;
        continue;
      }
      this.counts.messages++;
      this.enqueue(line);
    }
  }

  private enqueue(line: string): void {
    this.counts.bytes += Buffer.byteLength(line);
    this.queue.push(line);
    this.queuedBytes += line.length;
    this.pump();
  }

  /** Write while the stream takes it; wait for `drain` when it says it is full. */
  private pump(): void {
    while (!this.waiting && this.queue.length > 0) {
      const line = this.queue.shift()!;
      this.queuedBytes -= line.length;
      if (!this.sink.write(line)) {
        this.waiting = true;
        this.sink.once('drain', () => {
          this.waiting = false;
          this.pump();
          this.closeWhenWritten();
        });
      }
    }
  }

  /** Once stopped and every queued line is handed to the stream, close it (once). */
  private closeWhenWritten(): void {
    if (!this.result || this.queue.length > 0 || this.closing) return;
    this.closing = true;
    this.sink.end();
  }

  private end(result: Omit<RecordingResult, keyof RecordingCounts>): void {
    if (this.result) return;
    this.result = { ...result, ...this.counts };
    this.subscription.dispose();
    if (result.reason === 'error') this.sink.destroy();
    else this.closeWhenWritten();
    for (const listener of this.stopListeners) listener(this.result);
  }
}

/** A recording of a broker into a file, on a connection of its own (see `recordToFile`). */
export interface FileRecording {
  readonly recorder: Recorder;
  readonly connection: BrokerConnection;
  /** Stop recording, close the file and the connection. */
  stop(): Promise<RecordingResult>;
}

/**
 * Record what a broker sends for `filter` into `file`. The connection is the recording's own (the profile's
 * options, a random client id, a clean session) subscribed to the filter at QoS 2 with retain-as-published,
 * so the file keeps each message's QoS and retain flag as published (MQTT 3.1.1 brokers clear the flag of
 * live messages). The broker's retained messages for the filter come first, flagged retained.
 */
export async function recordToFile(
  options: ConnectionOptions,
  o: { broker: string; filter: string; file: string; maxBytes?: number },
  makeConnection: (options: ConnectionOptions) => BrokerConnection = (c) => new BrokerConnection(c),
): Promise<FileRecording> {
  const sink = createWriteStream(o.file);
  await once(sink, 'open');
  let connection: BrokerConnection | undefined;
  let recorder: Recorder;
  try {
    connection = makeConnection({
      ...options,
      clientId: randomClientId(),
      clean: true,
      // Nothing of this session may outlive the recording (a profile that is not clean has an expiry).
      sessionExpiry: 0,
      subscriptions: [{ topic: o.filter, qos: 2, rap: true }],
    });
    recorder = new Recorder(connection, sink, o);
    // The cap or a write error ends the recording: the connection goes with it.
    const c = connection;
    const r = recorder;
    let wasConnected = false;
    const lost = connection.onState((change) => {
      // Lost (reconnecting, or failed for good); `disconnected` is the recording's own stop.
      if (wasConnected && (change.state === 'reconnecting' || change.state === 'failed')) r.interrupted();
      wasConnected = change.state === 'connected';
    });
    recorder.onStop(() => {
      lost.dispose();
      void c.disconnect();
    });
    await connection.connect();
  } catch (error) {
    await connection?.disconnect();
    sink.destroy();
    throw error;
  }
  return {
    recorder,
    connection,
    stop: async () => {
      await connection.disconnect(); // delivers what is still batched before the recorder stops
      return recorder.stop();
    },
  };
}

/** Write messages as a recording file (the retained export): resolves with the bytes written. */
export async function writeRecording(
  file: string,
  header: { broker: string; filter: string; started: number },
  messages: Iterable<IncomingMessage>,
): Promise<number> {
  const sink = createWriteStream(file);
  let bytes = 0;
  const write = async (line: string) => {
    bytes += Buffer.byteLength(line);
    if (!sink.write(line)) await once(sink, 'drain');
  };
  try {
    await write(encodeHeader(header.broker, header.filter, header.started));
    for (const message of messages) await write(encodeMessage(message));
    sink.end();
    await once(sink, 'finish');
  } finally {
    sink.destroy();
  }
  return bytes;
}
