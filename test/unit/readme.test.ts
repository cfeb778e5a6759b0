import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACL_CODES } from '../../server/src/acl/validateAcl';
import { CODE_CODES } from '../../server/src/code/codes';
import { CONF_CODES } from '../../server/src/conf/codes';

const root = join(__dirname, '..', '..', '..');

describe('README', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  it('lists every diagnostic code with its default severity', () => {
    for (const [code, info] of [
      ...Object.entries(CONF_CODES),
      ...Object.entries(CODE_CODES),
      ...Object.entries(ACL_CODES),
    ]) {
      assert.ok(
        readme.includes(`| \`${code}\` | ${info.severity} |`),
        `README is missing ${code} (${info.severity}); run node scripts/docs.mjs`,
      );
    }
  });

  it('documents the test command that CI runs', () => {
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
    assert.match(readme, /npm test/);
    assert.match(ci, /^npm test$/m);
  });
});
