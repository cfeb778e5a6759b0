/**
 * Runs the real mosquitto binary on a config, safely: inside a private network namespace (`unshare -n`,
 * loopback only), with the config's folder as working directory. Decides what mosquitto thought of it:
 * exit 3 = refused while parsing (with the line it names), another exit = failed at startup, still
 * running once it said "running" = accepted.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export type Outcome = 'accepted' | 'parse-error' | 'startup-error';

export interface OracleResult {
  outcome: Outcome;
  exitCode: number | null;
  /** The file and 1-based line of the first "Error found at" mosquitto printed, if any. */
  errorFile?: string;
  errorLine?: number;
  /** For an error inside an include_dir file: the line of the main file mosquitto also names. */
  mainLine?: number;
  /** Error and Warning lines, without the timestamp. */
  messages: string[];
}

/** Throws with install advice when mosquitto, unshare or ip are missing, or namespaces are not allowed. */
export function checkOracleTools(): void {
  for (const [bin, pkg] of [
    ['mosquitto', 'mosquitto'],
    ['unshare', 'util-linux'],
    ['ip', 'iproute2'],
  ] as const) {
    const r = spawnSync('sh', ['-c', `command -v ${bin} || test -x /usr/sbin/${bin}`]);
    if (r.status !== 0) throw new Error(`the oracle needs ${bin}: apt-get install ${pkg}`);
  }
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { encoding: 'utf8' });
  if (probe.status !== 0)
    throw new Error(
      `the oracle runs mosquitto in a private network namespace and needs root: unshare -n failed: ${probe.stderr}`,
    );
}

const MOSQUITTO =
  ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  }) ?? 'mosquitto';

export function runMosquitto(configPath: string, timeoutMs = 2500): Promise<OracleResult> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(
      'unshare',
      ['-n', 'sh', '-c', `ip link set lo up && exec ${MOSQUITTO} -c "$0"`, configPath],
      {
        cwd: dirname(configPath),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let settled = false;
    const finish = (outcome: Outcome | undefined, exitCode: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const lines = output
        .split('\n')
        .map((l) => l.replace(/^\d+: /, '').trim())
        .filter(Boolean);
      const found = lines
        .map((l) => /^Error found at (.*):(\d+)\.$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null);
      const first = found[0];
      const result: OracleResult = {
        outcome: outcome ?? (exitCode === 3 ? 'parse-error' : 'startup-error'),
        exitCode,
        messages: lines.filter((l) => /^(Error|Warning)/.test(l)),
      };
      if (first) {
        result.errorFile = first[1]!;
        result.errorLine = Number(first[2]);
      }
      if (found[1]) result.mainLine = Number(found[1][2]);
      resolve(result);
    };
    let stopping = false;
    const accept = () => {
      if (settled || stopping) return;
      stopping = true;
      child.once('close', () => finish('accepted', null));
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    };
    const timer = setTimeout(accept, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/mosquitto version \S+ running/.test(output)) accept();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    // 'close', not 'exit': only then has all of stderr (with the "Error found at" line) been read.
    child.on('close', (code) => {
      if (!stopping) finish(undefined, code);
    });
  });
}

/** Every fixture: plain `*.conf` files, and folders with a `mosquitto.conf` (for include_dir). */
export function listFixtures(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(join(full, 'mosquitto.conf'));
    else if (name.endsWith('.conf')) out.push(full);
  }
  return out;
}

/**
 * Copy the fixtures to a fresh folder mosquitto can use after dropping privileges to its user
 * (folders 0777 for its database and Unix sockets, files 0644): the binary and the analysis then
 * see the same files.
 */
export function stageFixtures(dir: string): string {
  const stage = mkdtempSync(join(tmpdir(), 'mqttwb-oracle-'));
  cpSync(dir, stage, { recursive: true });
  const open = (path: string) => {
    chmodSync(path, statSync(path).isDirectory() ? 0o777 : 0o644);
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) open(join(path, name));
  };
  open(stage);
  return stage;
}

/** The `# expect: ...` header a fixture carries on its first line. */
export function expectation(path: string): string | undefined {
  const first =
    readFileSync(path, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\n')[0] ?? '';
  return /^# expect: (.*)$/.exec(first)?.[1]?.trim();
}

export function describeResult(result: OracleResult, file: string): string {
  if (result.outcome === 'parse-error') {
    if (result.errorLine === undefined) return 'parse-error';
    if (result.errorFile && basename(result.errorFile) !== basename(file))
      return `parse-error in ${basename(result.errorFile)} line ${result.errorLine}, main line ${result.mainLine}`;
    return `parse-error line ${result.errorLine}`;
  }
  return result.outcome;
}

/** Run `fn` over items with at most `limit` at a time. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

// `node out/test/oracle/mosquittoOracle.js --write-headers DIR`: (re)write each fixture's expect header from the binary.
if (require.main === module && process.argv[2] === '--write-headers') {
  const dir = process.argv[3]!;
  void (async () => {
    checkOracleTools();
    const stage = stageFixtures(dir);
    const fixtures = listFixtures(stage);
    const results = await mapLimit(fixtures, 6, (f) => runMosquitto(f));
    fixtures.forEach((staged, i) => {
      const source = join(dir, staged.slice(stage.length + 1));
      const text = readFileSync(source, 'latin1');
      const header = `# expect: ${describeResult(results[i]!, staged)}`;
      const bom = text.startsWith('\xef\xbb\xbf') ? '\xef\xbb\xbf' : '';
      const body = text.slice(bom.length).replace(/^# expect: [^\n]*\n/, '');
      writeFileSync(source, Buffer.from(`${bom}${header}\n${body}`, 'latin1'));
      console.log(`${source.slice(dir.length + 1)}: ${header.slice(10)}  ${results[i]!.messages[0] ?? ''}`);
    });
  })();
}
