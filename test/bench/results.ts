/**
 * What `npm run bench` found, with the machine it ran on: `bench/results/latest.json` (for tools: the ingest
 * ratio to bare mqtt.js is a number there) and `bench/results/latest.md` (for people), both committed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import type { MemoryResult } from './treeMemory';
import type { IngestResult, RetainedResult, Run } from './brokerBench';
import type { ActivationResult } from './activation';
import { type ClearResult, clearPairs } from './clearBench';

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  mosquitto: string;
  mqttjs: string;
  /** The 1-minute load average when the run started: others share this machine. */
  loadAverage: number;
}

export function machine(): Machine {
  let mosquitto = 'unknown';
  try {
    mosquitto = execFileSync('mosquitto', ['-h'], { encoding: 'utf8' }).split('\n')[0] ?? mosquitto;
  } catch (err) {
    // `mosquitto -h` prints its usage and exits with 3.
    const out = (err as { stdout?: string }).stdout;
    if (out) mosquitto = out.split('\n')[0] ?? mosquitto;
  }
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.platform()} ${os.release()}`,
    node: process.version,
    mosquitto: mosquitto.replace(/^mosquitto version /, ''),
    mqttjs: (require('mqtt/package.json') as { version: string }).version,
    loadAverage: os.loadavg()[0]!,
  };
}

/** A latency summary of the language-server benchmarks, ms. */
export interface Latency {
  name: string;
  p50: number;
  p95: number;
  max: number;
  target?: string;
}

/** One of the issues' targets, with the value it was judged on. */
export interface Target {
  name: string;
  value: number;
  limit: string;
  met: boolean;
}

export interface BenchResults {
  machine: Machine;
  lsp: Latency[];
  /** Issue 12's language-server targets (absent in results written before they were judged). */
  lspTargets?: Target[];
  broker?: {
    ingest: IngestResult;
    memory: MemoryResult[];
    retained: RetainedResult;
    targets: Target[];
  };
  clear?: ClearResult & { targets: Target[] };
  activation?: ActivationResult;
}

/** The `p`th percentile of ascending `sorted` (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** One target as a console line. */
export function targetLine(t: Target): string {
  return `${t.met ? 'met    ' : 'NOT MET'} ${t.name}: ${t.value.toFixed(2)} (target ${t.limit})`;
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};

/** Per subscriber, the median of each measure over the rounds. */
export function medianRuns(rounds: Run[][]): Run[] {
  return rounds[0]!.map((first, i) => {
    const runs = rounds.map((r) => r[i]!);
    const m = (pick: (r: Run) => number) => median(runs.map(pick));
    return {
      ...first,
      received: Math.min(...runs.map((r) => r.received)),
      timedOut: runs.some((r) => r.timedOut),
      firstMs: m((r) => r.firstMs),
      doneMs: m((r) => r.doneMs),
      cpuMicros: m((r) => r.cpuMicros),
      peakHeap: m((r) => r.peakHeap),
      peakArrayBuffers: m((r) => r.peakArrayBuffers),
      maxRss: m((r) => r.maxRss),
      lagP99Ms: m((r) => r.lagP99Ms),
      lagMaxMs: m((r) => r.lagMaxMs),
      rate: m((r) => r.rate),
      cpuPerMessageMicros: m((r) => r.cpuPerMessageMicros),
    };
  });
}

/** The issue's targets, judged on this run. */
export function judge(ingest: IngestResult, memory: MemoryResult[], retained: RetainedResult) {
  const ours = medianRuns(ingest.rounds)[2]!;
  const at100k = memory.find((m) => m.topics === 100_000 && m.perTopic === 1);
  const burst = retained.runs[2]!;
  return [
    { name: 'ingest, ours ÷ bare mqtt.js msgs/s', value: ingest.ratio, limit: '≥ 0.9', met: ingest.ratio >= 0.9 },
    {
      name: 'event-loop lag p99 while ingesting, ms',
      value: ours.lagP99Ms,
      limit: '≤ 100',
      met: ours.lagP99Ms <= 100,
    },
    ...(at100k
      ? [
          {
            name: 'heap of 100,000 topics, MB',
            value: (at100k.heapPerTopic * at100k.topics) / 2 ** 20,
            limit: '≤ 100',
            met: at100k.heapPerTopic * at100k.topics <= 100 * 2 ** 20,
          },
        ]
      : []),
    {
      name: `${retained.retained.toLocaleString('en')} retained topics on connect, model complete, s`,
      value: burst.doneMs / 1000,
      limit: '≤ 3',
      met: !burst.timedOut && burst.doneMs <= 3000,
    },
  ];
}

/** The retained clear's target (issue 11), when 100,000 topics were cleared: verified, within 60 s. */
export function judgeClear(result: ClearResult): Target[] {
  const ours = result.runs.find((r) => r.tool === 'ours' && r.topics === 100_000);
  return ours
    ? [
        {
          name: 'discover + back up + clear + verify 100,000 retained topics, s',
          value: ours.ms / 1000,
          limit: '≤ 60, verified',
          met: ours.verified && ours.ms <= 60_000,
        },
      ]
    : [];
}

const MB = (b: number | undefined) => (b === undefined || !Number.isFinite(b) ? '–' : `${(b / 2 ** 20).toFixed(0)} MB`);
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '–');
const fixed = (n: number | undefined, digits = 1) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));

function markdown(r: BenchResults): string {
  const m = r.machine;
  const out = [
    '# `npm run bench`: latest results',
    '',
    `${m.date.slice(0, 10)}, one run on one shared machine: ${m.cpu} × ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, ` +
      `Node ${m.node}, mosquitto ${m.mosquitto}, mqtt.js ${m.mqttjs}; load average ${m.loadAverage.toFixed(1)} at the start. ` +
      'Peers run beside us on the same data, ' +
      'one after another: compare ratios, not absolute numbers.',
    '',
  ];
  const b = r.broker;
  const targets = [...(b?.targets ?? []), ...(r.clear?.targets ?? []), ...(r.lspTargets ?? [])];
  if (targets.length) {
    out.push('## Targets (issues 10, 11 and 12)', '', '| What | Value | Target | Met |', '|---|---|---|---|');
    for (const t of targets)
      out.push(`| ${t.name} | ${fixed(t.value, 2)} | ${t.limit} | ${t.met ? 'yes' : '**no**'} |`);
    out.push('');
  }
  if (b) {
    const { ingest } = b;
    out.push(
      `## Ingest: ${ingest.messages.toLocaleString('en')} QoS 0 messages (50–200 bytes) over ${ingest.topics.toLocaleString('en')} topics`,
      '',
      `Queued in mosquitto for each subscriber before it connects; median of ${ingest.rounds.length} round(s); ` +
        `ours ÷ bare mqtt.js per round: ${ingest.ratios.map((x) => x.toFixed(2)).join(', ')}.`,
      '',
      '| Subscriber | msgs/s | CPU µs/msg | Peak heap (+ buffers) | Event-loop lag p99 / max | ÷ bare mqtt.js |',
      '|---|---|---|---|---|---|',
    );
    const runs = medianRuns(ingest.rounds);
    const bare = runs[1]!;
    for (const run of runs)
      out.push(
        `| ${run.kind} | ${int(run.rate)} | ${fixed(run.cpuPerMessageMicros, 2)} | ${MB(run.peakHeap)} (+ ${MB(run.peakArrayBuffers)}) | ` +
          `${fixed(run.lagP99Ms, 0)} / ${fixed(run.lagMaxMs, 0)} ms | ${fixed(run.rate / bare.rate, 2)} |`,
      );
    out.push(
      '',
      '## Memory of the topic model (default options, after a gc)',
      '',
      '| Topics × messages each | Heap per topic | Payload buffers per topic | Heap in all | History evicted |',
      '|---|---|---|---|---|',
    );
    for (const mem of b.memory)
      out.push(
        `| ${mem.topics.toLocaleString('en')} × ${mem.perTopic} | ${int(mem.heapPerTopic)} B | ${int(mem.arrayBuffersPerTopic)} B | ` +
          `${MB(mem.heapPerTopic * mem.topics)} | ${mem.evicted.toLocaleString('en')} |`,
      );
    const ours = b.retained.runs[2]!;
    out.push(
      '',
      `Through the broker (the retained burst below, ours after a gc): ${MB(ours.heldHeap)} heap + ${MB(ours.heldArrayBuffers)} buffers ` +
        `for ${int(ours.topics ?? NaN)} topics.`,
      '',
      `## Retained burst: ${b.retained.retained.toLocaleString('en')} retained topics delivered on connect`,
      '',
      '| Subscriber | Connect → all received (ours: in the model) | msgs/s | CPU µs/msg | Lag p99 |',
      '|---|---|---|---|---|',
    );
    for (const run of b.retained.runs)
      out.push(
        `| ${run.kind} | ${int(run.doneMs)} ms | ${int(run.rate)} | ${fixed(run.cpuPerMessageMicros, 2)} | ${fixed(run.lagP99Ms, 0)} ms |`,
      );
    out.push(
      '',
      `Tree usable: \`childrenOf(root)\` ${fixed(ours.rootChildrenMs, 2)} ms, a page of 1,000 of a level's children ${fixed(ours.pageMs, 2)} ms.`,
      '',
    );
  }
  if (r.clear) out.push(...clearMarkdown(r.clear));
  if (r.activation) out.push(...activationMarkdown(r.activation));
  if (r.lsp.length) out.push('## Language server', '', '| What | p50 | p95 | max | Target |', '|---|---|---|---|---|');
  for (const l of r.lsp)
    out.push(
      `| ${l.name} | ${fixed(l.p50, 2)} ms | ${fixed(l.p95, 2)} ms | ${fixed(l.max, 2)} ms | ${l.target ?? ''} |`,
    );
  return `${out.join('\n')}\n`;
}

function clearMarkdown(c: ClearResult): string[] {
  const s = (ms: number | undefined) => fixed((ms ?? NaN) / 1000, 1);
  const out = [
    `## Retained clear: discover, clear and verify below \`${c.filter}\``,
    '',
    `Each tool on a fresh mosquitto holding the same retained topics below the filter and ${c.outside.toLocaleString('en')} outside it. ` +
      'Ours: `clearRetained` in a process of its own, with a backup file, default settings (each discovery ends after ' +
      '1 s without a new message); mosquitto_sub: `-t FILTER --remove-retained --retained-only`, no verification, timed until the broker handled its last removal (2.0.11 does not exit by itself). ' +
      'Afterwards a fresh QoS 0 discovery counts what is left on each side of the filter.',
    '',
    '| Topics | Tool | Seconds | Discover + backup / clear / verify, s | Topics/s | CPU s | Broker cores | Left / outside kept | ÷ mosquitto_sub |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { topics, ours, sub, ratio } of clearPairs(c))
    for (const run of [sub, ours])
      out.push(
        `| ${topics.toLocaleString('en')} | ${run.tool} | ${s(run.ms)} | ` +
          `${run.tool === 'ours' ? `${s(run.discoverMs)} / ${s(run.clearMs)} / ${s(run.verifyMs)}` : '–'} | ${int(run.rate)} | ` +
          `${s(run.cpuMicros / 1000)} | ${fixed(run.brokerLoad, 2)} | ${run.left} / ${run.outside}${run.verified ? '' : ' **not verified**'} | ` +
          `${run === ours ? fixed(ratio, 2) : '1'} |`,
      );
  out.push('');
  return out;
}

export function writeResults(results: BenchResults, dir = join(__dirname, '../../../bench/results')): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(dir, 'latest.md'), markdown(results));
}

function activationMarkdown(a: ActivationResult): string[] {
  const KiB = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
  return [
    `## Activation in real VS Code ${a.vscode} (code-server): the installed VSIX`,
    '',
    `${a.runs} cold starts, each with a new user data folder and a new copy of the sample workspace; opening ` +
      `mosquitto.conf activates the extension (${a.event}). The first three rows are VS Code's own ActivationTimes ` +
      '("Developer: Show Running Extensions" shows load + call); the rest come from the extension host\'s ' +
      "performance marks and the extension's `serverReady` (the language server answered `initialize`).",
    '',
    '| What | p50 | max |',
    '|---|---|---|',
    ...a.summary.map((s) => `| ${s.name} | ${int(s.p50)} ms | ${int(s.max)} ms |`),
    '',
    '| Shipped | Size | gzip -9 | In |',
    '|---|---|---|---|',
    ...a.bundles.map((b) => `| ${b.file} | ${KiB(b.bytes)} | ${KiB(b.gzipBytes)} | ${b.shippedIn} |`),
    `| the VSIX | ${KiB(a.vsixBytes)} | – | |`,
    `| the npm tarball | ${KiB(a.npmTarballBytes)} | – | |`,
    '',
  ];
}
