/**
 * A broker that stops answering: a raw TCP server that accepts and then says nothing (or only CONNACK). The
 * connection must not hang on it: operations give up with a reason, and disconnect closes the socket.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { BrokerConnection } from '../../client/src/broker/connection';
import { options, until, waitFor } from '../helpers/connections';

/** MQTT 5 CONNACK: session not present, reason 0, no properties. */
const CONNACK = Buffer.from([0x20, 0x03, 0x00, 0x00, 0x00]);

function silentBroker(
  answerConnect: boolean,
): Promise<{ server: Server; port: number; sockets: Socket[]; closed: Set<Socket> }> {
  const sockets: Socket[] = [];
  const closed = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => closed.add(socket));
    socket.resume();
    socket.once('data', () => {
      if (answerConnect) socket.write(CONNACK);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0, sockets, closed });
    }),
  );
}

describe('a broker that stops answering (raw TCP server)', () => {
  let broker: Awaited<ReturnType<typeof silentBroker>>;
  afterEach(() => {
    for (const s of broker.sockets) s.destroy();
    broker.server.close();
  });

  it('disconnect while still connecting closes the socket at once', async () => {
    broker = await silentBroker(false);
    const c = new BrokerConnection(options(`mqtt://127.0.0.1:${broker.port}`, { connectTimeoutMs: 30_000 }));
    await c.connect();
    await waitFor(() => broker.sockets.length === 1);
    const started = Date.now();
    await c.disconnect();
    assert.ok(Date.now() - started < 1000, `disconnect took ${Date.now() - started} ms`);
    // The server sees the client go: no ghost connection left behind.
    await waitFor(() => broker.closed.has(broker.sockets[0]!), 3000);
    assert.equal(c.state.state, 'disconnected');
  });

  it('a publish with no acknowledgement gives up with the reason, and disconnect does not wait for it', async () => {
    broker = await silentBroker(true);
    const c = new BrokerConnection(
      options(`mqtt://127.0.0.1:${broker.port}`, { subscriptions: [], operationTimeoutMs: 500 }),
    );
    await c.connect();
    await until(c, (s) => s.state === 'connected');
    await assert.rejects(
      c.publish('t', 'x', { qos: 1, retain: false }),
      /publish: no answer from the broker within 0.5 s/,
    );
    const pending = c.publish('t', 'y', { qos: 1, retain: false }).then(
      () => 'settled',
      (error: Error) => error.message,
    );
    const started = Date.now();
    await c.disconnect();
    assert.match(await pending, /publish: disconnected/);
    assert.ok(Date.now() - started < 3000, `disconnect took ${Date.now() - started} ms`);
    await waitFor(() => broker.closed.has(broker.sockets[0]!), 3000);
  });
});
