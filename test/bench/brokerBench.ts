/**
 * The broker benchmarks of `npm run bench` (issues 10 and 12): ingest from a local mosquitto beside the C
 * client and a bare mqtt.js subscriber, the model's memory per topic, and a burst of retained topics on
 * connect. Each subscriber runs alone in its own process, one after another, on the same data.
 *
 * The flood is queued in the broker before any subscriber is timed: each subscriber has a persistent session
 * (made by us, `#` at QoS 0, `queue_qos0_messages true`, no queue limits), the publisher writes all
 * messages while they are offline, then each subscriber in turn resumes its session and receives the very
 * same messages as fast as mosquitto can send them and it can take them. So the publisher cannot be the
 * bottleneck, nor share the CPU with the subscriber while it is measured.
 *
 * Scale: BENCH_MESSAGES (1,000,000), BENCH_TOPICS (100,000), BENCH_RETAINED (100,000), BENCH_ROUNDS (2),
 * BENCH_MEMORY_TOPICS (100,000,1,000,000); BENCH_QUICK=1 for a tenth of the data and one round.
 * BENCH_PROFILE=<folder> writes a CPU profile of each Node subscriber there.
 */
import { spawn, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Mosquitto } from '../helpers/broker';
import type { MemoryJob, MemoryResult } from './treeMemory';
import type { SubscriberJob, SubscriberResult } from './subscriber';
import { benchTopic, publishAll } from './workload';

const quick = process.env['BENCH_QUICK'] === '1';
const num = (name: string, full: number, small: number) => Number(process.env[name] ?? (quick ? small : full));

export const scale = {
  messages: num('BENCH_MESSAGES', 1_000_000, 100_000),
  topics: num('BENCH_TOPICS', 100_000, 10_000),
  retained: num('BENCH_RETAINED', 100_000, 10_000),
  rounds: num('BENCH_ROUNDS', 2, 1),
  memoryTopics: (process.env['BENCH_MEMORY_TOPICS'] ?? (quick ? '10000,100000' : '100000,1000000'))
    .split(',')
    .map(Number),
};

const TIMEOUT_MS = 180_000;

/** One subscriber's run, with the rates derived from it. */
export interface Run extends SubscriberResult {
  /** Messages per second from the first message to the last. */
  rate: number;
  cpuPerMessageMicros: number;
  /** The broker's CPU over the run, in cores: near 1, the broker was the bottleneck. */
  brokerLoad?: number;
}

function derive(r: SubscriberResult): Run {
  const window = r.doneMs - r.firstMs;
  return {
    ...r,
    rate: window > 0 ? (r.received / window) * 1000 : NaN,
    cpuPerMessageMicros: r.received ? r.cpuMicros / r.received : NaN,
  };
}

function runNode(job: SubscriberJob): Promise<Run> {
  return new Promise((resolve, reject) => {
    // BENCH_PROFILE=<folder>: a CPU profile of each Node subscriber there (`node --cpu-prof`).
    const profile = process.env['BENCH_PROFILE'];
    // BENCH_NODE_FLAGS: more flags for the subscribers while diagnosing (e.g. --trace-gc).
    const flags = (process.env['BENCH_NODE_FLAGS'] ?? '').split(/\s+/).filter(Boolean);
    const execArgv = ['--expose-gc', ...flags, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])];
    const child = fork(join(__dirname, 'subscriber.js'), [], { execArgv, stdio: 'inherit' });
    child.once('message', (r: SubscriberResult) => resolve(derive(r)));
    child.once('exit', (code) => reject(new Error(`the ${job.kind} subscriber exited (${code}) without a result`)));
    child.send(job);
  });
}

/** `mosquitto_sub`'s arguments to reach `port` as `clientId`. */
function subArgs(port: number, clientId: string): string {
  return `-h 127.0.0.1 -p ${port} -V mqttv5 -i ${clientId} -q 0`;
}

/** Runs `bash -c script`; resolves with the time it took, ms, and what it wrote to stderr. */
function timeShell(script: string): Promise<{ ms: number; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let stderr = '';
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ ms: performance.now() - start, code, stderr }));
  });
}

/**
 * `mosquitto_sub -t '#' -C n > /dev/null`, its CPU from the shell's `times`. It cannot say when its first
 * message came, so the time a `mosquitto_sub -E` (start, connect, subscribe, exit) takes stands for it:
 * a queued flood starts right after CONNACK, retained messages right after SUBACK.
 */
async function runMosquittoSub(port: number, clientId: string, clean: boolean, expect: number): Promise<Run> {
  const startup = await timeShell(`mosquitto_sub ${subArgs(port, `${clientId}-probe`)} -t bench/none -E`);
  const flags = `${clean ? '' : '-c'} -t '#' -C ${expect} -W ${TIMEOUT_MS / 1000}`;
  const run = await timeShell(
    `mosquitto_sub ${subArgs(port, clientId)} ${flags} > /dev/null; status=$?; times >&2; exit $status`,
  );
  // `times`: the shell's user and system time, then its children's (mosquitto_sub's).
  const times = [...run.stderr.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return derive({
    kind: 'mosquitto_sub',
    received: run.code === 0 ? expect : NaN,
    timedOut: run.code !== 0,
    firstMs: startup.ms,
    doneMs: run.ms,
    cpuMicros: ((times[2] ?? NaN) + (times[3] ?? NaN)) * 1e6,
    peakHeap: NaN,
    peakArrayBuffers: NaN,
    maxRss: NaN,
    lagP99Ms: NaN,
    lagMaxMs: NaN,
  });
}

/** A persistent session subscribed to `#` at QoS 0, left offline: the broker queues the flood for it. */
async function makeSession(url: string, clientId: string): Promise<void> {
  const mqtt = await import('mqtt');
  const client = await mqtt.connectAsync(url, {
    protocolVersion: 5,
    clientId,
    clean: false,
    reconnectPeriod: 0,
    properties: { sessionExpiryInterval: 3600 },
  });
  await client.subscribeAsync('#', { qos: 0 });
  await client.endAsync();
}

/** The CPU time a process has used, µs (Linux: /proc/<pid>/stat; NaN elsewhere). */
export function cpuOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / 100) * 1e6;
  } catch {
    return NaN;
  }
}

/** `measure()`, with the share of one core the broker used meanwhile (1 = a core busy all along). */
async function withBrokerLoad(broker: Mosquitto, measure: () => Promise<Run>): Promise<Run> {
  const cpu = cpuOf(broker.pid);
  const start = performance.now();
  const run = await measure();
  return { ...run, brokerLoad: (cpuOf(broker.pid) - cpu) / ((performance.now() - start) * 1000) };
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};

export interface IngestResult {
  messages: number;
  topics: number;
  rounds: Run[][];
  /** Ours ÷ bare mqtt.js msgs/s, per round (run back to back), and their median. */
  ratios: number[];
  ratio: number;
  publishMs: number;
}

export async function ingest(log: (line: string) => void): Promise<IngestResult> {
  const { messages, topics, rounds } = scale;
  const broker = await Mosquitto.start({
    quiet: true,
    extra: ['max_queued_messages 0', 'max_queued_bytes 0', 'queue_qos0_messages true', 'memory_limit 0'].join('\n'),
  });
  try {
    const kinds = ['mosquitto_sub', 'mqttjs', 'ours'] as const;
    const id = (kind: string, round: number) => `bench-${kind}-${round}`;
    for (let r = 0; r < rounds; r++) for (const kind of kinds) await makeSession(broker.url, id(kind, r));
    let t = performance.now();
    await publishAll(broker.port, messages, (m) => benchTopic(m % topics));
    const publishMs = performance.now() - t;
    log(
      `  queued ${messages.toLocaleString('en')} messages over ${topics.toLocaleString('en')} topics for ${rounds * kinds.length} sessions in ${(publishMs / 1000).toFixed(1)} s`,
    );
    const all: Run[][] = [];
    for (let r = 0; r < rounds; r++) {
      const round: Run[] = [];
      for (const kind of kinds) {
        t = performance.now();
        const run = await withBrokerLoad(broker, () =>
          kind === 'mosquitto_sub'
            ? runMosquittoSub(broker.port, id(kind, r), false, messages)
            : runNode({
                kind,
                url: broker.url,
                clientId: id(kind, r),
                clean: false,
                expect: messages,
                timeoutMs: TIMEOUT_MS,
                measureHeld: true,
              }),
        );
        round.push(run);
        log(`  round ${r + 1} ${describe(run)}`);
      }
      all.push(round);
    }
    const ratios = all.map((round) => round[2]!.rate / round[1]!.rate);
    return { messages, topics, rounds: all, ratios, ratio: median(ratios), publishMs };
  } finally {
    await broker.stop();
  }
}

export function describe(run: Run): string {
  const mb = (b: number | undefined) => (b === undefined || Number.isNaN(b) ? '–' : `${(b / 2 ** 20).toFixed(0)} MB`);
  return (
    `${run.kind.padEnd(13)} ${run.timedOut ? `TIMED OUT at ${run.received}` : `${run.received}`} msgs, ` +
    `${Math.round(run.rate).toLocaleString('en')} msgs/s, ${run.cpuPerMessageMicros.toFixed(2)} µs CPU/msg, ` +
    `first after ${run.firstMs.toFixed(0)} ms, done after ${run.doneMs.toFixed(0)} ms, ` +
    `peak heap ${mb(run.peakHeap)} (+${mb(run.peakArrayBuffers)} buffers), max RSS ${mb(run.maxRss)}, ` +
    `lag p99 ${Number.isNaN(run.lagP99Ms) ? '–' : run.lagP99Ms.toFixed(0)} ms, broker ${run.brokerLoad?.toFixed(2) ?? '–'} cores`
  );
}

export interface RetainedResult {
  retained: number;
  runs: Run[];
}

/** `retained` retained topics stored in a broker, then each subscriber connects anew and receives them all. */
export async function retainedBurst(log: (line: string) => void): Promise<RetainedResult> {
  const { retained } = scale;
  const broker = await Mosquitto.start({ quiet: true, extra: 'max_queued_messages 0\nmax_queued_bytes 0' });
  try {
    await publishAll(broker.port, retained, benchTopic, { retain: true });
    const runs: Run[] = [];
    for (const kind of ['mosquitto_sub', 'mqttjs', 'ours'] as const) {
      const clientId = `bench-retained-${kind}`;
      const run = await withBrokerLoad(broker, () =>
        kind === 'mosquitto_sub'
          ? runMosquittoSub(broker.port, clientId, true, retained)
          : runNode({
              kind,
              url: broker.url,
              clientId,
              clean: true,
              expect: retained,
              timeoutMs: TIMEOUT_MS,
              measureHeld: true,
              topics: retained,
            }),
      );
      runs.push(run);
      log(`  ${describe(run)}`);
    }
    return { retained, runs };
  } finally {
    await broker.stop();
  }
}

function measureMemory(job: MemoryJob): Promise<MemoryResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'treeMemory.js'), [], {
      execArgv: ['--expose-gc', '--max-old-space-size=8192'],
      stdio: 'inherit',
    });
    child.once('message', (r: MemoryResult) => resolve(r));
    child.once('exit', (code) => reject(new Error(`the memory benchmark exited (${code}) without a result`)));
    child.send(job);
  });
}

/** The model alone: one message per topic at each size, and 21 per topic (a full default history). */
export async function treeMemory(log: (line: string) => void): Promise<MemoryResult[]> {
  const jobs: MemoryJob[] = [
    ...scale.memoryTopics.map((topics) => ({ topics, perTopic: 1 })),
    { topics: scale.memoryTopics[0]!, perTopic: 21 },
  ];
  const results: MemoryResult[] = [];
  for (const job of jobs) {
    const r = await measureMemory(job);
    results.push(r);
    log(
      `  ${r.topics.toLocaleString('en')} topics × ${r.perTopic} messages: ${r.heapPerTopic.toFixed(0)} B heap + ${r.arrayBuffersPerTopic.toFixed(0)} B payload buffers per topic, ` +
        `${((r.topics * r.heapPerTopic) / 2 ** 20).toFixed(0)} MB heap in all; ${r.evicted.toLocaleString('en')} history entries evicted; ingested in ${(r.ingestMs / 1000).toFixed(1)} s`,
    );
  }
  return results;
}
