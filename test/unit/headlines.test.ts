/**
 * Issue 9: a diagnostic's message is a headline that fits a Problems row, the action at the end; the
 * explanation is its detail (hover, `mqtt-lint --explain`). Every fixture of every kind is held to it.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { languageOfPath } from '../../common/src/languages';
import { validateAcl } from '../../server/src/acl/validateAcl';
import { validateCode } from '../../server/src/code/validateCode';
import { validateConfig } from '../../server/src/conf/validate';
import { defaultSettings } from '../../server/src/types';
import { CODE_SETTINGS } from '../helpers/code';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures');
/** Characters of a headline, quoted values included (they are clipped). */
const LIMIT = 100;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

describe('diagnostic headlines', () => {
  it(`fit a Problems row (${LIMIT} characters) for every fixture's diagnostics`, () => {
    const long: string[] = [];
    let seen = 0;
    for (const path of files(fixtures)) {
      if (path.endsWith('.json')) continue;
      const text = readFileSync(path, 'utf8');
      const languageId = path.endsWith('.conf')
        ? 'mosquitto-conf'
        : /acl/i.test(path)
          ? 'mosquitto-acl'
          : languageOfPath(path);
      const diagnostics =
        languageId === 'mosquitto-conf'
          ? validateConfig(text, defaultSettings)
          : languageId === 'mosquitto-acl'
            ? validateAcl(text)
            : languageId
              ? validateCode(text, languageId, CODE_SETTINGS)
              : [];
      for (const d of diagnostics) {
        seen++;
        const message = typeof d.message === 'string' ? d.message : d.message.value;
        if (message.length > LIMIT) long.push(`${String(d.code)} (${message.length}): ${message}`);
      }
    }
    assert.ok(seen > 300, `only ${seen} diagnostics: the fixtures were not found`);
    assert.deepEqual(long, []);
  });
});

describe('diagnostic explanations', () => {
  it('do not point at the line they sit on', () => {
    const text = 'listener 1883\npassword_file p\nallow_anonymous false\nlistener 8883\ncertfile c\n';
    for (const d of validateConfig(text, defaultSettings)) {
      const detail = (d.data as { detail?: string } | undefined)?.detail ?? '';
      assert.ok(!detail.includes(`(line ${d.range.start.line + 1})`), `${String(d.code)}: ${detail}`);
    }
    const credentials = validateConfig(text, defaultSettings).find((d) => d.code === 'plaintext-credentials');
    assert.match((credentials?.data as { detail: string }).detail, /^listener 1883 is reachable/);
  });
});
