/**
 * One subscriber under test, alone in its process (forked by `brokerBench.ts`), so that the CPU time, heap
 * and event-loop lag it reports are its own. It connects, counts messages until it has `expect` of them (or
 * the timeout), and sends one `SubscriberResult` to its parent.
 *
 *  - `mqttjs`: a bare mqtt.js client with an empty handler, the most Node can do.
 *  - `ours`: what the extension runs: a `BrokerManager` (its `BrokerConnection` and `TopicTree`, messages
 *    handed over in batches and ingested) from the compiled sources, outside VS Code.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { BrokerManager } from '../../client/src/broker/manager';
import { parseProfiles } from '../../client/src/broker/profiles';
import type { TopicTree } from '../../client/src/core/topicTree';
import { benchTopic } from './workload';

export interface SubscriberJob {
  kind: 'mqttjs' | 'ours';
  url: string;
  clientId: string;
  /** false: resume the session the parent made (its queue holds the flood); true: a new session (retained). */
  clean: boolean;
  expect: number;
  timeoutMs: number;
  /** After the run: a gc, then the heap the received data holds (needs --expose-gc). */
  measureHeld?: boolean;
  /** Topics in the workload, for the "tree usable" timings (ours only). */
  topics?: number;
}

export interface SubscriberResult {
  kind: string;
  received: number;
  timedOut: boolean;
  /** From the start of the connection to the first message received, ms. */
  firstMs: number;
  /** From the start of the connection to the last message received (ours: ingested into the model), ms. */
  doneMs: number;
  /** CPU (user + system) of the process from the start of the connection to the last message, µs. */
  cpuMicros: number;
  /** Highest heapUsed and arrayBuffers seen by a 10 ms sampler, bytes. */
  peakHeap: number;
  peakArrayBuffers: number;
  /** The process's peak resident set (the kernel's), bytes. */
  maxRss: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** After a gc at the end (measureHeld): what the process holds. */
  heldHeap?: number;
  heldArrayBuffers?: number;
  /** Ours: topics in the model at the end, and the "tree usable" timings, ms. */
  topics?: number;
  rootChildrenMs?: number;
  pageMs?: number;
}

const now = () => performance.timeOrigin + performance.now();

async function run(job: SubscriberJob): Promise<SubscriberResult> {
  // Loaded before the clock starts (both kinds use it): loading it blocks the loop for a quarter of a second.
  const mqtt = await import('mqtt');
  let peakHeap = 0;
  let peakArrayBuffers = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakArrayBuffers = Math.max(peakArrayBuffers, m.arrayBuffers);
  };
  const sampler = setInterval(sample, 10);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const start = now();
  let first = 0;
  let received = 0;
  let tree: TopicTree | undefined;
  let close: () => Promise<void> = () => Promise.resolve();

  const finished = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), job.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    if (job.kind === 'mqttjs') {
      {
        const client = mqtt.connect(job.url, {
          protocolVersion: 5,
          clientId: job.clientId,
          clean: job.clean,
          reconnectPeriod: 0,
          resubscribe: false,
        });
        close = () => client.endAsync(true);
        client.on('connect', (connack) => {
          if (!connack.sessionPresent) void client.subscribeAsync('#', { qos: 0 });
        });
        client.on('message', () => {
          if (received++ === 0) first = now();
          if (received === job.expect) done();
        });
      }
    } else {
      const manager = new BrokerManager({
        password: () => Promise.resolve(undefined),
        readFile: () => Promise.reject(new Error('no files in the benchmark')),
      });
      const { profiles } = parseProfiles([{ name: 'bench', url: job.url, clientId: job.clientId, clean: job.clean }]);
      void manager
        .setProfiles(profiles)
        .then(() => manager.connect('bench'))
        .then(() => {
          // A batch may be handed over a moment after its first message: its arrival time is in the batch.
          manager.connection('bench')?.onMessages((batch) => {
            if (first === 0 && batch[0]) first = batch[0].time;
          });
        });
      close = () => manager.dispose();
      manager.onDidChange((_, kind) => {
        if (kind !== 'messages') return;
        tree = manager.tree('bench');
        if (!tree) return;
        received = tree.root.messages + tree.system.messages;
        if (received >= job.expect) done();
      });
    }
  });
  const completed = await finished;
  const end = now();
  const cpu = process.cpuUsage(cpu0);
  sample();
  lag.disable();
  clearInterval(sampler);
  const result: SubscriberResult = {
    kind: job.kind,
    received,
    timedOut: !completed,
    firstMs: first ? first - start : NaN,
    doneMs: end - start,
    cpuMicros: cpu.user + cpu.system,
    peakHeap,
    peakArrayBuffers,
    maxRss: process.resourceUsage().maxRSS * 1024,
    lagP99Ms: lag.percentile(99) / 1e6,
    lagMaxMs: lag.max / 1e6,
  };
  if (tree) {
    result.topics = tree.root.topics;
    let t = performance.now();
    const top = tree.childrenOf(tree.root);
    result.rootChildrenMs = performance.now() - t;
    // A level with 1,000 children or more (`plant/area0`), its first page.
    const wide = tree.nodeFor(benchTopic(0).split('/').slice(0, 2).join('/'));
    t = performance.now();
    if (wide) tree.childrenOf(wide, 0, 1000);
    result.pageMs = performance.now() - t;
    if (top.length === 0 || !wide) result.pageMs = NaN;
  }
  if (job.measureHeld && global.gc) {
    global.gc();
    const m = process.memoryUsage();
    result.heldHeap = m.heapUsed;
    result.heldArrayBuffers = m.arrayBuffers;
  }
  await close();
  return result;
}

process.once('message', (job: SubscriberJob) => {
  run(job).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
