/**
 * A real mosquitto for the broker tests: its own folder and config, bound to 127.0.0.1 on a free port,
 * started, killed and restarted (on the same port) by the test. Passwords are hashed with mosquitto_passwd.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from '../../client/src/broker/connection';

const BINARY = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p)) ?? 'mosquitto';
const PASSWD =
  ['/usr/bin/mosquitto_passwd', '/usr/sbin/mosquitto_passwd'].find((p) => existsSync(p)) ?? 'mosquitto_passwd';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface BrokerOptions {
  /** username → password; with any, anonymous clients are refused. */
  users?: Record<string, string>;
  /** More config lines (for the listener). */
  extra?: string;
  /** A TLS listener with this certificate and key (clients connect with mqtts://). */
  tls?: { cert: string; key: string };
  /** Log errors and warnings only (a flood would otherwise log a line per message). */
  quiet?: boolean;
}

export class Mosquitto {
  private process: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly tls: boolean,
  ) {}

  get url(): string {
    return `${this.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${this.port}`;
  }

  /** The broker's process id while it runs (benchmarks read its CPU time). */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** What mosquitto printed (its log goes to stderr). */
  get output(): string {
    return this.log;
  }

  static async start(options: BrokerOptions = {}): Promise<Mosquitto> {
    const dir = mkdtempSync(join(tmpdir(), 'mqttwb-broker-'));
    const broker = new Mosquitto(await freePort(), dir, options.tls !== undefined);
    const users = Object.entries(options.users ?? {});
    const lines = [
      `listener ${broker.port} 127.0.0.1`,
      // Running as root, mosquitto would otherwise switch to the mosquitto user, who cannot read this folder.
      `user ${userInfo().username}`,
      'persistence false',
      'log_dest stderr',
      ...(options.quiet ? ['log_type error', 'log_type warning'] : ['log_type all']),
    ];
    if (users.length) {
      const file = join(dir, 'passwd');
      writeFileSync(file, '');
      for (const [user, password] of users) {
        const r = spawnSync(PASSWD, ['-b', file, user, password], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`mosquitto_passwd failed: ${r.stderr}`);
      }
      lines.push('allow_anonymous false', `password_file ${file}`);
    } else lines.push('allow_anonymous true');
    if (options.tls) lines.push(`certfile ${options.tls.cert}`, `keyfile ${options.tls.key}`);
    if (options.extra) lines.push(options.extra);
    writeFileSync(join(dir, 'mosquitto.conf'), `${lines.join('\n')}\n`);
    await broker.run();
    return broker;
  }

  /** Start (again, on the same port) and wait until it accepts connections. */
  async run(): Promise<void> {
    const child = spawn(BINARY, ['-c', join(this.dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.process = child;
    child.stderr.on('data', (d: Buffer) => {
      this.log = (this.log + d.toString()).slice(-100_000);
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`mosquitto exited (${child.exitCode}):\n${this.log}`);
      if (await accepts(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`mosquitto did not listen on ${this.port} within 10 s:\n${this.log}`);
  }

  /** Stop it (SIGKILL: no goodbye to the clients) and wait until it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await gone;
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Connection options for a test client: a random client id, a clean session, short timeouts. */
export function testOptions(url: string, more: Partial<ConnectionOptions> = {}): ConnectionOptions {
  return {
    url,
    protocolVersion: 5,
    clientId: `mqttwb-test-${Math.random().toString(16).slice(2, 10)}`,
    keepalive: 60,
    clean: true,
    subscriptions: [],
    backoff: { initialMs: 100, maxMs: 400 },
    connectTimeoutMs: 3000,
    ...more,
  };
}
