/** Record, export and replay against real mosquittos: what goes in a file comes out the same, byte for byte. */
import * as assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerConnection, type Subscription } from '../../client/src/broker/connection';
import { recordToFile, writeRecording } from '../../client/src/broker/recorder';
import { replay, summarize } from '../../client/src/broker/replayer';
import { discoverRetained } from '../../client/src/broker/retained';
import { encodeHeader, encodeMessage } from '../../client/src/core/recording';
import type { IncomingMessage } from '../../client/src/core/topicTree';
import { Mosquitto, testOptions } from '../helpers/broker';

const options = (url: string, subscriptions: Subscription[] = []) => testOptions(url, { subscriptions });

async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);

describe('record, export and replay (real mosquitto)', () => {
  const brokers: Mosquitto[] = [];
  const open: BrokerConnection[] = [];
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-recording-'));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.disconnect()));
    await Promise.all(brokers.splice(0).map((b) => b.stop()));
    rmSync(dir, { recursive: true, force: true });
  });
  const broker = async () => {
    const b = await Mosquitto.start();
    brokers.push(b);
    return b;
  };
  /** A connected client, its subscriptions granted, with what it receives. */
  const client = async (url: string, subscriptions: Subscription[] = []) => {
    const c = new BrokerConnection(options(url, subscriptions));
    open.push(c);
    const got: IncomingMessage[] = [];
    c.onMessages((batch) => got.push(...batch));
    await c.connect();
    await waitFor(
      () => c.state.state === 'connected' && c.stats.subscribes === (subscriptions.length ? 1 : 0),
      'connected',
    );
    return { c, got };
  };

  it('says how often a recording lost its connection: the file has a gap there', async () => {
    const a = await broker();
    const file = join(dir, 'gap.ndjson');
    const recording = await recordToFile(options(a.url), { broker: 'a', filter: 'gap/#', file });
    const { connection, recorder } = recording;
    await waitFor(() => connection.state.state === 'connected' && connection.stats.subscribes === 1, 'recording');
    const { c: publisher } = await client(a.url);
    await publisher.publish('gap/1', 'before', { qos: 1, retain: false });
    await waitFor(() => recorder.counts.messages === 1, 'the message before the gap');
    await a.kill();
    await a.run();
    // A new session on the restarted broker: the recording subscribes again by itself.
    await waitFor(() => connection.state.state === 'connected' && connection.stats.subscribes === 2, 'back');
    await waitFor(() => publisher.state.state === 'connected', 'the publisher back');
    await publisher.publish('gap/2', 'after', { qos: 1, retain: false });
    await waitFor(() => recorder.counts.messages === 2, 'the message after the gap');
    const result = await recording.stop();
    assert.equal(result.interruptions, 1);
    assert.deepEqual(
      readFileSync(file, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => (JSON.parse(l) as { topic: string }).topic),
      ['gap/1', 'gap/2'],
    );
  });

  it('records a stream to NDJSON and replays it into a fresh broker: same topics, bytes, QoS, retain, properties', async () => {
    const a = await broker();
    const { c: publisher } = await client(a.url);
    // Retained before the recording starts: it comes first, flagged retained.
    await publisher.publish('rec/state/before', 'kept', { qos: 1, retain: true });
    const file = join(dir, 'stream.ndjson');
    const recording = await recordToFile(options(a.url), { broker: 'a', filter: 'rec/#', file });
    await waitFor(() => recording.recorder.counts.messages === 1, 'the retained message');
    const sent: {
      topic: string;
      payload: Uint8Array;
      qos: 0 | 1 | 2;
      retain: boolean;
      user?: Record<string, string>;
    }[] = [
      { topic: 'rec/text', payload: text('21.5 °C'), qos: 0, retain: false },
      { topic: 'rec/binary', payload: bytes(0, 1, 2, 0x7f, 0x80, 0xff), qos: 1, retain: false },
      { topic: 'rec/invalid-utf8', payload: bytes(0x61, 0xc3, 0x28, 0x62), qos: 0, retain: false },
      { topic: 'rec/bom', payload: bytes(0xef, 0xbb, 0xbf, 0x7b, 0x7d), qos: 1, retain: false },
      { topic: 'rec/state/live', payload: text('on'), qos: 1, retain: true },
      { topic: 'rec/qos2', payload: text('exactly once'), qos: 2, retain: false },
      { topic: 'rec/props', payload: text('{"v":1}'), qos: 1, retain: false, user: { trace: 'abc', ü: 'ß' } },
      { topic: 'rec/empty', payload: bytes(), qos: 0, retain: false },
    ];
    for (const m of sent)
      await publisher.publish(m.topic, m.payload, {
        qos: m.qos,
        retain: m.retain,
        ...(m.user ? { properties: { userProperties: m.user, contentType: 'application/json' } } : {}),
      });
    await publisher.publish('elsewhere/x', 'not in the filter', { qos: 1, retain: false });
    await waitFor(() => recording.recorder.counts.messages === sent.length + 1, 'every message recorded');
    const result = await recording.stop();
    assert.equal(result.reason, 'stopped');
    assert.equal(result.messages, sent.length + 1);

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(result.bytes, readFileSync(file).length, 'the byte count is the file size');
    assert.equal(lines.length, sent.length + 2, 'a header and one line a message');
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(parsed[0]!['mqttWorkbenchRecording'], 1);
    assert.equal(parsed[0]!['filter'], 'rec/#');
    const byTopic = new Map(parsed.slice(1).map((p) => [p['topic'], p]));
    assert.equal(byTopic.get('rec/text')!['payload'], '21.5 °C');
    assert.equal(
      byTopic.get('rec/binary')!['payloadBase64'],
      Buffer.from([0, 1, 2, 0x7f, 0x80, 0xff]).toString('base64'),
    );
    assert.ok('payloadBase64' in byTopic.get('rec/invalid-utf8')!);
    assert.equal(byTopic.get('rec/state/live')!['retain'], true, 'retain as published');
    assert.equal(byTopic.get('rec/state/before')!['retain'], true);
    assert.deepEqual((byTopic.get('rec/props')!['properties'] as Record<string, unknown>)['userProperties'], {
      trace: 'abc',
      ü: 'ß',
    });
    assert.equal(byTopic.has('elsewhere/x'), false);

    const b = await broker();
    const { got } = await client(b.url, [{ topic: 'rec/#', qos: 2, rap: true }]);
    const { c: target } = await client(b.url);
    const replayed = await replay(target, createReadStream(file), { mode: { mode: 'fast' } });
    assert.deepEqual(
      [replayed.sent, replayed.failed, replayed.skipped, replayed.cancelled],
      [sent.length + 1, 0, 0, false],
    );
    await waitFor(() => got.length === sent.length + 1, 'every replayed message');
    const received = new Map(got.map((m) => [m.topic, m]));
    for (const m of [{ topic: 'rec/state/before', payload: text('kept'), qos: 1 as const, retain: true }, ...sent]) {
      const r = received.get(m.topic);
      assert.ok(r, `${m.topic} arrived`);
      assert.deepEqual([...r.payload], [...m.payload], `${m.topic}: byte for byte`);
      assert.deepEqual([r.qos, r.retain], [m.qos, m.retain], `${m.topic}: QoS and retain`);
    }
    const props = received.get('rec/props')!.properties!;
    assert.deepEqual({ ...(props['userProperties'] as object) }, { trace: 'abc', ü: 'ß' });
    assert.equal(props['contentType'], 'application/json');
    // The retained state moved too: a new subscriber on the second broker gets both retained topics.
    const { got: late } = await client(b.url, [{ topic: 'rec/state/#', qos: 1 }]);
    await waitFor(() => late.length === 2, 'the retained state on the second broker');
    assert.deepEqual(late.map((m) => m.topic).sort(), ['rec/state/before', 'rec/state/live']);
  });

  /** A recording file of messages on `topic` at the given offsets (ms) from a start time. */
  const recordingAt = (name: string, topic: string, offsets: number[], qos: 0 | 1 = 0) => {
    const file = join(dir, name);
    const t0 = Date.UTC(2026, 0, 1);
    writeFileSync(
      file,
      encodeHeader('test', `${topic}/#`, t0) +
        offsets
          .map((ms, i) =>
            encodeMessage({ topic: `${topic}/${i}`, payload: text(String(i)), qos, retain: false, time: t0 + ms }),
          )
          .join(''),
    );
    return file;
  };

  it('pauses a replay while the connection is lost and resumes when it is back, or stops and says why', async () => {
    const b = await broker();
    const { c: target } = await client(b.url);
    const { got } = await client(b.url, [{ topic: 'gap/#', qos: 1 }]);
    const offsets = Array.from({ length: 30 }, (_, i) => i * 100);
    const running = replay(target, createReadStream(recordingAt('gap.ndjson', 'gap', offsets, 1)), {
      mode: { mode: 'timed' },
    });
    await new Promise((r) => setTimeout(r, 800));
    await b.kill();
    await new Promise((r) => setTimeout(r, 700));
    await b.run();
    const result = await running;
    // Only what was in flight when the broker died can have failed; nothing was sent into the gap.
    assert.equal(result.sent + result.failed, 30, JSON.stringify(result));
    assert.ok(result.failed <= 2, JSON.stringify(result));
    assert.equal(result.connectionLost, undefined);
    await waitFor(() => got.some((m) => m.topic === 'gap/29'), 'the last message, after the restart');

    // A broker that does not come back: the replay stops after the wait and says so.
    const { c: again } = await client(b.url);
    const stopped = replay(again, createReadStream(recordingAt('gone.ndjson', 'gone', [0, 300, 600], 1)), {
      mode: { mode: 'timed' },
      reconnectWaitMs: 1000,
    });
    await new Promise((r) => setTimeout(r, 150));
    await b.kill();
    const gone = await stopped;
    assert.equal(gone.sent, 1, JSON.stringify(gone));
    assert.match(gone.connectionLost ?? '', /did not come back within 1 s/);
  });

  it('replays with the recorded timing: gaps kept in order, approximately', async () => {
    const b = await broker();
    const { got } = await client(b.url, [{ topic: 'timed/#', qos: 1 }]);
    const { c: target } = await client(b.url);
    const file = recordingAt('timed.ndjson', 'timed', [0, 400, 1200]);
    const start = Date.now();
    const result = await replay(target, createReadStream(file), { mode: { mode: 'timed' } });
    const took = Date.now() - start;
    assert.equal(result.sent, 3);
    await waitFor(() => got.length === 3, 'three messages');
    assert.deepEqual(
      got.map((m) => m.topic),
      ['timed/0', 'timed/1', 'timed/2'],
    );
    const gaps = [got[1]!.time - got[0]!.time, got[2]!.time - got[0]!.time];
    // Arrival times on a loaded machine wander: generous bounds, the order and the rough shape only.
    assert.ok(gaps[0]! >= 250 && gaps[0]! <= 1000, `first gap ${gaps[0]} ms`);
    assert.ok(gaps[1]! >= 1000 && gaps[1]! <= 2500, `second gap ${gaps[1]} ms`);
    assert.ok(took >= 1100, `the replay took ${took} ms`);

    // Twice as fast: the last message after about 600 ms, well before 1200.
    got.length = 0;
    const fast = Date.now();
    await replay(target, createReadStream(file), { mode: { mode: 'timed', speed: 2 } });
    assert.ok(Date.now() - fast < 1100 && Date.now() - fast >= 500, `speed 2 took ${Date.now() - fast} ms`);
  });

  it('stops within a second when cancelled, with counts that match what the broker delivered', async () => {
    const b = await broker();
    const { got } = await client(b.url, [{ topic: 'cancel/#', qos: 1 }]);
    const { c: target } = await client(b.url);
    const file = recordingAt(
      'long.ndjson',
      'cancel',
      Array.from({ length: 60 }, (_, i) => i * 100),
      1,
    );
    const summary = await summarize(createReadStream(file));
    assert.deepEqual([summary.messages, summary.durationMs], [60, 5900]);
    const abort = new AbortController();
    const progress: number[] = [];
    const running = replay(target, createReadStream(file), {
      mode: { mode: 'timed' },
      signal: abort.signal,
      onProgress: (c) => progress.push(c.sent),
    });
    await new Promise((r) => setTimeout(r, 1000));
    const cancelledAt = Date.now();
    abort.abort();
    const result = await running;
    assert.ok(Date.now() - cancelledAt < 1000, `stopped ${Date.now() - cancelledAt} ms after the cancel`);
    assert.equal(result.cancelled, true);
    assert.ok(result.sent >= 3 && result.sent < 60, `sent ${result.sent}`);
    assert.equal(result.failed + result.skipped, 0);
    assert.ok(progress.length > 0 && progress.every((n, i) => i === 0 || n >= progress[i - 1]!), 'progress only grows');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(got.length, result.sent, 'the broker delivered exactly what the replay counted as sent');
  });

  it('skips bad lines and refuses a file that is not a recording, sending nothing', async () => {
    const b = await broker();
    const { got } = await client(b.url, [{ topic: '#', qos: 1 }]);
    const { c: target } = await client(b.url);
    const notRecording = join(dir, 'notes.ndjson');
    writeFileSync(notRecording, '{"topic":"a","payload":"x"}\n');
    const refused = await replay(target, createReadStream(notRecording), { mode: { mode: 'fast' } });
    assert.match(refused.notRecording ?? '', /Not an MQTT Workbench recording/);
    assert.equal(refused.sent, 0);
    const mixed = join(dir, 'mixed.ndjson');
    const ok = (topic: string) =>
      encodeMessage({ topic, payload: text('x'), qos: 1, retain: false, time: Date.UTC(2026, 0, 1) });
    writeFileSync(mixed, `${encodeHeader('t', '#', 0)}${ok('m/1')}not json\n${ok('m/+/wildcard')}${ok('m/2')}`);
    const result = await replay(target, createReadStream(mixed), { mode: { mode: 'fast' } });
    assert.deepEqual([result.sent, result.failed, result.skipped], [2, 0, 2]);
    assert.match(result.problems[0]!, /^line 3: not JSON/);
    assert.match(result.problems[1]!, /^line 4: /);
    await waitFor(() => got.length === 2, 'the two good messages');
    assert.deepEqual(got.map((m) => m.topic).sort(), ['m/1', 'm/2']);
  });

  it('exports exactly the retained messages of a subtree (500 topics), not live or outside ones', async () => {
    const a = await broker();
    const { c: publisher } = await client(a.url);
    const expected = Array.from({ length: 500 }, (_, i) => `site/a/device/${i}`);
    await Promise.all(expected.map((t, i) => publisher.publish(t, `state ${i}`, { qos: 1, retain: true })));
    await publisher.publish('site/b/other', 'outside the filter', { qos: 1, retain: true });
    await publisher.publish('site/a/cleared', 'x', { qos: 1, retain: true });
    await publisher.publish('site/a/cleared', '', { qos: 1, retain: true }); // an empty retained message clears it
    // Live traffic under the filter while the export runs: never flagged retained, never exported.
    const live = setInterval(() => void publisher.publish('site/a/live', 'tick', { qos: 0, retain: false }), 10);
    try {
      const found = await discoverRetained(options(a.url), 'site/a/#', { quietMs: 500, timeoutMs: 20_000 });
      assert.equal(found.complete, true);
      assert.equal(found.ended, 'quiet');
      assert.deepEqual(found.messages.map((m) => m.topic).sort(), [...expected].sort());
      assert.ok(found.messages.every((m) => m.retain));
      const file = join(dir, 'retained.ndjson');
      const written = await writeRecording(
        file,
        { broker: 'a', filter: 'site/a/#', started: Date.now() },
        found.messages,
      );
      assert.equal(written, readFileSync(file).length);
      const summary = await summarize(createReadStream(file));
      assert.deepEqual([summary.messages, summary.skipped, summary.header?.filter], [500, 0, 'site/a/#']);
    } finally {
      clearInterval(live);
    }
  });

  it('says why when the broker cannot be reached, and stops at the overall timeout', async () => {
    const a = await broker();
    const url = a.url;
    await a.kill();
    await assert.rejects(discoverRetained(options(url), '#', { timeoutMs: 2000 }), /./);
    const b = await broker();
    // No retained message: the quiet period ends it, empty and complete.
    const quiet = await discoverRetained(options(b.url), 'nothing/#', { quietMs: 200 });
    assert.deepEqual([quiet.messages.length, quiet.ended], [0, 'quiet']);
    const timedOut = await discoverRetained(options(b.url), '#', { quietMs: 5000, timeoutMs: 300 });
    assert.deepEqual([timedOut.complete, timedOut.ended], [false, 'timeout']);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const started = Date.now();
    const cancelled = await discoverRetained(options(b.url), '#', { quietMs: 5000, signal: abort.signal });
    assert.deepEqual([cancelled.complete, cancelled.ended], [false, 'cancelled']);
    assert.ok(Date.now() - started < 1500, 'a cancel ends it at once');
  });
});
