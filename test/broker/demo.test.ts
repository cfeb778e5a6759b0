/** The demo broker `npm start` runs: a real mosquitto on loopback with the simulator feeding it. */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrokerConnection } from '../../client/src/broker/connection';
import type { IncomingMessage } from '../../client/src/core/topicTree';

interface Demo {
  url: string;
  port: number;
  stop(): Promise<void>;
}

describe('the demo broker of npm start', () => {
  it('serves retained device states, a birth message and live temperatures on 127.0.0.1, and stops', async () => {
    const script = pathToFileURL(join(__dirname, '..', '..', '..', 'scripts', 'demoBroker.mjs')).href;
    const { startDemo } = (await import(script)) as { startDemo(o: { intervalMs: number }): Promise<Demo> };
    const demo = await startDemo({ intervalMs: 50 });
    const got: IncomingMessage[] = [];
    const c = new BrokerConnection({
      url: demo.url,
      protocolVersion: 5,
      clientId: 'mqttwb-demo-test',
      keepalive: 60,
      clean: true,
      subscriptions: [{ topic: 'home/#', qos: 1 }],
    });
    c.onMessages((batch) => got.push(...batch));
    try {
      assert.match(demo.url, /^mqtt:\/\/127\.0\.0\.1:\d+$/);
      await c.connect();
      const deadline = Date.now() + 5000;
      while (!got.some((m) => m.topic.endsWith('/temp')) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const retained = got
        .filter((m) => m.retain)
        .map((m) => m.topic)
        .sort();
      assert.deepEqual(retained, [
        'home/devices/heater-1/state',
        'home/devices/lamp-1/state',
        'home/devices/lamp-2/state',
        'home/devices/simulator/status',
      ]);
      assert.ok(got.some((m) => m.topic === 'home/kitchen/temp' && !m.retain));
    } finally {
      await c.disconnect();
      await demo.stop();
    }
    // Stopped means stopped: nothing listens on its port any more.
    const again = new BrokerConnection({
      url: demo.url,
      protocolVersion: 5,
      clientId: 'mqttwb-demo-test-2',
      keepalive: 60,
      clean: true,
      subscriptions: [],
      backoff: { initialMs: 5000 },
    });
    await again.connect();
    const deadline = Date.now() + 5000;
    while (again.state.state === 'connecting' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(again.state.state, 'reconnecting');
    await again.disconnect();
  });
});
