import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectFiles, excludeMatcher } from '../../server/src/files';
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
