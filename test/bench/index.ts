/**
 * `npm run bench`: performance of the analyses, reported with the machine (never asserted as a test).
 *  1. validateConfig on a 5,000-line mosquitto.conf (target p95 ≤ 5 ms).
 *  2. didChange → publishDiagnostics latency over LSP stdio, debounce included (debounce ≤ 200 ms).
 */
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { validateConfig } from '../../server/src/conf/validate';
import { defaultSettings } from '../../server/src/types';
import { largeConfig } from '../helpers/largeConfig';
import { LspClient } from '../helpers/lspClient';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2);
  return `n=${s.length}  p50=${f(percentile(s, 50))} ms  p95=${f(percentile(s, 95))} ms  max=${f(s[s.length - 1]!)} ms`;
}

async function lspLatency(rounds: number): Promise<number[]> {
  const client = new LspClient();
  client.settings = { diagnostics: { checkReferencedFiles: false } };
  await client.initialize();
  const uri = 'file:///bench/mosquitto.conf';
  const base = largeConfig(500);
  const opened = client.nextDiagnostics(uri);
  await client.open(uri, base);
  await opened;
  const samples: number[] = [];
  for (let version = 2; version < rounds + 2; version++) {
    const published = client.nextDiagnostics(uri, (p) => p.version === version);
    const start = performance.now();
    await client.change(uri, version, `${base}retain_available ${version % 2 ? 'true' : 'false'}\n`);
    await published;
    samples.push(performance.now() - start);
  }
  await client.stop();
  return samples;
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`);

  const text = largeConfig(5000);
  const settings = { ...defaultSettings, checkReferencedFiles: false };
  for (let i = 0; i < 50; i++) validateConfig(text, settings); // warm up the JIT
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const start = performance.now();
    validateConfig(text, settings);
    samples.push(performance.now() - start);
  }
  console.log(`validateConfig, 5,000-line mosquitto.conf (${validateConfig(text, settings).length} diagnostics): ${stats(samples)}   target p95 ≤ 5 ms`);

  const naive: number[] = [];
  for (let i = 0; i < 300; i++) {
    const start = performance.now();
    let n = 0;
    for (const line of text.split('\n')) if (line.length && line[0] !== '#') n += line.split(' ').length;
    naive.push(performance.now() - start + n * 0);
  }
  console.log(`for scale, a naive split of the same text into lines and tokens: ${stats(naive)}`);

  const latency = await lspLatency(40);
  console.log(`didChange → publishDiagnostics over stdio (500-line file, 150 ms debounce included): ${stats(latency)}   target: debounce ≤ 200 ms`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
