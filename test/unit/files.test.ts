import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { collectFiles, excludeMatcher } from '../../server/src/files';
import { globProblem } from '../../server/src/glob';
import { createNodeFileSystem } from '../../server/src/nodeFileSystem';

describe('finding files in a folder', () => {
  it('reads exclude globs relative to the folder, with braces', () => {
    const topLevelPython = excludeMatcher(['*.py']);
    assert.ok(topLevelPython('setup.py'));
    assert.ok(!topLevelPython('src/app.py'), '*.py is relative to the folder, not any depth');
    assert.ok(excludeMatcher(['**/*.py'])('src/deep/app.py'));
    const braces = excludeMatcher(['{examples,docs}/**']);
    assert.ok(braces('examples/a.js') && braces('docs/b/c.py'));
    assert.ok(!braces('src/examples/a.js'));
    // A folder's name leaves out what is in it.
    assert.ok(excludeMatcher(['generated'])('generated/deep/x.js'));
    assert.ok(!excludeMatcher(['generated'])('src/generated.js'));
    assert.ok(!excludeMatcher([])('anything.js'));
  });

  it('matches ordinary globs as picomatch does, on the path or a folder it lies in', () => {
    const globs = ['*.py', '**/*.py', '{examples,docs}/**', 'generated', '**/test/**/fixtures/**/*.js', 'a?c/*'];
    globs.push('[a-c]*.js', '[!a]*', '*.{js,ts}', '{a,{b,c}}/d', '**', 'a/**/b', 'x\\*y', '{1..3}/x', '@(a|b)/*');
    const paths = ['setup.py', 'src/deep/app.py', 'docs/b/c.py', 'src/examples/a.js', 'generated/x.js', 'abc/d'];
    paths.push(
      'test/a/fixtures/b/c.js',
      'test/fixtures/c.js',
      'b.js',
      '.hidden',
      'c/d',
      'a/x/y/b',
      'x*y',
      'xay',
      '2/x',
    );
    for (const glob of globs) {
      const isMatch = picomatch(glob, { dot: true });
      const matches = excludeMatcher([glob]);
      for (const path of paths) {
        const parts = path.split('/');
        const expected = parts.some((_, i) => isMatch(parts.slice(0, i + 1).join('/')));
        assert.equal(matches(path), expected, `${glob} on ${path}`);
      }
    }
  });

  it('matches globs that make a backtracking regex in linear time', () => {
    const crafted: [string, string][] = [
      ['**a'.repeat(40), `${'a'.repeat(250)}b`],
      [`**${'a**'.repeat(50)}`, `${'a'.repeat(200)}/${'a'.repeat(30)}b`],
      ['**/a/**/a/**/a/**/b', `${'a/'.repeat(1000)}c`],
      ['*a*a*a*a*b', 'a'.repeat(250)],
    ];
    const start = process.hrtime.bigint();
    const results = crafted.map(([glob, path]) => excludeMatcher([glob])(path));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    // picomatch's regex took seconds for six `**a` on a 100-character name; these are far worse for it.
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
    assert.deepEqual(results, [false, true, false, false]);
  });

  it('ignores a glob too costly to match, saying why', () => {
    const long = `${'*a'.repeat(200)}`;
    assert.match(globProblem(long) ?? '', /longer than/);
    assert.ok(!excludeMatcher([long])('a'.repeat(200)));
    const braces = '{a,b}'.repeat(12);
    assert.match(globProblem(braces) ?? '', /braces expand/);
    assert.equal(globProblem('{examples,docs}/**'), undefined);
    assert.ok(excludeMatcher([braces, 'b.js'])('b.js'), 'the other globs still apply');
  });

  it('walks a folder outside git with excludes, skipping build output and unknown files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqttwb-files-'));
    try {
      for (const folder of ['src/examples', 'examples', 'node_modules/x', 'mosquitto'])
        mkdirSync(join(dir, folder), { recursive: true });
      for (const file of [
        'setup.py',
        'src/app.py',
        'src/examples/demo.ts',
        'examples/demo.ts',
        'node_modules/x/index.js',
        'mosquitto/mosquitto.conf',
        'notes.txt',
      ])
        writeFileSync(join(dir, file), '');
      const found = await collectFiles([dir], ['*.py', 'examples/**'], createNodeFileSystem({ roots: [dir] }));
      assert.deepEqual(
        found.map((f) => `${f.file.slice(dir.length + 1)} ${f.languageId}`),
        ['mosquitto/mosquitto.conf mosquitto-conf', 'src/app.py python', 'src/examples/demo.ts typescript'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
