/**
 * The data of the broker benchmarks, the same for every subscriber: realistic 3–5 level topics, 50–200 byte
 * JSON-like payloads, and a publisher that writes raw MQTT 3.1.1 packets to a socket (no client library in
 * the way), so that filling the broker costs little and never limits what a subscriber is measured at.
 */
import { connect, type Socket } from 'node:net';

/** Topic `t` of `topics`: `plant/area<t % 100>/dev<t / 100>`, then nothing, `/temp` or `/status/state`. */
export function benchTopic(t: number): string {
  const tail = ['', '/temp', '/status/state'][t % 3]!;
  return `plant/area${t % 100}/dev${Math.floor(t / 100)}${tail}`;
}

/** Message `m`'s payload: 50 to 200 bytes. */
export function benchPayload(m: number): Buffer {
  const size = 50 + ((m * 37) % 151);
  const head = `{"seq":${m},"value":${((m * 7919) % 10_000) / 100},"unit":"C","pad":"`;
  const tail = '"}';
  return Buffer.from(head + 'x'.repeat(Math.max(0, size - head.length - tail.length)) + tail);
}

function remainingLength(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function packet(first: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([first, ...remainingLength(body.length)]), body]);
}

function utf8(text: string): Buffer {
  const bytes = Buffer.from(text);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A CONNECT packet: MQTT 3.1.1, clean session, this client id and keepalive (seconds). */
export function connectPacket(clientId: string, keepAliveSeconds: number): Buffer {
  const variable = Buffer.concat([
    utf8('MQTT'),
    Buffer.from([4, 0x02, keepAliveSeconds >> 8, keepAliveSeconds & 0xff]),
  ]);
  return packet(0x10, Buffer.concat([variable, utf8(clientId)]));
}

/** A QoS 0 PUBLISH packet. */
export function publishPacket(topic: string, payload: Buffer, retain: boolean): Buffer {
  return packet(0x30 | (retain ? 1 : 0), Buffer.concat([utf8(topic), payload]));
}

/** Read from `socket` until `bytes` arrived that start with `type` (CONNACK, PINGRESP). */
function expect(socket: Socket, type: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (data: Buffer) => {
      socket.off('data', onData);
      socket.off('error', reject);
      if (data[0] === type) resolve();
      else reject(new Error(`broker answered 0x${data.toString('hex')} where 0x${type.toString(16)} was expected`));
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/**
 * Publish `count` messages (message `m` to `topicOf(m)`) at QoS 0 and resolve once the broker has handled
 * every one: a PINGREQ sent after them is answered only when the broker has read everything before it.
 */
export async function publishAll(
  port: number,
  count: number,
  topicOf: (m: number) => string,
  options: { retain?: boolean } = {},
): Promise<void> {
  const socket = connect({ port, host: '127.0.0.1' });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const connack = expect(socket, 0x20);
  socket.write(connectPacket(`bench-publisher-${process.pid}`, 60));
  await connack;
  const CHUNK = 5_000;
  for (let m = 0; m < count; m += CHUNK) {
    const packets: Buffer[] = [];
    for (let i = m; i < Math.min(count, m + CHUNK); i++)
      packets.push(publishPacket(topicOf(i), benchPayload(i), options.retain ?? false));
    if (!socket.write(Buffer.concat(packets))) await new Promise((resolve) => socket.once('drain', resolve));
  }
  const pong = expect(socket, 0xd0);
  socket.write(Buffer.from([0xc0, 0]));
  await pong;
  socket.end(Buffer.from([0xe0, 0]));
}
