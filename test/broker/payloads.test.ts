/** Hostile payloads through a real mosquitto into the topic model and the message view: no crash, a note each. */
import * as assert from 'node:assert/strict';
import { BrokerConnection, type ConnectionOptions } from '../../client/src/broker/connection';
import { renderMessage } from '../../client/src/core/payload';
import { TopicTree } from '../../client/src/core/topicTree';
import { Mosquitto } from '../helpers/broker';

const options = (url: string, subscriptions: ConnectionOptions['subscriptions']): ConnectionOptions => ({
  url,
  protocolVersion: 5,
  clientId: `mqttwb-payloads-${Math.random().toString(16).slice(2, 10)}`,
  keepalive: 60,
  clean: true,
  subscriptions,
  backoff: { initialMs: 100, maxMs: 400 },
  connectTimeoutMs: 3000,
});

async function waitFor(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const connected = (c: BrokerConnection) => waitFor(() => c.state.state === 'connected', 'connected');

describe('hostile payloads through a real mosquitto to the message view', () => {
  let broker: Mosquitto;
  const open: BrokerConnection[] = [];
  after(async () => {
    await Promise.all(open.splice(0).map((c) => c.disconnect()));
    await broker.stop();
  });

  it('renders binary, invalid UTF-8, a 10,000-deep JSON and a 16 MiB payload with a note each', async () => {
    broker = await Mosquitto.start();
    const tree = new TopicTree();
    const viewer = new BrokerConnection(
      options(broker.url, [
        { topic: 'hostile/#', qos: 1 },
        { topic: 'spBv1.0/#', qos: 1 },
      ]),
    );
    const publisher = new BrokerConnection(options(broker.url, []));
    open.push(viewer, publisher);
    viewer.onMessages((batch) => tree.ingest(batch));
    await viewer.connect();
    await publisher.connect();
    await connected(viewer);
    await waitFor(() => viewer.stats.granted.size === 2, 'subscribed');
    await connected(publisher);

    const big = new Uint8Array(16 * 1024 * 1024).fill(0x7b); // '{' sixteen million times
    const payloads: Record<string, Uint8Array> = {
      'hostile/binary': new Uint8Array([0x00, 0x01, 0x02, 0x03, 0x41, 0x42]),
      'hostile/utf8': new Uint8Array([0x74, 0x65, 0x6d, 0x70, 0xc3, 0x28, 0xff]),
      'hostile/deep': new TextEncoder().encode('['.repeat(10_000) + ']'.repeat(10_000)),
      'hostile/big': big,
      'spBv1.0/g/NDATA/hostile': new Uint8Array([0x12, 0xff, 0xff]), // a Sparkplug topic, a cut protobuf
    };
    for (const [topic, payload] of Object.entries(payloads))
      await publisher.publish(topic, payload, { qos: 1, retain: false });
    await waitFor(() => tree.nodeFor('hostile/big')?.last !== undefined, 'the 16 MiB message', 30_000);
    await waitFor(() => Object.keys(payloads).every((t) => tree.nodeFor(t)?.last), 'every message');

    const notes: Record<string, string[]> = {};
    for (const topic of Object.keys(payloads)) {
      const rendered = await renderMessage(topic, tree.nodeFor(topic)!.last!);
      assert.ok(rendered.text.length < 2 * 1024 * 1024, `${topic}: ${rendered.text.length} characters`);
      notes[topic] = [...rendered.text.matchAll(/^# note: +(.*)$/gm)].map((m) => m[1]!);
    }
    assert.deepEqual(notes['hostile/binary'], ['binary: shown as a hex dump']);
    assert.deepEqual(notes['hostile/utf8'], ['not valid UTF-8: shown as a hex dump']);
    assert.deepEqual(notes['hostile/deep'], ['nested deeper than 100 levels: raw text, not formatted']);
    assert.deepEqual(notes['hostile/big'], ['only the first 65536 of 16777216 bytes are kept; the rest is not shown']);
    assert.match(notes['spBv1.0/g/NDATA/hostile']!.join('\n'), /^not decoded as sparkplug: /);

    const kept = tree.nodeFor('hostile/big')!.last!;
    assert.equal(kept.size, 16 * 1024 * 1024);
    assert.equal(kept.preview.length, 64 * 1024);
  });
});
