/**
 * The real file system against hostile repositories built here: a git config whose fsmonitor would create
 * a marker file, a committed folder that looks like a bare repository, links out of the workspace.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectFiles } from '../../server/src/files';
import { createNodeFileSystem, findGit, gitEnvironment } from '../../server/src/nodeFileSystem';

const git = (cwd: string, ...args: string[]) =>
  spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8' });

/** A git config section whose fsmonitor creates `marker` when git reads the index. */
const fsmonitorPayload = (marker: string) => `\tfsmonitor = "touch ${marker}; false"\n`;

describe('listing folders with git, safely', function () {
  let dir: string;
  let marker: string;
  before(function () {
    if (process.platform === 'win32' || findGit() === undefined) this.skip();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-git-'));
    marker = join(dir, '..', `${dir.split('/').pop()!}-marker`);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(marker, { force: true });
  });

  /** A checkout whose .git/config runs a payload, with one tracked config, one ignored file. */
  function hostileCheckout(): string {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, 'mosquitto'), { recursive: true });
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'mosquitto', 'mosquitto.conf'), 'listener 1883 127.0.0.1\n');
    writeFileSync(join(repo, '.gitignore'), 'ignored.conf\n');
    writeFileSync(join(repo, 'ignored.conf'), '');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'x');
    writeFileSync(join(repo, '.git', 'config'), `[core]\n\trepositoryformatversion = 0\n${fsmonitorPayload(marker)}`);
    return repo;
  }

  it('never runs the fsmonitor a repository configures (which a plain git ls-files does)', async () => {
    const repo = hostileCheckout();
    git(repo, 'ls-files');
    assert.ok(existsSync(marker), 'the payload runs under a plain git ls-files: the test is meaningful');
    rmSync(marker);
    const fs = createNodeFileSystem({ roots: [repo] });
    const listed = await fs.listFiles(repo);
    const found = await collectFiles([repo], [], fs);
    assert.ok(!existsSync(marker), 'no marker after listFiles/collectFiles');
    // Listed by git all the same: the ignored file is left out.
    assert.ok(listed.includes(join(repo, 'mosquitto', 'mosquitto.conf')));
    assert.ok(!listed.includes(join(repo, 'ignored.conf')), 'git honoured .gitignore');
    assert.deepEqual(
      found.map((f) => f.file),
      [join(repo, 'mosquitto', 'mosquitto.conf')],
    );
  });

  it('does not take a committed folder holding HEAD, config, objects/ and refs/ for a repository', async () => {
    const repo = join(dir, 'outer');
    const bare = join(repo, 'payload');
    mkdirSync(join(bare, 'objects'), { recursive: true });
    mkdirSync(join(bare, 'refs'));
    git(repo, 'init', '-q');
    writeFileSync(join(bare, 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(
      join(bare, 'config'),
      `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n${fsmonitorPayload(marker)}`,
    );
    writeFileSync(join(bare, 'objects', '.keep'), '');
    writeFileSync(join(bare, 'refs', '.keep'), '');
    writeFileSync(join(bare, 'mosquitto.conf'), 'listener 1883 127.0.0.1\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'x');
    git(bare, 'ls-files');
    assert.ok(existsSync(marker), 'the payload runs under a plain git ls-files in that folder');
    rmSync(marker);
    const fs = createNodeFileSystem({ roots: [repo] });
    const listed = await fs.listFiles(bare);
    await collectFiles([bare], [], fs);
    assert.ok(!existsSync(marker), 'no marker');
    assert.ok(listed.includes(join(bare, 'mosquitto.conf')), 'the folder is walked instead');
  });

  it('kills a git that waits on a FIFO its config includes, and walks instead', async () => {
    const repo = hostileCheckout();
    const fifo = join(dir, 'fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    writeFileSync(join(repo, '.git', 'config'), `[core]\n\trepositoryformatversion = 0\n[include]\n\tpath = ${fifo}\n`);
    const plain = spawnSync('git', ['ls-files'], { cwd: repo, timeout: 1000 });
    assert.equal(plain.status, null, 'a plain git ls-files hangs: the test is meaningful');
    const start = Date.now();
    const listed = await createNodeFileSystem({ roots: [repo], gitTimeoutMs: 500 }).listFiles(repo);
    assert.ok(Date.now() - start < 5000, `${Date.now() - start} ms`);
    assert.ok(listed.includes(join(repo, 'ignored.conf')), 'walked');
  });

  it('walks instead of running git at all when git is off (an untrusted workspace)', async () => {
    const repo = hostileCheckout();
    let asked = 0;
    const fs = createNodeFileSystem({
      roots: [repo],
      git: () => {
        asked++;
        return false;
      },
    });
    const listed = await fs.listFiles(repo);
    assert.equal(asked, 1);
    assert.ok(!existsSync(marker));
    // Only a walk lists the ignored file (and never .git).
    assert.ok(listed.includes(join(repo, 'ignored.conf')));
    assert.ok(listed.includes(join(repo, 'mosquitto', 'mosquitto.conf')));
    assert.ok(!listed.some((f) => f.includes(`${join(repo, '.git')}/`)));
  });

  it('finds git by absolute path only, never in the working directory or a relative PATH entry', () => {
    const cwd = join(dir, 'work');
    const bin = join(dir, 'bin');
    for (const folder of [cwd, join(cwd, 'node_modules', '.bin'), bin]) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'git'), '#!/bin/sh\n');
      chmodSync(join(folder, 'git'), 0o755);
    }
    const entries = (...e: string[]) => e.join(':');
    assert.equal(findGit(entries('.', '', 'node_modules/.bin', bin), cwd, 'linux'), join(bin, 'git'));
    assert.equal(findGit(entries(cwd, join(cwd, 'node_modules', '.bin'), bin), cwd, 'linux'), join(bin, 'git'));
    assert.equal(findGit(entries('.', cwd), cwd, 'linux'), undefined);
    // Not executable, not a file: not git.
    chmodSync(join(bin, 'git'), 0o644);
    mkdirSync(join(dir, 'dirbin', 'git'), { recursive: true });
    assert.equal(findGit(entries(bin, join(dir, 'dirbin')), cwd, 'linux'), undefined);
    // On Windows only git.exe, and a network PATH entry is never searched.
    writeFileSync(join(bin, 'git.exe'), '');
    assert.equal(findGit(`//host/share;${bin}`, cwd, 'win32'), join(bin, 'git.exe'));
  });

  it('runs git without the GIT_* variables of its environment', () => {
    const env = gitEnvironment({
      PATH: '/usr/bin',
      HOME: '/home/u',
      GIT_DIR: '/evil',
      git_exec_path: '/evil',
      GIT_CONFIG_COUNT: '1',
    });
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/home/u', GIT_TERMINAL_PROMPT: '0' });
  });
});

describe('reading only inside the roots', function () {
  let dir: string;
  let outside: string;
  before(function () {
    if (process.platform === 'win32') this.skip();
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-roots-'));
    outside = mkdtempSync(join(tmpdir(), 'mqttwb-roots-outside-'));
    mkdirSync(join(dir, 'conf.d'));
    writeFileSync(join(dir, 'passwd'), 'alice:secret\n');
    writeFileSync(join(outside, 'passwd'), 'bob:secret\n');
    symlinkSync(join(outside, 'passwd'), join(dir, 'linked-passwd'));
    symlinkSync(outside, join(dir, 'linked-folder'));
  });
  after(() => {
    for (const d of [dir, outside]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('reads inside, only checks existence outside (links resolved first)', async () => {
    const fs = createNodeFileSystem({ roots: [dir] });
    assert.equal(fs.readFile(join(dir, 'passwd')), 'alice:secret\n');
    assert.equal(await fs.readText(join(dir, 'passwd')), 'alice:secret\n');
    assert.ok(fs.mayRead(join(dir, 'passwd')) && fs.mayRead(dir) && fs.mayRead(join(dir, 'conf.d')));
    for (const path of [join(outside, 'passwd'), join(dir, 'linked-passwd'), '/etc/passwd', '/proc/self/environ']) {
      assert.ok(!fs.mayRead(path), path);
      assert.equal(fs.readFile(path), undefined, path);
      assert.equal(await fs.readText(path), undefined, path);
      assert.equal(fs.hasByteOrderMark?.(path), false, path);
    }
    assert.ok(fs.exists(join(outside, 'passwd')) && fs.exists('/etc/passwd'), 'existence is still known');
    assert.equal(fs.readDirectory(outside), undefined);
    assert.equal(fs.readDirectory(join(dir, 'linked-folder')), undefined);
    assert.ok(fs.isDirectory(outside));
    assert.deepEqual(fs.readDirectory(dir)?.sort(), ['conf.d', 'linked-folder', 'linked-passwd', 'passwd']);
    assert.equal(fs.exists('//host/share/passwd'), false, 'a network path is not even checked');
  });

  it('follows the roots as they change, and reads nothing without roots', () => {
    let roots: string[] = [];
    const fs = createNodeFileSystem({ roots: () => roots });
    assert.equal(fs.readFile(join(dir, 'passwd')), undefined);
    roots = [outside];
    assert.equal(fs.readFile(join(dir, 'linked-passwd')), 'bob:secret\n');
    assert.equal(fs.readFile(join(dir, 'passwd')), undefined);
  });

  it('caps the size of what it reads', () => {
    writeFileSync(join(dir, 'big.conf'), Buffer.alloc(2048, 'a'));
    assert.equal(createNodeFileSystem({ roots: [dir], maxFileBytes: 1024 }).readFile(join(dir, 'big.conf')), undefined);
    assert.equal(createNodeFileSystem({ roots: [dir] }).readFile(join(dir, 'big.conf'))?.length, 2048);
  });
});
