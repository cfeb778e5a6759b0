/**
 * Activation of the extension people install, in real VS Code, and the size of what they download.
 *
 * The VSIX and the npm package are built as a person builds them (test/helpers/packaging.ts: a fresh copy,
 * `vsce package` and `npm pack`, so the `--production` bundles; dist/ here is not touched). Their bundles are
 * measured raw and gzipped. Then, `runs` times, code-server (VS Code 1.100.3) starts with a new user data
 * folder and a new copy of the sample workspace, the VSIX is installed into it, and the extension host runs
 * `activationHost/index.ts`, which opens mosquitto.conf (activation event onLanguage:mosquitto-conf) and
 * reports VS Code's own activation times for the extension (the figures "Developer: Show Running
 * Extensions" and "Developer: Startup Performance" show) and when the language server was ready.
 *
 *   node out/test/bench/activation.js [--runs=N]     (after `tsc -b`; prints the results and their JSON)
 */
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { packedProject } from '../helpers/packaging';
import { percentile } from './results';

const root = join(__dirname, '..', '..', '..');

/** What the extension host measured in one cold start (activationHost/index.ts). */
export interface ActivationSample {
  vscode: string;
  /** The activation event VS Code recorded, `onLanguage:mosquitto-conf`. */
  event: string;
  /** VS Code's ActivationTimes (ms): loading dist/client.js (require). */
  codeLoadingTime: number;
  /** The synchronous part of activate(): from the call until it returned its promise. */
  activateCallTime: number;
  /** From activate() returning until its promise resolved. */
  activateResolvedTime: number;
  /** Extension host marks, ms after the extension host process started. */
  hostReadyMs: number;
  openedMs: number;
  willLoadMs: number;
  didActivateMs: number;
  /** code/extHost/willLoadExtensionCode → didLoadExtensionCode, willActivateExtension → didActivateExtension. */
  loadMarkMs: number;
  activateMarkMs: number;
  /** code/extHost/didLoadExtensionCode → willActivateExtension: waiting for the ExtensionContext. */
  contextWaitMs: number;
  /** mosquitto.conf opened → code/extHost/willLoadExtensionCode. */
  openToLoadMs: number;
  /** From opening mosquitto.conf: activation done (VS Code's mark), serverReady resolved, first diagnostics. */
  openToActiveMs: number;
  openToServerReadyMs: number;
  activeToServerReadyMs: number;
  openToFirstDiagnosticsMs: number;
}

export interface BundleSize {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Which packages carry it. */
  shippedIn: string;
}

export interface ActivationSummary {
  name: string;
  p50: number;
  max: number;
}

export interface ActivationResult {
  vscode: string;
  runs: number;
  event: string;
  summary: ActivationSummary[];
  samples: ActivationSample[];
  bundles: BundleSize[];
  vsixBytes: number;
  npmTarballBytes: number;
}

interface RunVsCodeTests {
  runVsCodeTests(options: {
    vsix?: string;
    testsPath?: string;
    timeoutMs?: number;
    log?: (line: string) => void;
  }): Promise<{ passed: number; failed: number; exitCode: number }>;
}

/** The summary rows, in the order a reader follows an activation. */
const MEASURES: [string, keyof ActivationSample][] = [
  ['code loading (VS Code: codeLoadingTime)', 'codeLoadingTime'],
  ['activate() call (VS Code: activateCallTime)', 'activateCallTime'],
  ['activate() resolved (VS Code: activateResolvedTime)', 'activateResolvedTime'],
  ['extension host: code loaded → activate() called (ExtensionContext)', 'contextWaitMs'],
  ['open mosquitto.conf → extension active', 'openToActiveMs'],
  ['extension active → language server ready (serverReady)', 'activeToServerReadyMs'],
  ['open mosquitto.conf → language server ready', 'openToServerReadyMs'],
  ['open mosquitto.conf → first diagnostics', 'openToFirstDiagnosticsMs'],
];

function summarize(samples: ActivationSample[]): ActivationSummary[] {
  return MEASURES.map(([name, key]) => {
    const values = samples.map((s) => s[key] as number).sort((a, b) => a - b);
    return { name, p50: percentile(values, 50), max: values[values.length - 1]! };
  });
}

function bundleSizes(dir: string): BundleSize[] {
  const shipped: [string, string][] = [
    ['dist/client.js', 'VSIX'],
    // Loaded by client.js only when needed: at the first connect, at the first payload of their kind.
    ['dist/mqtt.js', 'VSIX (first connect)'],
    ['dist/protobuf.js', 'VSIX (first Protobuf or Sparkplug payload)'],
    ['dist/msgpack.js', 'VSIX (first MessagePack payload)'],
    ['dist/cbor.js', 'VSIX (first CBOR payload)'],
    ['dist/server.js', 'VSIX, npm'],
    ['dist/lint.js', 'npm'],
  ];
  return shipped.map(([file, shippedIn]) => {
    const bytes = readFileSync(join(dir, file));
    return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length, shippedIn };
  });
}

export async function activation(
  log: (line: string) => void,
  { runs = 5 }: { runs?: number } = {},
): Promise<ActivationResult> {
  log('  building the VSIX and npm package from a fresh copy (vsce package, npm pack: --production bundles)');
  const packed = await packedProject();
  const bundles = bundleSizes(packed.dir);
  const vsixBytes = statSync(packed.vsix).size;
  const npmTarballBytes = statSync(packed.tarball).size;
  const kB = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  for (const b of bundles)
    log(`  ${b.file} (${b.shippedIn}): ${kB(b.bytes)}, gzip ${kB(b.gzipBytes)} (${b.bytes} / ${b.gzipBytes} bytes)`);
  log(`  VSIX ${kB(vsixBytes)}, npm tarball ${kB(npmTarballBytes)}`);

  const script = pathToFileURL(join(root, 'scripts', 'vscodeTests.mjs')).href;
  const { runVsCodeTests } = (await import(script)) as RunVsCodeTests;
  const testsPath = join(root, 'out', 'test', 'bench', 'activationHost', 'index.js');
  const samples: ActivationSample[] = [];
  for (let i = 1; i <= runs; i++) {
    let sample: ActivationSample | undefined;
    const tail: string[] = [];
    const result = await runVsCodeTests({
      vsix: packed.vsix,
      testsPath,
      timeoutMs: 5 * 60_000,
      log: (line) => {
        const found = /VSCODE-ACTIVATION (\{.*\})/.exec(line);
        if (found) sample = JSON.parse(found[1]!) as ActivationSample;
        tail.push(line);
        if (tail.length > 40) tail.shift();
      },
    });
    if (!sample || result.exitCode !== 0)
      throw new Error(`activation run ${i} reported no measurement (exit ${result.exitCode}):\n${tail.join('\n')}`);
    // The installed package, not a development tree, was measured.
    const { extensionPath, ...measured } = sample as ActivationSample & { extensionPath: string };
    if (!/\/extensions\/mqtt-workbench\.mqtt-workbench-[^/]+$/.test(extensionPath))
      throw new Error(`activation run ${i} measured the extension at ${extensionPath}, not the installed VSIX`);
    samples.push(measured);
    log(
      `  run ${i}/${runs}: load ${sample.codeLoadingTime} ms, call ${sample.activateCallTime} ms, resolved ${sample.activateResolvedTime} ms ` +
        `(${sample.event}); open → active ${sample.openToActiveMs} ms, → server ready ${sample.openToServerReadyMs} ms, ` +
        `→ diagnostics ${sample.openToFirstDiagnosticsMs} ms`,
    );
  }
  const summary = summarize(samples);
  for (const s of summary) log(`  ${s.name}: p50 ${s.p50} ms, max ${s.max} ms`);
  return {
    vscode: samples[0]!.vscode,
    runs,
    event: samples[0]!.event,
    summary,
    samples,
    bundles,
    vsixBytes,
    npmTarballBytes,
  };
}

if (require.main === module) {
  const runsArg = process.argv.find((a) => a.startsWith('--runs='));
  const runs = runsArg ? Number(runsArg.slice('--runs='.length)) : 5;
  if (!Number.isInteger(runs) || runs < 1) {
    console.error('--runs=N needs a positive whole number');
    process.exit(2);
  }
  activation((line) => console.log(line), { runs }).then(
    (result) => {
      console.log(JSON.stringify(result, null, 2));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
