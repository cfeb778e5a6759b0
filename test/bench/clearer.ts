/**
 * Our retained clearer under test, alone in its process (forked by `clearBench.ts`), so that its CPU time is
 * its own and `BENCH_PROFILE` can profile it: `clearRetained` from the compiled sources, as the extension's
 * "Back Up and Clear" runs it (default discovery and verification settings, a backup file, progress reported).
 * Each phase opens its own client, so the moments it loads mqtt.js mark where the phases begin.
 */
import { performance } from 'node:perf_hooks';
import { clearRetained } from '../../client/src/broker/retainedClearer';
import { testOptions } from '../helpers/broker';

export interface ClearerJob {
  url: string;
  filter: string;
  backupPath: string;
}

export interface ClearerResult {
  planned: number;
  cleared: number;
  /** Denied, still retained, unverified or not attempted, as the report says. */
  notCleared: number;
  /** Discovery and writing the backup, then the clear, then the verification, ms. */
  discoverMs: number;
  clearMs: number;
  verifyMs: number;
  totalMs: number;
  cpuMicros: number;
}

async function run(job: ClearerJob): Promise<ClearerResult> {
  const mqtt = await import('mqtt');
  const marks: number[] = [];
  const load = () => {
    marks.push(performance.now());
    return Promise.resolve(mqtt);
  };
  let settled = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const report = await clearRetained(
    testOptions(job.url, { protocolVersion: 5 }),
    { broker: 'bench', filter: job.filter, backupPath: job.backupPath },
    { load, discover: { load }, onProgress: (n) => (settled = n) },
  );
  const end = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const [, sendAt = NaN, verifyAt = NaN] = marks;
  const notCleared =
    report.denied.length + report.remaining.length + report.unverified.length + report.notAttempted.length;
  if (settled !== report.planned) console.error(`  ours: ${settled} of ${report.planned} publishes settled`);
  return {
    planned: report.planned,
    cleared: report.cleared.length,
    notCleared,
    discoverMs: sendAt - start,
    clearMs: verifyAt - sendAt,
    verifyMs: end - verifyAt,
    totalMs: end - start,
    cpuMicros: cpu.user + cpu.system,
  };
}

process.once('message', (job: ClearerJob) => {
  run(job).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
