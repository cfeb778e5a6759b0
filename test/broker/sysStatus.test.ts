/**
 * The Broker Status model against a real mosquitto with `sys_interval 1`: values appear, rates are computed,
 * and readings fire when their conditions are produced for real; `sys_interval 0` gives the empty state's
 * reason; the watch takes `$SYS/#` back when let go.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { connect, type MqttClient } from 'mqtt';
import { BrokerManager } from '../../client/src/broker/manager';
import { parseProfiles } from '../../client/src/broker/profiles';
import { SYS_FILTER, SysWatch } from '../../client/src/broker/sysWatch';
import { Mosquitto } from '../helpers/broker';
import { waitFor } from '../helpers/connections';

/** A manager connected to `broker` as profile `name`, and a `$SYS` watch on it. */
async function watched(broker: Mosquitto, expectedIntervalMs?: number) {
  const manager = new BrokerManager({
    password: () => Promise.resolve(undefined),
    readFile: () => Promise.reject(new Error('no files in this test')),
  });
  await manager.setProfiles(parseProfiles([{ name: 'sys', url: broker.url, subscriptions: ['app/#'] }]).profiles);
  await manager.connect('sys');
  await waitFor(() => manager.state('sys').state === 'connected');
  const watch = new SysWatch(manager, expectedIntervalMs ? { expectedIntervalMs } : {});
  const hold = watch.hold('sys');
  assert.ok(hold);
  return { manager, watch, hold, model: () => watch.model('sys')! };
}

const value = (model: { snapshot(now: number): { metrics: { id: string; value: number | string }[] } }, id: string) =>
  model.snapshot(Date.now()).metrics.find((m) => m.id === id)?.value;

/** A client of our own with a persistent session (MQTT 5, an hour's expiry) and a random client id. */
async function persistentClient(broker: Mosquitto): Promise<MqttClient> {
  const client = connect(broker.url, {
    clientId: `random-${Math.random().toString(16).slice(2, 10)}`,
    clean: false,
    protocolVersion: 5,
    properties: { sessionExpiryInterval: 3600 },
    reconnectPeriod: 0,
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

describe('Broker Status against a real mosquitto (sys_interval 1)', function () {
  this.timeout(60_000);
  let broker: Mosquitto;
  let env: Awaited<ReturnType<typeof watched>>;

  before(async () => {
    broker = await Mosquitto.start({ extra: 'sys_interval 1\nmax_queued_messages 1', quiet: true });
    env = await watched(broker);
  });
  after(async () => {
    env.watch.dispose();
    await env.manager.dispose();
    await broker.stop();
  });

  it('shows mosquitto’s values, in groups and units, and computes rates from successive ticks', async () => {
    const { model, manager } = env;
    await waitFor(() => value(model(), 'version') !== undefined, 10_000);
    const snapshot = model().snapshot(Date.now());
    assert.equal(snapshot.flavour, 'mosquitto');
    assert.match(String(value(model(), 'version')), /^mosquitto version 2\./);
    for (const id of ['uptime', 'clients.connected', 'messages.received', 'bytes.sent', 'heap.current', 'retained'])
      assert.ok(
        snapshot.metrics.some((m) => m.id === id),
        `${id} in ${snapshot.metrics.map((m) => m.id).join(', ')}`,
      );
    assert.ok(
      snapshot.metrics.some((m) => m.group === 'load'),
      'load averages',
    );
    assert.equal(manager.connection('sys')?.subscriptions.find((s) => s.topic === SYS_FILTER)?.granted, 0);
    // Traffic across several ticks: a rate of messages received appears, above zero. (mosquitto 2.0.11 leaves
    // publish/messages/received at 0, so the packet counter is the one to read.)
    const deadline = Date.now() + 20_000;
    while (!(model().rate('messages.received')! > 0) && Date.now() < deadline) {
      const r = spawnSync('mosquitto_pub', ['-p', String(broker.port), '-t', 'app/x', '-m', '1', '-r'], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      await new Promise((r2) => setTimeout(r2, 200));
    }
    const received = model()
      .snapshot(Date.now())
      .metrics.find((m) => m.id === 'messages.received');
    assert.ok(received?.rate && received.rate > 0, JSON.stringify(received));
    assert.match(received.rateText ?? '', /\/s$/);
  });

  it('reads disconnected clients growing when persistent sessions with random ids come and go', async () => {
    const { model } = env;
    const ticks = () => model().samples('clients.disconnected');
    const last = () => ticks()[ticks().length - 1]?.value ?? -Infinity;
    const fired = () =>
      model()
        .readings()
        .find((r) => r.code === 'disconnected-clients-growing');
    // One more session left behind, then wait for a tick that shows it (mosquitto sometimes reports a
    // transient -1 while a client connects: the next steps grow past it).
    let left = 0;
    for (let step = 0; step < 8 && !fired(); step++) {
      const before = last();
      const client = await persistentClient(broker);
      await client.endAsync();
      left++;
      await waitFor(() => last() > before, 10_000);
    }
    const reading = fired();
    assert.ok(reading, JSON.stringify(ticks().map((s) => s.value)));
    assert.equal(reading.severity, 'warning');
    // The view's value comes to the sessions really left behind (past any transient -1 at a tick).
    await waitFor(() => Number(value(model(), 'clients.disconnected')) >= left, 10_000);
  });

  it('reads dropped publishes when an offline subscriber’s queue (max_queued_messages 1) overflows', async () => {
    const { model } = env;
    const subscriber = await persistentClient(broker);
    await subscriber.subscribeAsync('queue/test', { qos: 1 });
    await subscriber.endAsync();
    const r = spawnSync(
      'sh',
      ['-c', `for i in 1 2 3 4 5 6 7 8 9 10; do mosquitto_pub -p ${broker.port} -q 1 -t queue/test -m $i; done`],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    await waitFor(() => Number(value(model(), 'publish.dropped')) > 0, 10_000);
    const reading = model()
      .readings()
      .find((x) => x.code === 'publish-dropped');
    assert.ok(reading);
    assert.equal(reading.setting, 'max_queued_messages');
  });

  it('takes $SYS/# back when the last hold is let go, and keeps a subscription the profile has itself', async () => {
    const { manager, watch, hold } = env;
    hold.dispose();
    assert.equal(watch.model('sys'), undefined);
    await waitFor(() => !manager.connection('sys')?.subscriptions.some((s) => s.topic === SYS_FILTER));
    // No more $SYS messages reach the tree once the unsubscribe is through.
    await new Promise((r) => setTimeout(r, 500));
    const before = manager.tree('sys')!.system.messages;
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(manager.tree('sys')!.system.messages, before);
    // A profile that subscribes $SYS/# itself: the watch borrows it and leaves it in place.
    await manager.subscribe('sys', { topic: SYS_FILTER, qos: 0 });
    const again = watch.hold('sys');
    assert.ok(again);
    await waitFor(() => value(watch.model('sys')!, 'uptime') !== undefined, 10_000);
    again.dispose();
    assert.ok(manager.connection('sys')?.subscriptions.some((s) => s.topic === SYS_FILTER));
  });

  it('ends the watch when the profile disconnects', async () => {
    const { manager, watch } = env;
    const hold = watch.hold('sys');
    assert.ok(hold);
    await manager.disconnect('sys');
    assert.equal(watch.model('sys'), undefined);
    assert.equal(watch.hold('sys'), undefined, 'a disconnected broker cannot be watched');
  });
});

describe('Broker Status against a mosquitto with sys_interval 0', function () {
  this.timeout(30_000);
  it('says why nothing arrives after twice the expected interval', async () => {
    const broker = await Mosquitto.start({ extra: 'sys_interval 0', quiet: true });
    const env = await watched(broker, 1000);
    try {
      assert.equal(env.model().empty(Date.now())?.reason, 'waiting');
      await waitFor(() => env.model().empty(Date.now())?.reason === 'silent', 10_000);
      assert.match(env.model().empty(Date.now())!.message, /sys_interval 0/);
      // With the workspace's config known, the reason is named.
      env.model().limits = { sysInterval: 0 };
      assert.equal(env.model().empty(Date.now())?.reason, 'disabled');
      assert.equal(env.model().snapshot(Date.now()).updated, undefined, 'mosquitto sent no $SYS message at all');
    } finally {
      env.watch.dispose();
      await env.manager.dispose();
      await broker.stop();
    }
  });
});
