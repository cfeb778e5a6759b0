/**
 * The language server's analyses timed alone, each part in a process of its own started with the V8 flags the
 * client starts the server with (SERVER_NODE_FLAGS), or with Node's defaults for scale. Run as a child of the
 * bench: `fork(compute.js, [part], { execArgv })`, which sends its samples back and exits.
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { validateCode } from '../../server/src/code/validateCode';
import { validateConfig } from '../../server/src/conf/validate';
import { defaultSettings } from '../../server/src/types';
import { largeConfig } from '../helpers/largeConfig';

/** A TypeScript file of `lines` lines with MQTT calls spread through ordinary code. */
export function largeSource(lines: number): string {
  const out = [
    "import mqtt from 'mqtt';",
    "const client = mqtt.connect('mqtt://127.0.0.1', { clientId: 'bench' });",
    "const BASE = 'plant/line1';",
  ];
  let i = 0;
  while (out.length < lines) {
    out.push(
      `// handler ${i}`,
      `export function handle${i}(value: number, room: string): void {`,
      `  const label = \`value \${value} in \${room}\`;`,
      `  if (value > ${i % 100}) client.publish(\`home/\${room}/sensor${i}\`, label, { qos: ${i % 3} });`,
      `  client.subscribe(BASE + '/cmd/${i}/+');`,
      `  console.log(label.toUpperCase(), [1, 2, 3].map((x) => x * value));`,
      '}',
    );
    i++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** The same file with few MQTT calls (the usual case): what remains is lexing the whole text. */
export function sparseOf(source: string): string {
  return source.replace(/client\.(publish|subscribe)/g, (m, verb: string, offset: number) =>
    offset % 97 === 0 ? m : `logger.${verb === 'publish' ? 'info' : 'debug'}`,
  );
}

/** What the timed runs returned, kept so that no run can be optimised away. */
let kept: unknown;

/**
 * Times `run` on `count` inputs, each made by `input(i)` outside the timing, after `warmUp` untimed runs
 * for the JIT.
 */
function timed<T>(count: number, input: (i: number) => T, run: (input: T) => unknown, warmUp = 0): number[] {
  for (let i = 0; i < warmUp; i++) kept = run(input(-1 - i));
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const value = input(i);
    const start = performance.now();
    kept = run(value);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Samples in milliseconds, and how many diagnostics the timed analysis reports. */
export interface Timing {
  samples: number[];
  diagnostics?: number;
}

export interface ComputeTimes {
  /** validateConfig on a 5,000-line mosquitto.conf, and a naive split of the same text for scale. */
  config?: Timing;
  naiveSplit?: Timing;
  /** validateCode on a 20,000-line TypeScript file with 6,000 MQTT calls, and with few. */
  dense: Timing;
  sparse?: Timing;
  /** V8 copying an edited text into one string (part of each validateCode run). */
  copy?: Timing;
}

type Part = 'all' | 'dense';

function measure(part: Part): ComputeTimes {
  const codeSettings = { severity: {}, maxDepth: 8, maxDiagnosticsPerFile: 200, extraPatterns: [] };
  // Each run gets a new text (as after an edit), so the per-text caches cannot flatter the numbers. The text
  // an edit makes is a concatenation that V8 copies into one string when it is first read (as the server's
  // documents are after an incremental change): that copy is part of each run, and measured apart for scale.
  const edited = (base: string) => (i: number) => `${base}// edit ${i}\n`;
  const runs = (base: string) => timed(100, edited(base), (t) => validateCode(t, 'typescript', codeSettings), 50);
  const source = largeSource(20_000);
  const denseTiming = () => ({
    samples: runs(source),
    diagnostics: validateCode(source, 'typescript', codeSettings).length,
  });
  if (part === 'dense') return { dense: denseTiming() };

  const text = largeConfig(5000);
  const settings = { ...defaultSettings, checkReferencedFiles: false };
  const config = {
    samples: timed(
      300,
      () => text,
      (t) => validateConfig(t, settings),
      50,
    ),
    diagnostics: validateConfig(text, settings).length,
  };
  const naiveSplit = {
    samples: timed(
      300,
      () => text,
      (t) => {
        let n = 0;
        for (const line of t.split('\n')) if (line.length && line[0] !== '#') n += line.split(' ').length;
        return n;
      },
    ),
  };
  const dense = denseTiming();
  const sparse = sparseOf(source);
  const few = { samples: runs(sparse) };
  const copy = { samples: timed(100, edited(sparse), (t) => t.charCodeAt(0)) };
  if (kept === undefined) throw new Error('the timed runs returned nothing');
  return { config, naiveSplit, dense, sparse: few, copy };
}

/** Runs `part` in a new Node process started with `execArgv`, and returns its samples. */
export function computeTimes(part: Part, execArgv: readonly string[]): Promise<ComputeTimes> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [part], { execArgv: [...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let sent = false;
    child.once('message', (message: ComputeTimes) => {
      sent = true;
      resolve(message);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!sent) reject(new Error(`the timing process exited with ${code} and sent nothing`));
    });
  });
}

if (require.main === module) {
  const part = process.argv[2] === 'dense' ? 'dense' : 'all';
  process.send!(measure(part), () => process.exit(0));
}
