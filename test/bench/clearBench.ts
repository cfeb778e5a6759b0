/**
 * The retained-clear benchmark of `npm run bench` (issues 11 and 12): discover, back up, clear and verify N
 * retained topics with our clearer, beside `mosquitto_sub --remove-retained --retained-only` on the same data.
 * Each tool gets a fresh mosquitto holding the same N retained topics below the filter plus a few outside
 * it; afterwards a fresh QoS 0 discovery counts what is still retained on each side of the filter, so a clear
 * is judged by what the broker holds, not by what the tool says.
 *
 * mosquitto_sub 2.0.11 does not end by itself here: `--retained-only` stops it at the first message without
 * the retain flag, but once its last removal is acknowledged before that message comes it never disconnects
 * (and the echoes of its own removals, empty, do not stop it either), so only `-W` would end it. Its time is
 * therefore taken up to the moment the broker has handled its last removal: a watcher subscribed to the filter
 * with retain handling 2 (no retained messages on subscribe) counts the empty messages the broker forwards as
 * it deletes each retained one; at the last, mosquitto_sub is stopped.
 *
 * Scale: BENCH_CLEAR_TOPICS (10,000,100,000; BENCH_QUICK=1: 1,000,10,000). BENCH_PROFILE=<folder> writes a
 * CPU profile of our clearer there.
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { discoverRetained } from '../../client/src/broker/retained';
import { Mosquitto, testOptions } from '../helpers/broker';
import { cpuOf } from './brokerBench';
import type { ClearerJob, ClearerResult } from './clearer';
import { benchTopic, publishAll } from './workload';

const quick = process.env['BENCH_QUICK'] === '1';
const sizes = (process.env['BENCH_CLEAR_TOPICS'] ?? (quick ? '1000,10000' : '10000,100000')).split(',').map(Number);

/** Every bench topic is below it (`plant/area…`); the topics outside it must survive each clear. */
const FILTER = 'plant/#';
const OUTSIDE = 1000;
const TIMEOUT_S = 300;

export interface ClearRun {
  tool: 'ours' | 'mosquitto_sub';
  topics: number;
  /** Start to exit (ours: to the report, verification included), ms. */
  ms: number;
  /** Ours: discovery with the backup written, clear, verification, ms. */
  discoverMs?: number;
  clearMs?: number;
  verifyMs?: number;
  /** Ours: what its report says. */
  reported?: { planned: number; cleared: number; notCleared: number };
  /** mosquitto_sub: the removals the broker handled before it was stopped (or exited by itself). */
  removed?: number;
  /** Topics per second, start to exit. */
  rate: number;
  cpuMicros: number;
  /** The broker's CPU over the run, in cores. */
  brokerLoad: number;
  /** Retained topics a fresh discovery found afterwards below the filter (want 0) and outside it (want all). */
  left: number;
  outside: number;
  /** The tool's own claim and the broker agree: nothing left below the filter, nothing outside touched. */
  verified: boolean;
}

export interface ClearResult {
  filter: string;
  outside: number;
  runs: ClearRun[];
}

/** mosquitto_sub on `broker`, until the broker has deleted `topics` retained messages (or it exits by itself). */
async function runMosquittoSub(
  broker: Mosquitto,
  topics: number,
): Promise<{ ms: number; removed: number; cpuMicros: number }> {
  const mqtt = await import('mqtt');
  const watcher = await mqtt.connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
  let removed = 0;
  const all = new Promise<void>((resolve) =>
    watcher.on('message', (_topic, payload, packet) => {
      if (!packet.retain && payload.length === 0 && ++removed === topics) resolve();
    }),
  );
  await watcher.subscribeAsync(FILTER, { qos: 0, rh: 2 });
  const start = performance.now();
  const args = ['-h', '127.0.0.1', '-p', `${broker.port}`, '-t', FILTER, '--remove-retained', '--retained-only'];
  const child = spawn('mosquitto_sub', [...args, '-W', `${TIMEOUT_S}`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve, reject) => child.once('close', () => resolve()).once('error', reject));
  await Promise.race([all, exited]);
  const ms = performance.now() - start;
  const cpuMicros = cpuOf(child.pid);
  child.kill('SIGTERM');
  await exited;
  await watcher.endAsync();
  return { ms, removed, cpuMicros };
}

function runOurs(job: ClearerJob): Promise<ClearerResult> {
  return new Promise((resolve, reject) => {
    const profile = process.env['BENCH_PROFILE'];
    const execArgv = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
    const child = fork(join(__dirname, 'clearer.js'), [], { execArgv, stdio: 'inherit' });
    child.once('message', (r: ClearerResult) => resolve(r));
    child.once('exit', (code) => reject(new Error(`our clearer exited (${code}) without a result`)));
    child.send(job);
  });
}

/** What is retained afterwards, below the filter and outside it. */
async function remaining(broker: Mosquitto): Promise<{ left: number; outside: number }> {
  const found = await discoverRetained(testOptions(broker.url), '#', { qos: 0, timeoutMs: TIMEOUT_S * 1000 });
  if (!found.complete) throw new Error(`the check after the clear ended by ${found.ended}`);
  const left = found.messages.filter((m) => m.topic.startsWith('plant/')).length;
  return { left, outside: found.messages.length - left };
}

async function clearOnce(tool: ClearRun['tool'], topics: number, dir: string): Promise<ClearRun> {
  const broker = await Mosquitto.start({ quiet: true, extra: 'max_queued_messages 0\nmax_queued_bytes 0' });
  try {
    await publishAll(broker.port, topics + OUTSIDE, (m) => (m < topics ? benchTopic(m) : `outside/${m}`), {
      retain: true,
    });
    const cpu = cpuOf(broker.pid);
    let run: Omit<ClearRun, 'rate' | 'brokerLoad' | 'left' | 'outside' | 'verified'>;
    if (tool === 'ours') {
      const r = await runOurs({ url: broker.url, filter: FILTER, backupPath: join(dir, `backup-${topics}.json`) });
      run = {
        tool,
        topics,
        ms: r.totalMs,
        discoverMs: r.discoverMs,
        clearMs: r.clearMs,
        verifyMs: r.verifyMs,
        reported: { planned: r.planned, cleared: r.cleared, notCleared: r.notCleared },
        cpuMicros: r.cpuMicros,
      };
    } else {
      run = { tool, topics, ...(await runMosquittoSub(broker, topics)) };
    }
    const brokerLoad = (cpuOf(broker.pid) - cpu) / (run.ms * 1000);
    const after = await remaining(broker);
    const claimed =
      tool === 'ours' ? run.reported?.cleared === topics && run.reported.notCleared === 0 : run.removed === topics;
    return {
      ...run,
      rate: (topics / run.ms) * 1000,
      brokerLoad,
      ...after,
      verified: claimed && after.left === 0 && after.outside === OUTSIDE,
    };
  } finally {
    await broker.stop();
  }
}

export function describeClear(run: ClearRun): string {
  const s = (ms: number | undefined) => `${((ms ?? NaN) / 1000).toFixed(1)} s`;
  const phases =
    run.tool === 'ours'
      ? ` (discover + backup ${s(run.discoverMs)}, clear ${s(run.clearMs)}, verify ${s(run.verifyMs)}; ` +
        `reported ${run.reported?.cleared} cleared, ${run.reported?.notCleared} not)`
      : ` (${run.removed} removals handled by the broker)`;
  return (
    `${run.tool.padEnd(13)} ${run.topics.toLocaleString('en')} topics in ${s(run.ms)}${phases}, ` +
    `${Math.round(run.rate).toLocaleString('en')} topics/s, CPU ${s(run.cpuMicros / 1000)}, broker ${run.brokerLoad.toFixed(2)} cores; ` +
    `afterwards ${run.left} left below ${FILTER}, ${run.outside} of ${OUTSIDE} outside${run.verified ? '' : '  NOT VERIFIED'}`
  );
}

/** For each size, mosquitto_sub then ours, each on a fresh broker holding the same retained topics. */
export async function retainedClear(log: (line: string) => void): Promise<ClearResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mqttwb-bench-clear-'));
  try {
    const runs: ClearRun[] = [];
    for (const topics of sizes)
      for (const tool of ['mosquitto_sub', 'ours'] as const) {
        const run = await clearOnce(tool, topics, dir);
        runs.push(run);
        log(`  ${describeClear(run)}`);
      }
    return { filter: FILTER, outside: OUTSIDE, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Per size, ours and mosquitto_sub with ours ÷ mosquitto_sub in time (above 1: ours is slower). */
export function clearPairs(result: ClearResult): { topics: number; ours: ClearRun; sub: ClearRun; ratio: number }[] {
  return [...new Set(result.runs.map((r) => r.topics))].flatMap((topics) => {
    const ours = result.runs.find((r) => r.topics === topics && r.tool === 'ours');
    const sub = result.runs.find((r) => r.topics === topics && r.tool === 'mosquitto_sub');
    return ours && sub ? [{ topics, ours, sub, ratio: ours.ms / sub.ms }] : [];
  });
}
