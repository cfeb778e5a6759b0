/** Every source fixture gives exactly the diagnostics its `.expected.json` lists (code, line, range, severity). */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { familyOf, languageOfPath, SOURCE_LANGUAGES } from '../../../common/src/languages';
import { validateCode } from '../../../server/src/code/validateCode';
import { CODE_SETTINGS } from '../../helpers/code';

const DIR = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'code');

describe('topic fixtures per language', () => {
  const files = readdirSync(DIR)
    .filter((f) => !f.endsWith('.json'))
    .sort();

  it('cover every language', () => {
    const seen = new Set(files.map((f) => familyOf(languageOfPath(f) ?? '')));
    for (const family of new Set(Object.values(SOURCE_LANGUAGES)))
      assert.ok(seen.has(family), `no fixture for ${family}`);
  });

  for (const file of files) {
    it(file, () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const expected = JSON.parse(readFileSync(join(DIR, `${file}.expected.json`), 'utf8')) as unknown[];
      const actual = validateCode(text, languageOfPath(file)!, CODE_SETTINGS).map((d) => ({
        code: d.code,
        line: d.range.start.line + 1,
        start: d.range.start.character,
        end: d.range.end.character,
        severity: ['', 'error', 'warning', 'information', 'hint'][d.severity!],
      }));
      assert.deepEqual(actual, expected);
    });
  }
});
