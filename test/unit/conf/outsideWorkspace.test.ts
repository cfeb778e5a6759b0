/**
 * Files a config names outside the workspace are checked for existence at most, never read or quoted;
 * include_dir work is bounded; FIFOs among the configs never block the analysis.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Diagnostic } from 'vscode-languageserver-types';
import { join } from 'node:path';
import { MAX_INCLUDED_FILES } from '../../../server/src/conf/analyze';
import { findIncludingConfig } from '../../../server/src/conf/validate';
import { createNodeFileSystem } from '../../../server/src/nodeFileSystem';
import { diagnose, SAFE_BASE } from '../../helpers/conf';

const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.startsWith(needle));

describe('files outside the workspace', function () {
  let dir: string;
  let outside: string;
  const sentinel = `secret-sentinel-${process.pid}-${Date.now()}`;
  before(function () {
    if (process.platform === 'win32') this.skip();
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-outside-'));
    outside = mkdtempSync(join(tmpdir(), 'mqttwb-outside-other-'));
    writeFileSync(join(outside, 'passwd'), `${sentinel}:plain\n`);
    writeFileSync(join(outside, 'extra.conf'), `${sentinel}_option true\n`);
    symlinkSync(join(outside, 'passwd'), join(dir, 'linked-passwd'));
    writeFileSync(join(dir, 'passwd'), 'alice:plain\n');
    process.env.MQTTWB_TEST_SECRET = sentinel;
  });
  after(() => {
    delete process.env.MQTTWB_TEST_SECRET;
    for (const d of [dir, outside]) if (d) rmSync(d, { recursive: true, force: true });
  });

  const analyse = (text: string) =>
    diagnose(text, {}, { path: join(dir, 'mosquitto.conf'), fs: createNodeFileSystem({ roots: [dir] }) });

  it('never quotes /proc/self/environ, /etc/passwd or a password file linked from outside', () => {
    for (const target of ['/proc/self/environ', '/etc/passwd', join(outside, 'passwd'), 'linked-passwd']) {
      const text = `${SAFE_BASE}\npassword_file ${target}\nacl_file passwd\n`;
      const found = analyse(text);
      const all = JSON.stringify(found);
      assert.ok(!all.includes(sentinel), `${target}: ${all}`);
      assert.ok(!/\broot\b/.test(all), `${target}: no user names of /etc/passwd`);
      assert.ok(
        !found.some((d) => d.code === 'plaintext-password-file' || d.code === 'missing-file'),
        `${target}: ${all}`,
      );
    }
    // Inside the workspace the file is read: the rule still works.
    const inside = analyse(`${SAFE_BASE}\npassword_file passwd\nacl_file passwd\n`);
    assert.ok(inside.some((d) => d.code === 'plaintext-password-file' && messageOf(d).includes('alice')));
  });

  it('reports a missing file only where the workspace would hold it', () => {
    // Issue 8: a missing absolute path outside the workspace is most often where the config runs (a container).
    const outsideText = `${SAFE_BASE}\npassword_file /nonexistent-mqttwb/passwd\nacl_file passwd\n`;
    assert.ok(!analyse(outsideText).some((d) => d.code === 'missing-file'));
    const text = `${SAFE_BASE}\npassword_file ${join(dir, 'missing', 'passwd')}\nacl_file passwd\n`;
    assert.ok(
      analyse(text).some((d) => d.code === 'missing-file' && d.range.start.line === lineOf(text, 'password_file')),
    );
    // A network path is neither read nor checked: checking would contact the host.
    const network = `${SAFE_BASE}\npassword_file //mqttwb-host/share/passwd\nacl_file passwd\n`;
    assert.ok(!analyse(network).some((d) => d.code === 'missing-file'));
  });

  it('include_dir outside the workspace: existence only, nothing read or quoted', () => {
    for (const target of ['/etc', outside, '/proc/self']) {
      const text = `${SAFE_BASE}\ninclude_dir ${target}\n`;
      const found = analyse(text);
      assert.ok(!JSON.stringify(found).includes(sentinel), target);
      assert.deepEqual(
        found.filter((d) => d.range.start.line === lineOf(text, 'include_dir')).map((d) => d.code),
        [],
        target,
      );
    }
    // Issue 8: a missing absolute folder outside the workspace is most often a container path: not reported.
    const missing = `${SAFE_BASE}\ninclude_dir /nonexistent-mqttwb\n`;
    assert.deepEqual(
      analyse(missing).filter((d) => d.range.start.line === lineOf(missing, 'include_dir')),
      [],
    );
  });

  it('finds the including config only in folders inside the workspace', () => {
    mkdirSync(join(dir, 'conf.d'), { recursive: true });
    writeFileSync(join(dir, 'mosquitto.conf'), `${SAFE_BASE}\ninclude_dir conf.d\n`);
    const included = join(dir, 'conf.d', 'extra.conf');
    writeFileSync(included, 'allow_anonymous true\n');
    assert.equal(findIncludingConfig(included, createNodeFileSystem({ roots: [dir] })), join(dir, 'mosquitto.conf'));
    assert.equal(findIncludingConfig(included, createNodeFileSystem({ roots: [join(dir, 'conf.d')] })), undefined);
    assert.equal(findIncludingConfig(included, createNodeFileSystem({ roots: [] })), undefined);
    rmSync(join(dir, 'mosquitto.conf'));
  });
});

describe('include_dir work is bounded', function () {
  let dir: string;
  before(function () {
    if (process.platform === 'win32') this.skip();
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-include-bounds-'));
    mkdirSync(join(dir, 'conf.d'));
    writeFileSync(join(dir, 'conf.d', 'a.conf'), 'max_queued_messages 100\n');
    writeFileSync(join(dir, 'conf.d', 'b.conf'), 'max_inflight_messages 10\n');
    mkdirSync(join(dir, 'fifo.d'));
    writeFileSync(join(dir, 'fifo.d', 'a.conf'), 'max_queued_messages 100\n');
    assert.equal(spawnSync('mkfifo', [join(dir, 'fifo.d', 'fifo.conf')]).status, 0, 'mkfifo');
    // A FIFO in the folder above an opened config, where the including config is looked for.
    mkdirSync(join(dir, 'nested', 'conf.d'), { recursive: true });
    assert.equal(spawnSync('mkfifo', [join(dir, 'nested', 'main.conf')]).status, 0, 'mkfifo');
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('include_dir repeated 4,000 times: each folder listed once, a cap, a finding, in seconds', () => {
    const text = `${SAFE_BASE}\n${'include_dir conf.d\n'.repeat(4000)}`;
    let listed = 0;
    let read = 0;
    const real = createNodeFileSystem({ roots: [dir] });
    const counting = {
      ...real,
      readDirectory: (p: string) => {
        listed++;
        return real.readDirectory(p);
      },
      readFile: (p: string) => {
        read++;
        return real.readFile(p);
      },
    };
    const start = Date.now();
    const found = diagnose(text, {}, { path: join(dir, 'mosquitto.conf'), fs: counting });
    assert.ok(Date.now() - start < 10_000, `${Date.now() - start} ms`);
    assert.equal(listed, 1, 'the folder is listed once');
    assert.equal(read, 2, 'each file is read once');
    const limits = found.filter((d) => d.code === 'include-limit');
    assert.equal(limits.length, 1);
    assert.match(messageOf(limits[0]!), new RegExp(`after ${MAX_INCLUDED_FILES} files`));
  });

  it('a FIFO named *.conf in an include_dir or above an opened config does not block', () => {
    const start = Date.now();
    const fs = createNodeFileSystem({ roots: [dir] });
    const found = diagnose(`${SAFE_BASE}\ninclude_dir fifo.d\n`, {}, { path: join(dir, 'mosquitto.conf'), fs });
    assert.ok(found.some((d) => d.code === 'include-dir-error' && messageOf(d).includes('fifo.conf')));
    diagnose('allow_anonymous true\n', {}, { path: join(dir, 'nested', 'conf.d', 'x.conf'), fs });
    assert.ok(Date.now() - start < 2000, `${Date.now() - start} ms`);
  });
});
