/**
 * Hostile repositories built here, against mqtt-lint and the language server as real processes: a secret
 * in the process environment never reaches the output, and a git config payload never runs.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InitializedNotification, InitializeRequest } from 'vscode-languageserver-protocol';
import { LspClient, projectRoot } from '../helpers/lspClient';

const SECRET = `secret-sentinel-${process.pid}-${Date.now()}`;
// First, so that a reader splitting /proc/self/environ at the first ':' would quote it.
const secretEnv = { NPM_TOKEN: SECRET, ...process.env };

const lint = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [join(projectRoot, 'dist', 'lint.js'), ...args], {
    cwd,
    env: secretEnv,
    encoding: 'utf8',
    timeout: 30_000,
  });

const git = (cwd: string, ...args: string[]) =>
  spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8' });

/** Configs that name secrets outside the repository. */
const LEAKY: Record<string, string> = {
  'environ.conf': 'listener 1883 127.0.0.1\npassword_file /proc/self/environ\n',
  'passwd.conf': 'listener 1883 127.0.0.1\npassword_file /etc/passwd\n',
  'include.conf': 'listener 1883 127.0.0.1\ninclude_dir /etc\n',
};

describe('hostile repositories (real processes)', function () {
  let dir: string;
  let marker: string;
  before(function () {
    if (process.platform !== 'linux') this.skip();
    // The test is meaningful only if a process started with this environment can see the secret.
    const cat = spawnSync('cat', ['/proc/self/environ'], { env: secretEnv, encoding: 'utf8' });
    assert.ok(cat.stdout.includes(SECRET));
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-hostile-'));
    marker = `${dir}-marker`;
    mkdirSync(join(dir, 'mosquitto'));
    for (const [name, text] of Object.entries(LEAKY)) writeFileSync(join(dir, 'mosquitto', name), text);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(marker, { force: true });
  });

  /** Makes `dir` a checkout whose .git/config runs a payload on any index read; proves the payload runs. */
  function armGitPayload(): void {
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'x');
    writeFileSync(
      join(dir, '.git', 'config'),
      `[core]\n\trepositoryformatversion = 0\n\tfsmonitor = "touch ${marker}; false"\n`,
    );
    git(dir, 'ls-files');
    assert.ok(existsSync(marker), 'the payload runs under a plain git ls-files');
    rmSync(marker);
  }

  it('mqtt-lint never prints the environment, /etc/passwd or files of /etc', () => {
    for (const format of ['text', 'json']) {
      const r = lint(['--format', format, '.'], dir);
      const output = r.stdout + r.stderr;
      assert.ok(r.status === 0 || r.status === 1, output);
      assert.ok(!output.includes(SECRET), `${format}: the secret leaked:\n${output}`);
      assert.ok(!/\broot\b|\bdaemon\b/.test(output), `${format}: user names leaked:\n${output}`);
      assert.ok(!output.includes('include-dir-error'), output);
      assert.ok(output.includes('environ.conf') || format === 'text', 'the configs were linted');
    }
    const one = lint(['mosquitto/environ.conf'], dir);
    assert.ok(!(one.stdout + one.stderr).includes(SECRET));
  });

  it('mqtt-lint reads no special file: links to /proc and /dev, FIFOs among the configs', () => {
    mkdirSync(join(dir, 'mosquitto', 'conf.d'));
    symlinkSync('/proc/self/pagemap', join(dir, 'x.js'));
    symlinkSync('/dev/zero', join(dir, 'mosquitto', 'conf.d', 'zero.conf'));
    assert.equal(spawnSync('mkfifo', [join(dir, 'mosquitto', 'conf.d', 'fifo.conf')]).status, 0, 'mkfifo');
    assert.equal(spawnSync('mkfifo', [join(dir, 'mosquitto', 'main.conf')]).status, 0, 'mkfifo');
    writeFileSync(join(dir, 'mosquitto', 'mosquitto.conf'), 'password_file /dev/zero\ninclude_dir conf.d\n');
    writeFileSync(join(dir, 'mosquitto', 'conf.d', 'ok.conf'), 'listener 1883 127.0.0.1\n');
    armGitPayload();
    const start = Date.now();
    for (const args of [['.'], ['mosquitto/conf.d/ok.conf'], ['x.js']]) {
      const r = lint(args, dir);
      assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: ${r.status} ${r.stderr}`);
    }
    assert.ok(Date.now() - start < 15_000, `${Date.now() - start} ms`);
    assert.ok(!existsSync(marker));
  });

  it('mqtt-lint in a checkout whose git config has an fsmonitor payload runs no payload', () => {
    armGitPayload();
    const r = lint(['--format', 'json', '.'], dir);
    assert.ok(!existsSync(marker), 'no marker');
    const files = new Set((JSON.parse(r.stdout) as { file: string }[]).map((x) => x.file));
    assert.ok(files.has('mosquitto/environ.conf'), r.stdout);
  });

  it('mqtt-lint on a committed folder that looks like a bare repository neither runs nor waits on its config', () => {
    const bare = join(dir, 'payload');
    mkdirSync(join(bare, 'objects'), { recursive: true });
    mkdirSync(join(bare, 'refs'));
    mkdirSync(join(bare, 'mosquitto'));
    writeFileSync(join(bare, 'HEAD'), 'ref: refs/heads/main\n');
    const config = `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n\tfsmonitor = "touch ${marker}; false"\n`;
    writeFileSync(join(bare, 'config'), config);
    writeFileSync(join(bare, 'objects', '.keep'), '');
    writeFileSync(join(bare, 'refs', '.keep'), '');
    writeFileSync(join(bare, 'mosquitto', 'mosquitto.conf'), 'listener 1883 127.0.0.1\n');
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'x');
    git(bare, 'ls-files');
    assert.ok(existsSync(marker), 'the payload runs under a plain git ls-files in that folder');
    rmSync(marker);
    // Past core.fsmonitor=false, the folder's config can still make git wait forever on a FIFO.
    assert.equal(spawnSync('mkfifo', [join(dir, 'fifo')]).status, 0, 'mkfifo');
    writeFileSync(join(bare, 'config'), `${config}[include]\n\tpath = ${join(dir, 'fifo')}\n`);
    const plain = spawnSync('git', ['-c', 'core.fsmonitor=false', 'ls-files'], { cwd: bare, timeout: 1000 });
    assert.equal(plain.status, null, 'git with only core.fsmonitor=false hangs in that folder');
    const start = Date.now();
    const r = lint(['--format', 'json', 'payload'], dir);
    assert.ok(Date.now() - start < 5000, `git was not refused at once: ${Date.now() - start} ms`);
    assert.ok(!existsSync(marker), 'no marker');
    assert.deepEqual(
      [...new Set((JSON.parse(r.stdout) as { file: string }[]).map((x) => x.file))],
      ['payload/mosquitto/mosquitto.conf'],
    );
  });

  it('the language server reads nothing outside its workspace and runs no git payload', async () => {
    armGitPayload();
    const client = new LspClient(['--stdio'], secretEnv);
    try {
      client.settings = {};
      const indexed = client.nextLog(/^Topic index/, 20_000);
      await client.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(dir).toString(),
        workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }],
        capabilities: { workspace: { configuration: true } },
      });
      await client.connection.sendNotification(InitializedNotification.type, {});
      await indexed;
      for (const [name, text] of Object.entries(LEAKY)) {
        const uri = pathToFileURL(join(dir, 'mosquitto', name)).toString();
        const published = client.nextDiagnostics(uri);
        await client.open(uri, text);
        const all = JSON.stringify((await published).diagnostics);
        assert.ok(!all.includes(SECRET), `${name}: ${all}`);
        assert.ok(!/\broot\b/.test(all), `${name}: ${all}`);
        assert.ok(!all.includes('include-dir-error'), `${name}: ${all}`);
      }
      assert.ok(!existsSync(marker), 'no marker after the server listed its workspace');
    } finally {
      await client.stop();
    }
  });
});
