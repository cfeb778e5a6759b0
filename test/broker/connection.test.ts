/** The broker connection against a real mosquitto on loopback: reconnects that help, and failures that stop. */
import * as assert from 'node:assert/strict';
import { BrokerConnection, type ConnectionOptions } from '../../client/src/broker/connection';
import { connectionOptions, parseProfiles } from '../../client/src/broker/profiles';
import { Mosquitto } from '../helpers/broker';
import { collect, options, until, waitFor } from '../helpers/connections';
import { type Certificates, makeCertificates, read } from '../helpers/certs';

describe('broker connection (real mosquitto)', () => {
  let broker: Mosquitto;
  const open: BrokerConnection[] = [];
  const connection = (o: ConnectionOptions) => {
    const c = new BrokerConnection(o);
    open.push(c);
    return c;
  };
  /** A connection that is up, its profile's subscriptions granted; with the messages it receives. */
  const connected = async (o: ConnectionOptions) => {
    const c = connection(o);
    const got = collect(c);
    await c.connect();
    await until(c, (s) => s.state === 'connected');
    await waitFor(() => c.stats.subscribes === (o.subscriptions.length ? 1 : 0));
    return { c, got };
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.disconnect()));
    await broker.stop();
  });

  it('connects, subscribes once and delivers messages in batches', async () => {
    broker = await Mosquitto.start();
    const { c, got } = await connected(options(broker.url));
    assert.equal(c.stats.granted.get('test/#'), 1);
    const { c: other } = await connected(options(broker.url, { subscriptions: [] }));
    await other.publish('test/a', 'hello', { qos: 1, retain: false });
    await waitFor(() => got.length === 1);
    assert.equal(got[0]!.topic, 'test/a');
    assert.equal(Buffer.from(got[0]!.payload).toString(), 'hello');
  });

  it('takes at most 1,000 messages from the socket per turn of the event loop, however far behind it is', async function () {
    this.timeout(60_000);
    broker = await Mosquitto.start({ quiet: true, extra: 'max_queued_messages 0\nqueue_qos0_messages true' });
    // 20,000 messages queued for an offline session: on connect the broker sends them as fast as it can.
    const session = {
      clientId: 'behind',
      clean: false,
      sessionExpiry: 600,
      subscriptions: [{ topic: 'flood/#', qos: 0 as const }],
    };
    const first = connection(options(broker.url, session));
    await first.connect();
    await until(first, (s) => s.state === 'connected');
    await waitFor(() => first.stats.subscribes === 1);
    await first.disconnect();
    const { c: publisher } = await connected(options(broker.url, { subscriptions: [] }));
    const payload = 'x'.repeat(100);
    for (let i = 0; i < 20_000; i += 500)
      await Promise.all(
        Array.from({ length: 500 }, (_, j) => publisher.publish(`flood/${j}`, payload, { qos: 0, retain: false })),
      );
    await publisher.publish('flood/last', 'end', { qos: 1, retain: false }); // after every QoS 0 one
    const resumed = connection(options(broker.url, session));
    const batches: number[] = [];
    resumed.onMessages((batch) => batches.push(batch.length));
    await resumed.connect();
    await waitFor(() => batches.reduce((a, b) => a + b, 0) === 20_001, 30_000);
    assert.ok(Math.max(...batches) <= 1000, `a batch of ${Math.max(...batches)} messages`);
  });

  it('reconnects after the broker is killed and restarted, and subscribes again exactly once', async () => {
    broker = await Mosquitto.start();
    const { c, got } = await connected(options(broker.url));
    await broker.kill('SIGKILL');
    const lost = await until(c, (s) => s.state === 'reconnecting');
    assert.ok(lost.nextAttemptAt! > Date.now() - 1000, 'says when it tries next');
    await broker.run();
    await until(c, (s) => s.state === 'connected', 15_000);
    await waitFor(() => c.stats.subscribes === 2);
    const { c: publisher } = await connected(options(broker.url, { subscriptions: [] }));
    await publisher.publish('test/after', 'x', { qos: 1, retain: false });
    await waitFor(() => got.some((m) => m.topic === 'test/after'));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(got.filter((m) => m.topic === 'test/after').length, 1, 'one subscription, one delivery');
    assert.equal(c.stats.subscribes, 2);
  });

  it('stops on a wrong password with the reason, without a retry loop', async () => {
    broker = await Mosquitto.start({ users: { alice: 'right' } });
    for (const protocolVersion of [5, 4] as const) {
      const c = connection(options(broker.url, { username: 'alice', password: 'wrong', protocolVersion }));
      await c.connect();
      const failed = await until(c, (s) => s.state === 'failed');
      assert.equal(failed.failure?.kind, 'auth', JSON.stringify(failed));
      await new Promise((r) => setTimeout(r, 600)); // longer than the backoff: a loop would have tried again
      assert.equal(c.stats.attempts, 1, `MQTT ${protocolVersion}: no retry`);
      assert.equal(c.state.state, 'failed');
    }
    const ok = connection(options(broker.url, { username: 'alice', password: 'right' }));
    await ok.connect();
    await until(ok, (s) => s.state === 'connected');
  });

  it('says "another client is using this client ID" and stops, within 10 s', async () => {
    broker = await Mosquitto.start();
    const started = Date.now();
    for (const protocolVersion of [5, 4] as const) {
      const id = `same-id-${protocolVersion}`;
      const first = connection(options(broker.url, { clientId: id, protocolVersion, subscriptions: [] }));
      const second = connection(options(broker.url, { clientId: id, protocolVersion, subscriptions: [] }));
      await first.connect();
      await until(first, (s) => s.state === 'connected');
      await second.connect();
      // One of the two ends up failed with the client-id reason; the broker is not hammered afterwards.
      const failedOne = await Promise.race([
        until(first, (s) => s.state === 'failed', 10_000),
        until(second, (s) => s.state === 'failed', 10_000),
      ]);
      assert.equal(failedOne.failure?.kind, 'client-id', JSON.stringify(failedOne));
      assert.match(failedOne.failure.message, /another client is using this client ID/i);
    }
    assert.ok(Date.now() - started < 20_000);
  });

  it('says when the broker cannot be reached, and keeps trying with growing delays', async () => {
    broker = await Mosquitto.start();
    await broker.kill();
    const c = connection(options(broker.url));
    await c.connect();
    const first = await until(c, (s) => s.state === 'reconnecting');
    assert.equal(first.failure?.kind, 'unreachable');
    await waitFor(() => c.stats.attempts >= 3, 5000);
    assert.equal(c.state.state === 'failed', false);
  });
});

describe('broker connection over TLS (real mosquitto, certificates from openssl)', () => {
  let certs: Certificates;
  const brokers: Mosquitto[] = [];
  const open: BrokerConnection[] = [];
  before(() => {
    certs = makeCertificates();
  });
  after(async () => {
    await Promise.all(open.splice(0).map((c) => c.disconnect()));
    await Promise.all(brokers.splice(0).map((b) => b.stop()));
    certs.cleanup();
  });

  /** Connect to a broker serving `server`'s certificate; `ca`: whether the profile trusts the test CA. */
  async function attempt(server: keyof Certificates['servers'], ca: boolean): Promise<BrokerConnection> {
    const broker = await Mosquitto.start({ tls: certs.servers[server] });
    brokers.push(broker);
    const c = new BrokerConnection(
      options(broker.url, { tls: { rejectUnauthorized: true, ...(ca ? { ca: read(certs.ca) } : {}) } }),
    );
    open.push(c);
    await c.connect();
    await until(c, (s) => s.state === 'connected' || s.state === 'failed');
    return c;
  }

  it('connects with a client certificate whose key is encrypted, asking for its passphrase once', async () => {
    const broker = await Mosquitto.start({
      tls: certs.servers.valid,
      extra: `cafile ${certs.ca}\nrequire_certificate true`,
    });
    brokers.push(broker);
    const connectWith = async (key: string) => {
      const [profile] = parseProfiles([
        { name: 'mtls', url: broker.url, tls: { ca: certs.ca, cert: certs.client.cert, key }, subscriptions: [] },
      ]).profiles;
      let asked = 0;
      const o = await connectionOptions(profile!, {
        readFile: (file) => Promise.resolve(read(file)),
        passphrase: () => Promise.resolve((asked++, certs.client.passphrase)),
      });
      const c = new BrokerConnection({ ...o, backoff: { initialMs: 100, maxMs: 400 }, connectTimeoutMs: 3000 });
      open.push(c);
      await c.connect();
      await until(c, (s) => s.state === 'connected' || s.state === 'failed');
      return { state: c.state.state, asked };
    };
    assert.deepEqual(await connectWith(certs.client.encryptedKey), { state: 'connected', asked: 1 });
    // A wrong passphrase: a clear failure that asks for the passphrase again, not a connection stuck connecting.
    const [profile] = parseProfiles([
      { name: 'mtls', url: broker.url, tls: { ca: certs.ca, cert: certs.client.cert, key: certs.client.encryptedKey } },
    ]).profiles;
    const wrong = new BrokerConnection(
      await connectionOptions(profile!, {
        readFile: (file) => Promise.resolve(read(file)),
        passphrase: () => Promise.resolve('not the passphrase'),
      }),
    );
    open.push(wrong);
    await wrong.connect();
    const failed = await until(wrong, (s) => s.state === 'failed');
    assert.equal(failed.failure?.kind, 'passphrase');
    // A key in the clear needs no passphrase: nobody is asked.
    assert.deepEqual(await connectWith(certs.client.key), { state: 'connected', asked: 0 });
  });

  it('connects when the certificate is valid for the host and signed by the trusted CA', async () => {
    assert.equal((await attempt('valid', true)).state.state, 'connected');
  });

  it('names three different causes for an untrusted, an expired and a wrong-host certificate, without retrying', async () => {
    const untrusted = await attempt('valid', false);
    const expired = await attempt('expired', true);
    const wrongHost = await attempt('wrongHost', true);
    await new Promise((r) => setTimeout(r, 600));
    const results = [untrusted, expired, wrongHost].map((c) => [
      c.state.state,
      c.state.failure?.kind,
      c.stats.attempts,
    ]);
    assert.deepEqual(results, [
      ['failed', 'tls-untrusted', 1],
      ['failed', 'tls-expired', 1],
      ['failed', 'tls-hostname', 1],
    ]);
  });
});
