/** The recording format and the replay timing: pure, no broker. */
import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Recorder, type RecordingResult } from '../../../client/src/broker/recorder';
import {
  decodeMessage,
  encodeHeader,
  encodeMessage,
  payloadText,
  type RecordingEntry,
  RecordingReader,
  replayProperties,
  replaySchedule,
} from '../../../client/src/core/recording';
import type { IncomingMessage } from '../../../client/src/core/topicTree';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);
const message = (topic: string, payload: Uint8Array, more: Partial<IncomingMessage> = {}): IncomingMessage => ({
  topic,
  payload,
  qos: 0,
  retain: false,
  time: Date.UTC(2026, 0, 1, 12, 0, 0),
  ...more,
});

/** Everything a reader makes of some input, pushed in chunks of `size` bytes. */
function readAll(input: string | Uint8Array, size = 1 << 20): RecordingEntry[] {
  const all = typeof input === 'string' ? text(input) : input;
  const reader = new RecordingReader();
  const out: RecordingEntry[] = [];
  for (let i = 0; i < all.length; i += size) out.push(...reader.push(all.subarray(i, i + size)));
  out.push(...reader.end());
  return out;
}
const messagesOf = (entries: RecordingEntry[]) => entries.flatMap((e) => (e.kind === 'message' ? [e.message] : []));

describe('recording format', () => {
  it('keeps readable text as text and everything else as base64', () => {
    assert.equal(payloadText(text('21.5 °C\ttab\r\n')), '21.5 °C\ttab\r\n');
    assert.equal(payloadText(bytes(0xff, 0xfe)), undefined, 'invalid UTF-8');
    assert.equal(payloadText(bytes(0x61, 0x00)), undefined, 'NUL');
    assert.equal(payloadText(bytes(0x1b, 0x5b)), undefined, 'escape');
    assert.equal(payloadText(bytes(0xed, 0xa0, 0x80)), undefined, 'an encoded surrogate');
    const line = JSON.parse(encodeMessage(message('a/b', bytes(0, 1, 2, 255)))) as Record<string, unknown>;
    assert.equal(line['payloadBase64'], 'AAEC/w==');
    assert.equal('payload' in line, false);
    const textLine = JSON.parse(encodeMessage(message('a/b', text('{"t":1}')))) as Record<string, unknown>;
    assert.deepEqual(textLine, {
      time: '2026-01-01T12:00:00.000Z',
      topic: 'a/b',
      qos: 0,
      retain: false,
      payload: '{"t":1}',
    });
  });

  it('gives back every byte, flag and property it wrote, whatever the chunk boundaries', () => {
    const originals: IncomingMessage[] = [
      message('t/text', text('héllo\nwörld')),
      message('t/bom', bytes(0xef, 0xbb, 0xbf, 0x61)),
      message('t/binary', bytes(0, 1, 2, 3, 0xff)),
      message('t/invalid', bytes(0xc3, 0x28)),
      message('t/empty', bytes()),
      message('t/ret', text('on'), { qos: 1, retain: true, time: Date.UTC(2026, 0, 1, 12, 0, 1, 250) }),
      message('t/props', text('x'), {
        qos: 2,
        properties: {
          userProperties: { a: '1', b: ['2', '3'] },
          correlationData: Buffer.from([9, 8, 7]),
          contentType: 'text/plain',
          payloadFormatIndicator: true,
        },
      }),
    ];
    const file = encodeHeader('local', 't/#', 0) + originals.map(encodeMessage).join('');
    for (const size of [1, 3, 7, 1 << 20]) {
      const entries = readAll(file, size);
      assert.deepEqual(entries[0], {
        kind: 'header',
        header: { mqttWorkbenchRecording: 1, broker: 'local', filter: 't/#', started: '1970-01-01T00:00:00.000Z' },
      });
      const back = messagesOf(entries);
      assert.equal(back.length, originals.length, `chunks of ${size}`);
      back.forEach((m, i) => {
        const o = originals[i]!;
        assert.deepEqual([m.topic, m.qos, m.retain, m.time], [o.topic, o.qos, o.retain, o.time]);
        assert.deepEqual([...m.payload], [...o.payload], `${o.topic} byte for byte`);
      });
      const props = back[6]!.properties!;
      assert.deepEqual(props['userProperties'], { a: '1', b: ['2', '3'] });
      assert.deepEqual([...(props['correlationData'] as Uint8Array)], [9, 8, 7]);
      assert.equal(props['contentType'], 'text/plain');
    }
  });

  it('reports a bad line with its number and keeps reading', () => {
    const file = [
      encodeHeader('b', '#', 0).trim(),
      encodeMessage(message('a', text('1'))).trim(),
      '{"time": "2026-01-01T00:00:00Z", "topic": "a"',
      '',
      '{"time": "yesterday", "topic": "a", "qos": 0, "retain": false, "payload": ""}',
      '{"time": "2026-01-01T00:00:00Z", "topic": "a", "qos": 3, "retain": false, "payload": ""}',
      '{"time": "2026-01-01T00:00:00Z", "topic": "a", "qos": 0, "retain": false, "payloadBase64": "!!"}',
      '{"time": "2026-01-01T00:00:00Z", "topic": "a", "qos": 0, "retain": false, "payload": "x", "payloadBase64": "eA=="}',
      '{"time": "2026-01-01T00:00:00Z", "topic": "a", "qos": 0, "retain": false, "payload": "", "properties": {"userProperties": {"k": 1}}}',
      encodeMessage(message('b', text('2'))).trim(),
    ].join('\r\n');
    const entries = readAll(file, 5);
    assert.deepEqual(
      entries.flatMap((e) => (e.kind === 'problem' ? [e.line] : [])),
      [3, 5, 6, 7, 8, 9],
    );
    assert.deepEqual(
      messagesOf(entries).map((m) => m.topic),
      ['a', 'b'],
      'the good lines on both sides of the bad ones',
    );
    const invalidUtf8 = new Uint8Array([...text(`${encodeHeader('b', '#', 0)}{"x":"`), 0xff, ...text('"}\n')]);
    assert.deepEqual(
      readAll(invalidUtf8).filter((e) => e.kind === 'problem'),
      [{ kind: 'problem', line: 2, message: 'not valid UTF-8' }],
    );
  });

  it('rejects what is not a recording, saying so, and reads no further', () => {
    for (const input of ['', '\n\n', 'hello\n{"a":1}\n', '{"topic":"a"}\n', '[1,2]\n']) {
      const entries = readAll(input);
      assert.equal(entries.length, 1, JSON.stringify(input));
      assert.equal(entries[0]!.kind, 'notRecording');
      assert.match((entries[0] as { message: string }).message, /^Not an MQTT Workbench recording/);
    }
    const newer = readAll('{"mqttWorkbenchRecording": 2}\n' + encodeMessage(message('a', text('1'))));
    assert.deepEqual(
      newer.map((e) => e.kind),
      ['notRecording'],
    );
    assert.match((newer[0] as { message: string }).message, /format 2/);
  });

  it('reports an overlong line without holding it', () => {
    const reader = new RecordingReader(100);
    const out = [
      ...reader.push(encodeHeader('b', '#', 0)),
      ...reader.push(`{"pad":"${'x'.repeat(300)}`),
      ...reader.push('"}\n'),
      ...reader.push(encodeMessage(message('after', text('ok')))),
      ...reader.end(),
    ];
    assert.deepEqual(
      out.map((e) => e.kind),
      ['header', 'problem', 'message'],
    );
    assert.equal((out[1] as { line: number }).line, 2);
  });

  it('decodes a message line on its own', () => {
    assert.equal(decodeMessage('x'), 'not a JSON object');
    const m = decodeMessage({ time: '2026-01-01T00:00:00Z', topic: 'a', qos: 1, retain: true, payloadBase64: '' });
    assert.ok(typeof m !== 'string');
    assert.equal(m.payload.length, 0);
  });
});

describe('replay schedule', () => {
  const at = (...times: number[]) => times.map((time) => ({ time }));

  it('keeps the recorded gaps from the first message, divided by the speed', () => {
    assert.deepEqual(
      replaySchedule(at(1000, 1000, 1500, 4000), { mode: 'timed' }).map((s) => s.at),
      [0, 0, 500, 3000],
    );
    assert.deepEqual(
      replaySchedule(at(1000, 1500, 4000), { mode: 'timed', speed: 2 }).map((s) => s.at),
      [0, 250, 1500],
    );
    assert.deepEqual(
      replaySchedule(at(1000, 1500), { mode: 'timed', speed: 0 }).map((s) => s.at),
      [0, 500],
      'a speed that is no speed plays at 1',
    );
  });

  it('sends everything at once when fast, in file order even when the clock stepped back', () => {
    assert.deepEqual(
      replaySchedule(at(5, 1, 9), { mode: 'fast' }).map((s) => s.at),
      [0, 0, 0],
    );
    const stepped = replaySchedule(at(1000, 3000, 2000, 4000), { mode: 'timed' });
    assert.deepEqual(
      stepped.map((s) => [s.message.time, s.at]),
      [
        [1000, 0],
        [3000, 2000],
        [2000, 2000],
        [4000, 3000],
      ],
    );
  });

  it('drops the properties that belong to a connection, not to the message', () => {
    assert.deepEqual(replayProperties({ topicAlias: 3, subscriptionIdentifier: 1, contentType: 'a' }), {
      contentType: 'a',
    });
    assert.equal(replayProperties({ topicAlias: 3 }), undefined);
    assert.equal(replayProperties(undefined), undefined);
  });
});

describe('recorder (a fake source, a slow disk)', () => {
  /** A source whose batches the test hands over, and a sink that takes 2 ms a write and says it is full often. */
  function setup(maxBytes?: number) {
    const listeners = new Set<(batch: IncomingMessage[]) => void>();
    const source = {
      onMessages(l: (batch: IncomingMessage[]) => void) {
        listeners.add(l);
        return { dispose: () => listeners.delete(l) };
      },
    };
    const written: string[] = [];
    const sink = new Writable({
      highWaterMark: 256,
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString());
        setTimeout(done, 2);
      },
    });
    const recorder = new Recorder(source, sink, { broker: 'b', filter: 'a/#', ...(maxBytes ? { maxBytes } : {}) });
    const send = (batch: IncomingMessage[]) => listeners.forEach((l) => l(batch));
    return { recorder, written, send, listeners };
  }

  it('writes every matching message in order through backpressure, and counts bytes as written', async () => {
    const { recorder, written, send } = setup();
    for (let i = 0; i < 10; i++)
      send(Array.from({ length: 50 }, (_, j) => message(j % 5 === 0 ? 'other/x' : `a/${i * 50 + j}`, text('v'))));
    const result = await recorder.stop();
    const lines = written.join('').trimEnd().split('\n');
    assert.equal(result.reason, 'stopped');
    assert.equal(result.messages, 400, 'the ones outside the filter are not kept');
    assert.equal(lines.length, 401);
    assert.equal(result.bytes, Buffer.byteLength(written.join('')));
    assert.equal(result.dropped, 0);
    const topics = lines.slice(1).map((l) => (JSON.parse(l) as { topic: string }).topic);
    assert.deepEqual(
      topics,
      [...topics].sort((x, y) => Number(x.slice(2)) - Number(y.slice(2))),
    );
  });

  it('stops on a write error and says which', async () => {
    const listeners = new Set<(batch: IncomingMessage[]) => void>();
    const source = {
      onMessages(l: (batch: IncomingMessage[]) => void) {
        listeners.add(l);
        return { dispose: () => listeners.delete(l) };
      },
    };
    const sink = new Writable({ write: (_chunk, _encoding, done) => done(new Error('disk full')) });
    const recorder = new Recorder(source, sink, { broker: 'b', filter: '#' });
    listeners.forEach((l) => l([message('a', text('x'))]));
    const result = await recorder.stop();
    assert.deepEqual([result.reason, result.error], ['error', 'disk full']);
    assert.equal(listeners.size, 0);
  });

  it('stops at the byte cap, says so once, and takes nothing after', async () => {
    const { recorder, written, send, listeners } = setup(600);
    const stops: RecordingResult[] = [];
    recorder.onStop((r) => stops.push(r));
    send(Array.from({ length: 20 }, (_, i) => message(`a/${i}`, text('0123456789'))));
    assert.equal(stops.length, 1);
    assert.equal(stops[0]!.reason, 'cap');
    assert.ok(stops[0]!.bytes <= 600 && stops[0]!.messages > 0 && stops[0]!.messages < 20);
    assert.equal(listeners.size, 0, 'unsubscribed from the source');
    const result = await recorder.stop();
    assert.equal(result.reason, 'cap');
    assert.equal(Buffer.byteLength(written.join('')), result.bytes);
  });
});
