/** The explorer's broker-facing pieces against a real mosquitto: subscriptions while connected, and copied commands. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerConnection, type ConnectionOptions } from '../../client/src/broker/connection';
import { explainGrant } from '../../client/src/core/connectionPolicy';
import { mosquittoPubCommand } from '../../client/src/core/mosquittoPub';
import { Mosquitto } from '../helpers/broker';
import { collect, options, until, waitFor } from '../helpers/connections';

describe('subscriptions while connected (real mosquitto)', () => {
  let broker: Mosquitto;
  const open: BrokerConnection[] = [];
  const connect = async (o: ConnectionOptions) => {
    const c = new BrokerConnection(o);
    open.push(c);
    const got = collect(c);
    await c.connect();
    await until(c, (s) => s.state === 'connected');
    return { c, got };
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.disconnect()));
    await broker.stop();
  });

  it('adds and removes subscriptions, records what the broker granted, and keeps them for the next session', async () => {
    // max_qos 1: a QoS 2 subscription is granted QoS 1, and the explorer says why.
    broker = await Mosquitto.start({ extra: 'max_qos 1' });
    const { c, got } = await connect(options(broker.url, { subscriptions: [] }));
    const { c: publisher } = await connect(options(broker.url, { subscriptions: [] }));
    assert.equal(await c.subscribe({ topic: 'plant/#', qos: 2 }), 1);
    assert.equal(explainGrant(2, c.stats.granted.get('plant/#')).level, 'lower');
    assert.equal(await c.subscribe({ topic: 'office/+', qos: 0 }), 0);
    // A filter that is a number sorts first among an object's keys: grants are matched by topic, not position.
    const { c: numbered } = await connect(
      options(broker.url, {
        subscriptions: [
          { topic: 'a/b', qos: 2 },
          { topic: '42', qos: 0 },
        ],
      }),
    );
    await waitFor(() => numbered.subscriptions.every((s) => s.granted !== undefined));
    assert.deepEqual(
      numbered.subscriptions.map((s) => [s.topic, s.granted]),
      [
        ['a/b', 1],
        ['42', 0],
      ],
    );
    assert.deepEqual(
      c.subscriptions.map((s) => [s.topic, s.qos, s.granted]),
      [
        ['plant/#', 2, 1],
        ['office/+', 0, 0],
      ],
    );
    await publisher.publish('plant/a', '1', { qos: 1, retain: false });
    await waitFor(() => got.some((m) => m.topic === 'plant/a'));
    assert.equal(got.find((m) => m.topic === 'plant/a')!.qos, 1);

    await c.unsubscribe('plant/#');
    assert.deepEqual(
      c.subscriptions.map((s) => s.topic),
      ['office/+'],
    );
    await publisher.publish('plant/b', '1', { qos: 1, retain: false });
    await publisher.publish('office/door', 'open', { qos: 1, retain: false });
    await waitFor(() => got.some((m) => m.topic === 'office/door'));
    assert.ok(!got.some((m) => m.topic === 'plant/b'), 'unsubscribed, yet delivered');

    // A new session (broker restarted, clean start) subscribes to what is wanted now, once.
    await broker.kill('SIGKILL');
    await broker.run();
    await until(c, (s) => s.state === 'connected', 15_000);
    await waitFor(() => c.subscriptions.every((s) => s.granted !== undefined) && c.stats.subscribes >= 3);
    await until(publisher, (s) => s.state === 'connected', 15_000);
    await publisher.publish('office/window', 'shut', { qos: 1, retain: false });
    await waitFor(() => got.some((m) => m.topic === 'office/window'));
  });

  it('reports a subscription the broker refuses, on MQTT 5 and 3.1.1, with the reason', async () => {
    // mosquitto's acl_file grants every SUBSCRIBE (it filters at delivery); the dynamic-security plugin refuses.
    // Its admin client, with the role's "subscribe to #" replaced by sensors/# only.
    const dir = mkdtempSync(join(tmpdir(), 'mqttwb-dynsec-'));
    const file = join(dir, 'dynsec.json');
    const init = spawnSync('mosquitto_ctrl', ['dynsec', 'init', file, 'alice'], {
      input: 'pw\npw\n',
      encoding: 'utf8',
    });
    assert.ok(existsSync(file), init.stderr + init.stdout);
    const config = JSON.parse(readFileSync(file, 'utf8')) as {
      roles: { acls: { acltype: string; topic: string }[] }[];
    };
    for (const role of config.roles)
      for (const acl of role.acls) if (acl.acltype === 'subscribePattern' && acl.topic === '#') acl.topic = 'sensors/#';
    writeFileSync(file, JSON.stringify(config));
    broker = await Mosquitto.start({
      extra: `plugin ${DYNSEC}\nplugin_opt_config_file ${file}`,
    });
    try {
      for (const protocolVersion of [5, 4] as const) {
        const { c } = await connect(
          options(broker.url, { username: 'alice', password: 'pw', protocolVersion, subscriptions: [] }),
        );
        assert.equal(await c.subscribe({ topic: 'sensors/#', qos: 1 }), 1);
        const refused = await c.subscribe({ topic: 'secrets/#', qos: 1 });
        assert.ok(refused !== undefined && refused >= 0x80, `MQTT ${protocolVersion}: granted ${refused}`);
        assert.equal(explainGrant(1, refused).level, 'refused');
        assert.match(explainGrant(1, refused).text, protocolVersion === 5 ? /not authorised/ : /3\.1\.1/);
        // The refusal does not break the connection or the other subscription.
        assert.equal(c.state.state, 'connected');
        assert.equal(c.stats.granted.get('sensors/#'), 1);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const DYNSEC = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib']
  .map((d) => join(d, 'mosquitto_dynamic_security.so'))
  .find((f) => existsSync(f));

describe('copy as mosquitto_pub (real mosquitto, real shell)', () => {
  let broker: Mosquitto;
  afterEach(() => broker.stop());

  it('the copied command publishes the same bytes, text with quotes and binary alike', async () => {
    broker = await Mosquitto.start();
    const c = new BrokerConnection(options(broker.url, { subscriptions: [{ topic: 'copy/#', qos: 1 }] }));
    const got = collect(c);
    await c.connect();
    await until(c, (s) => s.state === 'connected');
    await waitFor(() => c.stats.subscribes === 1);
    const payloads: [string, Uint8Array][] = [
      ['copy/text', new TextEncoder().encode(`{"msg": "it's $HOME and \`date\`"}`)],
      ['copy/binary', new Uint8Array([0, 1, 0x27, 0x5c, 0xff, 0x0a, 0x25])],
      ['copy/empty level//x', new TextEncoder().encode('a b')],
    ];
    try {
      for (const [topic, payload] of payloads) {
        const result = mosquittoPubCommand({
          url: broker.url,
          protocolVersion: 5,
          topic,
          payload,
          qos: 1,
          retain: false,
        });
        assert.ok('command' in result);
        const run = spawnSync('sh', ['-c', result.command], { encoding: 'utf8', timeout: 10_000 });
        assert.equal(run.status, 0, run.stderr);
        await waitFor(() => got.some((m) => m.topic === topic));
        assert.deepEqual(Buffer.from(got.find((m) => m.topic === topic)!.payload), Buffer.from(payload), topic);
      }
    } finally {
      await c.disconnect();
    }
  });
});
