/** Clearing and restoring retained messages against real mosquittos, MQTT 5 and 3.1.1: verified, never assumed. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { ConnectionOptions } from '../../client/src/broker/connection';
import { discoverRetained } from '../../client/src/broker/retained';
import { clearRetained, clearTopics, readBackup, restoreRetained } from '../../client/src/broker/retainedClearer';
import { decodeBackup } from '../../client/src/core/retainedClear';
import { Mosquitto, testOptions } from '../helpers/broker';

const text = (s: string) => new TextEncoder().encode(s);
const fast = { verify: { quietMs: 300 } };

describe('clearing retained messages (real mosquitto)', () => {
  const brokers: Mosquitto[] = [];
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-clear-'));
  });
  afterEach(async () => {
    await Promise.all(brokers.splice(0).map((b) => b.stop()));
    rmSync(dir, { recursive: true, force: true });
  });
  const broker = async (more: Parameters<typeof Mosquitto.start>[0] = {}) => {
    const b = await Mosquitto.start({ quiet: true, ...more });
    brokers.push(b);
    return b;
  };
  /** Publish retained messages (QoS 1) on a client of its own. */
  const seed = async (
    o: ConnectionOptions,
    messages: { topic: string; payload: Uint8Array | string; properties?: mqtt.IClientPublishOptions['properties'] }[],
  ) => {
    const client = await mqtt.connectAsync(o.url, {
      protocolVersion: o.protocolVersion,
      ...(o.username ? { username: o.username, password: o.password } : {}),
    });
    await Promise.all(
      messages.map((m) =>
        client.publishAsync(m.topic, typeof m.payload === 'string' ? m.payload : Buffer.from(m.payload), {
          qos: 1,
          retain: true,
          ...(m.properties ? { properties: m.properties } : {}),
        }),
      ),
    );
    await client.endAsync();
  };
  const retainedTopics = async (o: ConnectionOptions, filter = '#') =>
    (await discoverRetained(o, filter, { quietMs: 300, qos: 0 })).messages.map((m) => m.topic).sort();

  for (const protocolVersion of [5, 4] as const) {
    const v = protocolVersion === 5 ? 'MQTT 5' : 'MQTT 3.1.1';

    it(`${v}: clears one topic and nothing beside it`, async () => {
      const b = await broker();
      const o = testOptions(b.url, { protocolVersion });
      await seed(o, [
        { topic: 'home/door', payload: 'open' },
        { topic: 'home/door/battery', payload: '80' },
        { topic: 'home/window', payload: 'shut' },
      ]);
      const report = await clearTopics(o, { broker: 'b', filter: 'home/door', topics: ['home/door'] }, fast);
      assert.deepEqual(report.cleared, ['home/door']);
      assert.deepEqual(
        [report.denied, report.remaining, report.unverified, report.notAttempted, report.cancelled],
        [[], [], [], [], false],
      );
      assert.equal(report.denialsReported, protocolVersion === 5);
      assert.deepEqual(await retainedTopics(o), ['home/door/battery', 'home/window']);
    });

    it(`${v}: clears a subtree of 1,000 after backing it up, and leaves topics outside the filter alone`, async () => {
      const b = await broker();
      const o = testOptions(b.url, { protocolVersion });
      const inside = Array.from({ length: 1000 }, (_, i) => `plant/line${i % 10}/sensor/${i}`);
      await seed(o, [
        ...inside.map((topic, i) => ({ topic, payload: `v${i}` })),
        { topic: 'plant', payload: 'the parent level is not below plant/#... but it is matched by it' },
        { topic: 'plantation/x', payload: 'outside' },
        { topic: 'other/plant/x', payload: 'outside' },
      ]);
      const backupPath = join(dir, 'nested', 'backup.json');
      const report = await clearRetained(o, { broker: 'b', filter: 'plant/#', backupPath }, fast);
      // `plant/#` matches `plant` itself too (MQTT: # includes the parent level).
      assert.equal(report.planned, 1001);
      assert.equal(report.cleared.length, 1001);
      assert.deepEqual([report.remaining.length, report.notAttempted.length, report.backupPath], [0, 0, backupPath]);
      assert.deepEqual(await retainedTopics(o, 'plant/#'), [], 'none remain under the filter');
      assert.deepEqual(await retainedTopics(o), ['other/plant/x', 'plantation/x']);
      const backup = await readBackup(backupPath);
      assert.deepEqual([backup.broker, backup.filter, backup.messages.length], ['b', 'plant/#', 1001]);
      const first = backup.messages.find((m) => m.topic === inside[7])!;
      assert.equal(new TextDecoder().decode(first.payload), 'v7');
    });

    it(`${v}: clears the topics a filter with + matches, not those a level deeper or beside`, async () => {
      const b = await broker();
      const o = testOptions(b.url, { protocolVersion });
      await seed(o, [
        { topic: 'site/a/state', payload: '1' },
        { topic: 'site/b/state', payload: '2' },
        { topic: 'site/a/state/deeper', payload: '3' },
        { topic: 'site/a/other', payload: '4' },
      ]);
      const report = await clearRetained(o, { broker: 'b', filter: 'site/+/state' }, fast);
      assert.deepEqual(report.cleared.sort(), ['site/a/state', 'site/b/state']);
      assert.equal(report.backupPath, undefined);
      assert.deepEqual(await retainedTopics(o), ['site/a/other', 'site/a/state/deeper']);
    });

    it(`${v}: topics the ACL denies are ${protocolVersion === 5 ? 'reported denied (0x87)' : 'reported still retained (3.1.1 is silent)'}, the rest cleared`, async () => {
      const acl = join(dir, 'acl');
      // ops may read everything but write only open/#; admin seeds the messages.
      writeFileSync(acl, 'user admin\ntopic readwrite #\n\nuser ops\ntopic read #\ntopic write open/#\n');
      const b = await broker({ users: { admin: 'a', ops: 'o' }, extra: `acl_file ${acl}` });
      const admin = testOptions(b.url, { protocolVersion, username: 'admin', password: 'a' });
      const ops = testOptions(b.url, { protocolVersion, username: 'ops', password: 'o' });
      await seed(admin, [
        { topic: 'open/1', payload: 'x' },
        { topic: 'open/2', payload: 'x' },
        { topic: 'locked/1', payload: 'x' },
        { topic: 'locked/2', payload: 'x' },
      ]);
      const report = await clearRetained(ops, { broker: 'b', filter: '#' }, fast);
      assert.deepEqual(report.cleared.sort(), ['open/1', 'open/2']);
      if (protocolVersion === 5) {
        assert.deepEqual(report.denied.map((d) => d.topic).sort(), ['locked/1', 'locked/2']);
        assert.match(report.denied[0]!.reason, /not authorised.*0x87/);
        assert.deepEqual(report.remaining, []);
      } else {
        assert.deepEqual(report.denied, []);
        assert.deepEqual(report.remaining.sort(), ['locked/1', 'locked/2']);
        assert.equal(report.denialsReported, false);
      }
      assert.deepEqual(await retainedTopics(admin), ['locked/1', 'locked/2']);
    });

    it(`${v}: a cancel midway stops within a second and the report adds up to what the broker holds`, async () => {
      const b = await broker();
      const o = testOptions(b.url, { protocolVersion });
      const topics = Array.from({ length: 3000 }, (_, i) => `bulk/${i}`);
      await seed(
        o,
        topics.map((topic) => ({ topic, payload: 'x' })),
      );
      const abort = new AbortController();
      let abortedAt = 0;
      let lastProgress = 0;
      const report = await clearTopics(
        o,
        { broker: 'b', filter: 'bulk/#', topics },
        {
          ...fast,
          maxInFlight: 1,
          signal: abort.signal,
          onProgress: (settled) => {
            lastProgress = Date.now();
            if (settled === 300) {
              abortedAt = Date.now();
              abort.abort();
            }
          },
        },
      );
      assert.equal(report.cancelled, true);
      assert.ok(
        lastProgress - abortedAt < 1000,
        `acknowledgements went on ${lastProgress - abortedAt} ms after the cancel`,
      );
      const { cleared, denied, remaining, unverified, notAttempted } = report;
      assert.ok(
        cleared.length >= 300 && notAttempted.length > 0,
        `${cleared.length} cleared, ${notAttempted.length} not attempted`,
      );
      assert.equal(cleared.length + denied.length + remaining.length + unverified.length + notAttempted.length, 3000);
      // What the report calls cleared is gone; everything else is still retained.
      const still = new Set(await retainedTopics(o, 'bulk/#'));
      assert.equal(still.size, 3000 - cleared.length);
      assert.ok(cleared.every((t) => !still.has(t)));
      assert.ok([...remaining, ...notAttempted].every((t) => still.has(t)));
    });

    it(`${v}: restores every backed-up topic byte for byte${protocolVersion === 5 ? ', with its MQTT 5 properties' : ''}`, async () => {
      const b = await broker();
      const o = testOptions(b.url, { protocolVersion });
      const binary = new Uint8Array(256).map((_, i) => i);
      const seeded = [
        { topic: 'dev/bin', payload: binary },
        { topic: 'dev/invalid-utf8', payload: new Uint8Array([0x61, 0xc3, 0x28, 0x62]) },
        { topic: 'dev/bom', payload: new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]) },
        { topic: 'dev/text', payload: text('21.5 °C') },
        {
          topic: 'dev/props',
          payload: text('{"on":true}'),
          ...(protocolVersion === 5
            ? {
                properties: {
                  contentType: 'application/json',
                  payloadFormatIndicator: true,
                  responseTopic: 'dev/props/reply',
                  correlationData: Buffer.from([0, 0xff, 7]),
                  userProperties: { trace: 'abc', ü: 'ß' },
                },
              }
            : {}),
        },
      ];
      await seed(o, seeded);
      const backupPath = join(dir, 'backup.json');
      const cleared = await clearRetained(o, { broker: 'b', filter: 'dev/#', backupPath }, fast);
      assert.equal(cleared.cleared.length, 5);
      assert.deepEqual(await retainedTopics(o), []);
      const restored = await restoreRetained(o, 'b', await readBackup(backupPath), fast);
      assert.deepEqual(restored.restored.sort(), seeded.map((m) => m.topic).sort());
      assert.deepEqual([restored.missing, restored.denied, restored.notAttempted], [[], [], []]);
      const back = new Map((await discoverRetained(o, 'dev/#', { quietMs: 300 })).messages.map((m) => [m.topic, m]));
      for (const m of seeded) assert.deepEqual([...back.get(m.topic)!.payload], [...m.payload], m.topic);
      if (protocolVersion === 5) {
        const props = back.get('dev/props')!.properties!;
        assert.equal(props['contentType'], 'application/json');
        assert.equal(props['payloadFormatIndicator'], true);
        assert.equal(props['responseTopic'], 'dev/props/reply');
        assert.deepEqual([...(props['correlationData'] as Uint8Array)], [0, 0xff, 7]);
        assert.deepEqual({ ...(props['userProperties'] as object) }, { trace: 'abc', ü: 'ß' });
      }
      // The file is the documented format.
      const file = decodeBackup(readFileSync(backupPath, 'utf8'));
      assert.ok(!('problem' in file) && file.messages.length === 5);
    });
  }
});
