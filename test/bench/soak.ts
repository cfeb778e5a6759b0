/**
 * `npm run soak` (issue 12): a BrokerManager held under load for SOAK_SECONDS (600) while the broker is
 * SIGKILLed and restarted five times and, near the end, another client takes its client id over. It reports
 * heap growth after the warm-up, recoveries, the takeover, and sockets or timers left after dispose; it
 * writes bench/results/soak.json and exits 1 when a goal is missed.
 *
 * Three processes, so that each measures only itself: this one (broker, schedule, the thief), a paced raw
 * publisher (`soak.js publisher`), and ours (`soak.js ours`, with --expose-gc).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BrokerManager } from '../../client/src/broker/manager';
import { parseProfiles } from '../../client/src/broker/profiles';
import { Mosquitto } from '../helpers/broker';
import { machine } from './results';
import { benchPayload, benchTopic, connectPacket, publishPacket } from './workload';

const RATE = 10_000;
const TOPICS = 10_000;
const KILLS = 5;
/** Recovery: connected again and this many new messages ingested, within RECOVERY_MS of the broker's restart. */
const FLOWING = 1000;
const RECOVERY_MS = 30_000;
const TAKEOVER_MS = 10_000;
const HEAP_GROWTH = 0.1;

type ToOurs = { cmd: 'start'; url: string; clientId: string } | { cmd: 'heap' } | { cmd: 'dispose' };
type FromOurs =
  | { type: 'state'; state: string; failure?: string; at: number }
  | { type: 'count'; received: number; topics: number; at: number }
  | { type: 'heap'; heapUsed: number; rss: number }
  | { type: 'leaks'; before: Handles; after: Handles };

/** What could outlive a session: sockets to the broker's port, and timers. */
interface Handles {
  sockets: number;
  timers: number;
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------
// The publisher: ~RATE messages/s at QoS 0 over TOPICS topics, raw MQTT 3.1.1, reconnecting after a restart.

function publisher(port: number): void {
  // Keepalive 0: a paced flood needs no pings.
  const hello = connectPacket(`soak-publisher-${process.pid}`, 0);
  let socket: Socket | undefined;
  let ready = false;
  let sent = 0;
  let m = 0;
  let credit = 0;
  let last = now();
  const open = () => {
    const s = connect({ port, host: '127.0.0.1' });
    socket = s;
    ready = false;
    s.setNoDelay(true);
    s.on('connect', () => s.write(hello));
    s.on('data', (d: Buffer) => {
      if (d[0] === 0x20) ready = true;
    });
    s.on('error', () => undefined);
    s.on('close', () => {
      socket = undefined;
      ready = false;
      setTimeout(open, 200);
    });
  };
  open();
  // Paced by the clock: what is due since the last tick, never a backlog from while the broker was down.
  setInterval(() => {
    const t = now();
    credit = Math.min(credit + ((t - last) / 1000) * RATE, RATE / 10);
    last = t;
    if (!ready || !socket || socket.writableLength > 1 << 20) return;
    const n = Math.floor(credit);
    credit -= n;
    const packets: Buffer[] = [];
    for (let i = 0; i < n; i++, m++) packets.push(publishPacket(benchTopic(m % TOPICS), benchPayload(m), false));
    socket.write(Buffer.concat(packets));
    sent += n;
  }, 10);
  setInterval(() => process.send?.({ sent }), 1000);
}

// ---------------------------------------------------------------------------------------------------------
// Ours: a BrokerManager with one profile subscribed to `#`, reporting its state, its count and its heap.

function handles(port: number): Handles {
  const active = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return {
    sockets: active.filter((h) => (h as { remotePort?: number }).remotePort === port).length,
    timers: process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length,
  };
}

function gcHeap(): { heapUsed: number; rss: number } {
  global.gc?.();
  global.gc?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss };
}

function ours(): void {
  const send = (message: FromOurs) => process.send?.(message);
  process.on('message', (message: ToOurs) => {
    void (async () => {
      if (message.cmd === 'start') {
        await import('mqtt');
        const port = Number(new URL(message.url).port);
        // The sampler: its timer is counted before connecting and after disposing alike.
        let received = 0;
        let topics = 0;
        const sampler = setInterval(() => send({ type: 'count', received, topics, at: now() }), 250);
        const before = handles(port);
        const manager = new BrokerManager({
          password: () => Promise.resolve(undefined),
          readFile: () => Promise.reject(new Error('no files in the soak')),
        });
        const { profiles } = parseProfiles([
          {
            name: 'soak',
            url: message.url,
            clientId: message.clientId,
            protocolVersion: 5,
            subscriptions: [{ topic: '#', qos: 0 }],
          },
        ]);
        manager.onDidChange((_, kind) => {
          if (kind === 'state') {
            const s = manager.state('soak');
            send({ type: 'state', state: s.state, ...(s.failure ? { failure: s.failure.kind } : {}), at: now() });
          } else if (kind === 'messages') {
            const tree = manager.tree('soak');
            if (tree) {
              received = tree.root.messages + tree.system.messages;
              topics = tree.root.topics;
            }
          }
        });
        await manager.setProfiles(profiles);
        await manager.connect('soak');
        process.on('message', (next: ToOurs) => {
          void (async () => {
            if (next.cmd === 'heap') send({ type: 'heap', ...gcHeap() });
            else if (next.cmd === 'dispose') {
              await manager.dispose();
              // Closed sockets leave the handle list on the next turns of the loop.
              await sleep(500);
              const after = handles(port);
              clearInterval(sampler);
              send({ type: 'leaks', before, after });
            }
          })();
        });
      }
    })();
  });
}

// ---------------------------------------------------------------------------------------------------------
// The schedule, in this process.

interface Recovery {
  killedAt: number;
  /** From the restart to `connected`, and to FLOWING new messages in the model, ms (NaN: not within RECOVERY_MS). */
  connectedMs: number;
  flowingMs: number;
  recovered: boolean;
}

class Ours {
  readonly child: ChildProcess;
  state = 'disconnected';
  failure: string | undefined;
  received = 0;
  topics = 0;
  /** Time spent connected, ms, and the messages received meanwhile (counted between two samples both connected). */
  connectedMs = 0;
  connectedReceived = 0;
  private lastCount: { at: number; received: number; connected: boolean } | undefined;
  private readonly waiters = new Set<() => void>();
  private replies: ((m: FromOurs) => void)[] = [];

  constructor() {
    this.child = fork(join(__dirname, 'soak.js'), ['ours'], { execArgv: ['--expose-gc'], stdio: 'inherit' });
    this.child.on('message', (m: FromOurs) => {
      if (m.type === 'state') {
        this.state = m.state;
        this.failure = m.failure;
      } else if (m.type === 'count') {
        const connected = this.state === 'connected';
        if (this.lastCount?.connected && connected) {
          this.connectedMs += m.at - this.lastCount.at;
          this.connectedReceived += m.received - this.lastCount.received;
        }
        this.lastCount = { at: m.at, received: m.received, connected };
        this.received = m.received;
        this.topics = m.topics;
      } else this.replies.shift()?.(m);
      for (const w of this.waiters) w();
    });
  }

  send(message: ToOurs): void {
    this.child.send(message);
  }

  ask<T extends FromOurs>(message: ToOurs): Promise<T> {
    return new Promise((resolve) => {
      this.replies.push((m) => resolve(m as T));
      this.child.send(message);
    });
  }

  /** Resolves with the time `test` became true (ms since the epoch), or NaN after `ms`. */
  until(test: () => boolean, ms: number): Promise<number> {
    return new Promise((resolve) => {
      const check = () => {
        if (!test()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(now());
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(NaN);
      }, ms);
      this.waiters.add(check);
      check();
    });
  }
}

async function soak(): Promise<number> {
  const seconds = Number(process.env['SOAK_SECONDS'] ?? 600);
  const durationMs = seconds * 1000;
  // The warm-up covers filling every topic's history (20 messages at one per topic per second).
  const warmupMs = Math.min(60_000, Math.max(0.2 * durationMs, 30_000));
  const takeoverAt = 0.9 * durationMs;
  const log = (line: string) => console.log(`[${((now() - start) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const start = now();
  const info = machine();
  const broker = await Mosquitto.start({ quiet: true });
  const clientId = `soak-ours-${process.pid}`;
  const us = new Ours();
  const pub = fork(join(__dirname, 'soak.js'), ['publisher', String(broker.port)], { stdio: 'inherit' });
  let sent = 0;
  pub.on('message', (m: { sent: number }) => (sent = m.sent));
  const recoveries: Recovery[] = [];
  let thief: { endAsync(force?: boolean): Promise<void> } | undefined;
  try {
    us.send({ cmd: 'start', url: broker.url, clientId });
    const first = await us.until(() => us.state === 'connected' && us.received > FLOWING, 30_000);
    if (Number.isNaN(first)) throw new Error(`ours never received messages (state ${us.state})`);
    log(`connected and receiving; warm-up until ${(warmupMs / 1000).toFixed(0)} s`);
    const warm = (async () => {
      await sleep(start + warmupMs - now());
      // Measured connected, after a recovery if a kill falls in the warm-up.
      await us.until(() => us.state === 'connected', RECOVERY_MS);
      const heap = await us.ask<Extract<FromOurs, { type: 'heap' }>>({ cmd: 'heap' });
      log(`heap after warm-up ${(heap.heapUsed / 2 ** 20).toFixed(1)} MB, ${us.topics} topics`);
      return {
        heap,
        at: now(),
        sent,
        received: us.received,
        connectedMs: us.connectedMs,
        connectedReceived: us.connectedReceived,
      };
    })();

    // The kills, evenly spaced before the takeover (the warm-up may include the first: the heap is measured
    // after it recovered). Spaced wider than the connection's 10 s "held" time, so each finds the backoff reset.
    const gap = takeoverAt / (KILLS + 1);
    for (let k = 0; k < KILLS; k++) {
      await sleep(start + (k + 1) * gap - now());
      const killedAt = now();
      await broker.kill('SIGKILL');
      await us.until(() => us.state !== 'connected', 5000);
      await broker.run();
      const restartedAt = now();
      const connected = await us.until(() => us.state === 'connected', RECOVERY_MS);
      const base = us.received;
      const flowing = Number.isNaN(connected)
        ? NaN
        : await us.until(() => us.received >= base + FLOWING, RECOVERY_MS - (now() - restartedAt));
      const r: Recovery = {
        killedAt: (killedAt - start) / 1000,
        connectedMs: connected - restartedAt,
        flowingMs: flowing - restartedAt,
        recovered: !Number.isNaN(flowing),
      };
      recoveries.push(r);
      log(
        `kill ${k + 1}: ${r.recovered ? 'recovered' : 'NOT RECOVERED'}, connected after ${r.connectedMs.toFixed(0)} ms, ` +
          `messages after ${r.flowingMs.toFixed(0)} ms (state ${us.state}${us.failure ? `, ${us.failure}` : ''})`,
      );
    }

    await sleep(start + takeoverAt - now());
    const { heap: heapStart, ...atWarm } = await warm;
    const sentAtEnd = sent;
    const receivedAtEnd = us.received;
    const endAt = now();
    const mqtt = await import('mqtt');
    const takeoverStart = now();
    const wasConnected = us.state === 'connected';
    // A client as mqtt.js makes it by default, reconnecting every second when it loses the id in turn: mosquitto
    // (2.0.11 here) closes the older connection without a DISCONNECT 0x8E, so a thief that gave up after one
    // connection would just lose the id back to us, and nobody would have anything to report.
    thief = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId, reconnectPeriod: 1000 });
    const detected = await us.until(() => us.state === 'failed', TAKEOVER_MS);
    const takeover = {
      wasConnected,
      detectedMs: detected - takeoverStart,
      state: us.state,
      failure: us.failure ?? null,
      met: wasConnected && !Number.isNaN(detected) && us.failure === 'client-id',
    };
    log(
      `takeover: state ${takeover.state}${takeover.failure ? ` (${takeover.failure})` : ''} after ${takeover.detectedMs.toFixed(0)} ms`,
    );
    await sleep(Math.max(0, start + durationMs - now()));
    const heapEnd = await us.ask<Extract<FromOurs, { type: 'heap' }>>({ cmd: 'heap' });
    const leaks = await us.ask<Extract<FromOurs, { type: 'leaks' }>>({ cmd: 'dispose' });
    const growth = heapEnd.heapUsed / heapStart.heapUsed - 1;
    const steadyS = (endAt - atWarm.at) / 1000;
    const rates = {
      publishedPerSecond: (sentAtEnd - atWarm.sent) / steadyS,
      receivedPerSecond: (receivedAtEnd - atWarm.received) / steadyS,
      /** Received while connected (QoS 0: what is published while the broker is down is lost by design). */
      receivedConnectedPerSecond:
        ((us.connectedReceived - atWarm.connectedReceived) / (us.connectedMs - atWarm.connectedMs)) * 1000,
      published: sent,
      received: us.received,
      topics: us.topics,
    };
    const recovered = recoveries.filter((r) => r.recovered).length;
    const leaked = leaks.after.sockets > leaks.before.sockets || leaks.after.timers > leaks.before.timers;
    const goals = {
      heap: growth <= HEAP_GROWTH,
      recoveries: recovered === KILLS,
      takeover: takeover.met,
      leaks: !leaked,
      // The load was what the issue asks for: at least 90 % of RATE, published and received, between kills.
      rate: rates.publishedPerSecond >= 0.9 * RATE && rates.receivedConnectedPerSecond >= 0.9 * RATE,
    };
    const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
    const ok = (b: boolean) => (b ? 'ok' : 'FAILED');
    console.log(
      [
        '',
        `soak, ${seconds} s (warm-up ${(warmupMs / 1000).toFixed(0)} s), ${info.cpu} × ${info.cores}, node ${info.node}, mosquitto ${info.mosquitto}`,
        `  rate        published ${Math.round(rates.publishedPerSecond)} msg/s, received ${Math.round(rates.receivedPerSecond)} msg/s (${Math.round(rates.receivedConnectedPerSecond)} while connected) between warm-up and takeover, ${rates.topics} topics: ${ok(goals.rate)}`,
        `  heap        ${mb(heapStart.heapUsed)} → ${mb(heapEnd.heapUsed)} (${(growth * 100).toFixed(1)} %, limit ${HEAP_GROWTH * 100} %): ${ok(goals.heap)}`,
        `  recoveries  ${recovered}/${KILLS}, connected after ${recoveries.map((r) => r.connectedMs.toFixed(0)).join(', ')} ms: ${ok(goals.recoveries)}`,
        `  takeover    ${takeover.failure ?? takeover.state} after ${takeover.detectedMs.toFixed(0)} ms (limit ${TAKEOVER_MS / 1000} s): ${ok(goals.takeover)}`,
        `  after dispose  sockets to the broker ${leaks.before.sockets} → ${leaks.after.sockets}, timers ${leaks.before.timers} → ${leaks.after.timers}: ${ok(goals.leaks)}`,
      ].join('\n'),
    );
    const folder = join(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(folder, { recursive: true });
    const result = {
      machine: info,
      durationSeconds: seconds,
      warmupSeconds: warmupMs / 1000,
      rates,
      recoveries,
      takeover,
      heap: { start: heapStart.heapUsed, end: heapEnd.heapUsed, growth, rssStart: heapStart.rss, rssEnd: heapEnd.rss },
      leaks,
      goals,
    };
    writeFileSync(join(folder, 'soak.json'), `${JSON.stringify(result, null, 2)}\n`);
    const failed = Object.entries(goals).filter(([, met]) => !met);
    console.log(failed.length ? `goals missed: ${failed.map(([g]) => g).join(', ')}` : 'all goals met');
    return failed.length ? 1 : 0;
  } finally {
    await thief?.endAsync(true);
    pub.kill();
    us.child.kill();
    await broker.stop();
  }
}

const role = process.argv[2];
if (role === 'publisher') publisher(Number(process.argv[3]));
else if (role === 'ours') ours();
else
  soak().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
