/** The guarded reader against real special files: FIFOs, /proc, /dev, links, directories, big files. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInside, isNetworkPath, isSpecialPath } from '../../server/src/pathPolicy';
import {
  DEFAULT_MAX_FILE_BYTES,
  readablePath,
  readFileGuarded,
  readFileGuardedAsync,
  readHeadGuarded,
} from '../../server/src/safeRead';

/** Each way of reading, so every case is checked against all of them. */
const readers = {
  sync: (path: string, maxBytes?: number) => Promise.resolve(readFileGuarded(path, { maxBytes })),
  async: (path: string, maxBytes?: number) => readFileGuardedAsync(path, { maxBytes }),
  head: (path: string) => Promise.resolve(readHeadGuarded(path, 3)),
};

describe('reading a file safely', function () {
  let dir: string;
  before(function () {
    if (process.platform === 'win32') this.skip();
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-saferead-'));
    writeFileSync(join(dir, 'plain.conf'), 'listener 1883\n');
    mkdirSync(join(dir, 'folder.conf'));
    assert.equal(spawnSync('mkfifo', [join(dir, 'fifo.conf')]).status, 0, 'mkfifo');
    symlinkSync('/proc/self/environ', join(dir, 'environ.conf'));
    symlinkSync('/dev/zero', join(dir, 'zero.conf'));
    symlinkSync('/proc/self/pagemap', join(dir, 'pagemap.js'));
    symlinkSync(join(dir, 'plain.conf'), join(dir, 'link.conf'));
    writeFileSync(join(dir, 'big.conf'), Buffer.alloc(4096, 'a'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a regular file, and one through a link', async () => {
    for (const read of Object.values(readers)) {
      assert.equal((await read(join(dir, 'plain.conf')))?.toString().slice(0, 3), 'lis');
      assert.equal((await read(join(dir, 'link.conf')))?.toString().slice(0, 3), 'lis');
    }
    assert.equal(readFileGuarded(join(dir, 'plain.conf'))?.toString(), 'listener 1883\n');
  });

  it('returns at once for a FIFO without a writer, instead of waiting forever', async () => {
    for (const [name, read] of Object.entries(readers)) {
      const start = Date.now();
      assert.equal(await read(join(dir, 'fifo.conf')), undefined, name);
      assert.ok(Date.now() - start < 1000, `${name} took ${Date.now() - start} ms`);
    }
  });

  it('refuses /proc, /sys and /dev, directly and through links', async () => {
    const paths = [
      join(dir, 'environ.conf'),
      join(dir, 'zero.conf'),
      join(dir, 'pagemap.js'),
      '/proc/self/environ',
      '/proc/self/pagemap',
      '/dev/zero',
      '/dev/null',
    ];
    if (existsSync('/sys/kernel/mm/transparent_hugepage/enabled'))
      paths.push('/sys/kernel/mm/transparent_hugepage/enabled');
    for (const path of paths)
      for (const [name, read] of Object.entries(readers)) assert.equal(await read(path), undefined, `${name} ${path}`);
  });

  it('refuses a directory, a missing file and a network path', async () => {
    for (const path of [
      join(dir, 'folder.conf'),
      join(dir, 'missing.conf'),
      '//host/share/x.conf',
      '\\\\host\\share\\x',
    ])
      for (const [name, read] of Object.entries(readers)) assert.equal(await read(path), undefined, `${name} ${path}`);
  });

  it('refuses a file over the cap, reads one at the cap', async () => {
    assert.equal(await readers.sync(join(dir, 'big.conf'), 4095), undefined);
    assert.equal(await readers.async(join(dir, 'big.conf'), 4095), undefined);
    assert.equal((await readers.sync(join(dir, 'big.conf'), 4096))?.length, 4096);
    assert.equal((await readers.async(join(dir, 'big.conf'), 4096))?.length, 4096);
    assert.equal(DEFAULT_MAX_FILE_BYTES, 8 * 1024 * 1024);
  });

  it('reads only where the guard allows, judged after links are resolved', () => {
    const outside = mkdtempSync(join(tmpdir(), 'mqttwb-saferead-outside-'));
    try {
      writeFileSync(join(outside, 'secret'), 'bob:hunter2\n');
      symlinkSync(join(outside, 'secret'), join(dir, 'passwd'));
      const allowed = (real: string) => isInside(readablePath(dir)!, real);
      assert.equal(readFileGuarded(join(dir, 'passwd'), { allowed }), undefined);
      assert.equal(readHeadGuarded(join(dir, 'passwd'), 3, { allowed }), undefined);
      assert.equal(readablePath(join(dir, 'passwd'), { allowed }), undefined);
      assert.equal(readFileGuarded(join(dir, 'plain.conf'), { allowed })?.toString(), 'listener 1883\n');
      assert.equal(readFileGuarded(join(dir, 'passwd'))?.toString(), 'bob:hunter2\n', 'without a guard it is read');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('path policy', () => {
  it('knows network paths, special trees and containment', () => {
    assert.ok(isNetworkPath('//host/share') && isNetworkPath('\\\\host\\share') && isNetworkPath('\\\\.\\pipe\\x'));
    assert.ok(!isNetworkPath('/etc/passwd') && !isNetworkPath('C:\\x') && !isNetworkPath('relative'));
    assert.ok(isSpecialPath('/proc') && isSpecialPath('/proc/1/environ') && isSpecialPath('/dev/zero'));
    assert.ok(isSpecialPath('/sys/kernel'));
    assert.ok(!isSpecialPath('/process/x') && !isSpecialPath('/home/dev/x'));
    assert.ok(isInside('/a/b', '/a/b') && isInside('/a/b', '/a/b/c') && isInside('/a/b', '/a/b/..c'));
    assert.ok(!isInside('/a/b', '/a/bc') && !isInside('/a/b', '/a') && !isInside('/a/b', '/x/y'));
  });
});
