/** The broker manager against two real mosquittos at once: each its own connection and topic tree (bridged brokers side by side). */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Socket } from 'node:net';
import { BrokerConnection } from '../../client/src/broker/connection';
import { BrokerManager } from '../../client/src/broker/manager';
import { parseProfiles } from '../../client/src/broker/profiles';
import { Mosquitto } from '../helpers/broker';
import { waitFor } from '../helpers/connections';

describe('broker manager (two real mosquittos)', () => {
  let a: Mosquitto;
  let b: Mosquitto;
  let manager: BrokerManager;

  before(async () => {
    [a, b] = await Promise.all([Mosquitto.start(), Mosquitto.start()]);
  });
  after(async () => {
    await manager.dispose();
    await Promise.all([a.stop(), b.stop()]);
  });

  it('makes one connection of two quick Connects', async () => {
    const made: unknown[] = [];
    const quick = new BrokerManager(
      { password: () => Promise.resolve(undefined), readFile: () => Promise.reject(new Error('no files')) },
      (o) => {
        const c = new BrokerConnection(o);
        made.push(c);
        return c;
      },
    );
    await quick.setProfiles(parseProfiles([{ name: 'q', url: a.url, subscriptions: ['q/#'] }]).profiles);
    try {
      const [first, second] = await Promise.all([quick.connect('q'), quick.connect('q')]);
      assert.equal(made.length, 1);
      assert.deepEqual(first, second);
    } finally {
      await quick.dispose();
    }
  });

  it('keeps several brokers connected at once, each with its own topics, and leaves nothing running', async () => {
    manager = new BrokerManager({
      password: () => Promise.resolve(undefined),
      readFile: () => Promise.reject(new Error('no files in this test')),
    });
    const { profiles, problems } = parseProfiles([
      { name: 'site-a', url: a.url, subscriptions: ['plant/#'] },
      { name: 'site-b', url: b.url, subscriptions: ['plant/#'] },
    ]);
    assert.deepEqual(problems, []);
    await manager.setProfiles(profiles);
    const changes: string[] = [];
    manager.onDidChange((name, kind) => changes.push(`${name ?? ''}:${kind}`));
    await Promise.all([manager.connect('site-a'), manager.connect('site-b')]);
    await waitFor(() => manager.state('site-a').state === 'connected' && manager.state('site-b').state === 'connected');
    await waitFor(() =>
      ['site-a', 'site-b'].every((n) => manager.connection(n)?.subscriptions.every((s) => s.granted !== undefined)),
    );
    for (const [broker, value] of [
      [a, 'from-a'],
      [b, 'from-b'],
    ] as const) {
      const r = spawnSync('mosquitto_pub', ['-p', String(broker.port), '-t', 'plant/line1', '-m', value]);
      assert.equal(r.status, 0);
    }
    await waitFor(() => manager.tree('site-a')?.nodeFor('plant/line1')?.count === 1);
    await waitFor(() => manager.tree('site-b')?.nodeFor('plant/line1')?.count === 1);
    const text = (name: string) =>
      Buffer.from(manager.tree(name)!.nodeFor('plant/line1')!.last!.preview).toString('utf8');
    assert.deepEqual([text('site-a'), text('site-b')], ['from-a', 'from-b']);
    assert.deepEqual(
      manager.active.map((p) => p.name),
      ['site-a', 'site-b'],
    );
    assert.ok(changes.includes('site-a:messages') && changes.includes('site-b:messages'));

    // The same settings read again (with the client ids the extension keeps per name) keep the connections.
    const connectionBefore = manager.connection('site-a');
    await manager.setProfiles(
      parseProfiles([
        { name: 'site-a', url: a.url, subscriptions: ['plant/#'], clientId: profiles[0]!.clientId },
        { name: 'site-b', url: b.url, subscriptions: ['plant/#'], clientId: profiles[1]!.clientId },
      ]).profiles,
    );
    assert.equal(manager.connection('site-a'), connectionBefore);
    assert.equal(manager.state('site-a').state, 'connected');

    // A changed profile disconnects that broker only.
    await manager.setProfiles([profiles[0]!, { ...profiles[1]!, subscriptions: [{ topic: 'other/#', qos: 0 }] }]);
    assert.equal(manager.state('site-b').state, 'disconnected');
    assert.equal(manager.state('site-a').state, 'connected');
    // The sockets to either broker: site-a's now, none after dispose.
    const sockets = () =>
      (process as unknown as { _getActiveHandles(): unknown[] })
        ._getActiveHandles()
        .filter((h): h is Socket => h instanceof Socket && !h.destroyed)
        .filter((s) => s.remotePort === a.port || s.remotePort === b.port);
    assert.equal(sockets().length, 1);
    await manager.dispose();
    assert.deepEqual(manager.active, []);
    await waitFor(() => sockets().length === 0);
    assert.equal(manager.state('site-a').state, 'disconnected');
  });
});
