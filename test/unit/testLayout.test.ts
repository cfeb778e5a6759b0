/** Test files stand alone: importing one would run its suites from another file; shared code lives in test/helpers/. */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'fixtures' && name !== 'workspace' && name !== 'node_modules') out.push(...sources(full));
    } else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

describe('test layout', () => {
  it('no test file imports another test file', () => {
    const offenders: string[] = [];
    for (const file of sources(join(root, 'test'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+\.test)(?:\.[jt]s)?['"]/g))
        offenders.push(`${relative(root, file)} imports ${m[1]}`);
    }
    assert.deepEqual(offenders, []);
  });
});
