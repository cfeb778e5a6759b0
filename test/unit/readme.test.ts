import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ACL_CODES } from '../../server/src/acl/validateAcl';
import { CODE_CODES } from '../../server/src/code/codes';
import { CODE_DOCS } from '../../server/src/codeDocs';
import { CONF_CODES } from '../../server/src/conf/codes';
import { validateConfig } from '../../server/src/conf/validate';
import { defaultSettings } from '../../server/src/types';

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

describe('per-code documentation and the severity settings schema', () => {
  const all = [...Object.entries(CONF_CODES), ...Object.entries(CODE_CODES), ...Object.entries(ACL_CODES)];

  it('has a page for every code, with its summary and default severity, and no page for a code that is gone', () => {
    const pages = new Set(readdirSync(join(root, 'docs', 'codes')));
    for (const [code, info] of all) {
      const page = readFileSync(join(root, 'docs', 'codes', `${code}.md`), 'utf8');
      assert.ok(page.includes(info.summary), `docs/codes/${code}.md is stale; run node scripts/docs.mjs`);
      assert.ok(page.includes(`default severity: **${info.severity}**`), `docs/codes/${code}.md: severity`);
      if (Object.hasOwn(CODE_DOCS, code)) assert.ok(page.includes(CODE_DOCS[code]!), `docs/codes/${code}.md: its why`);
      pages.delete(`${code}.md`);
    }
    assert.deepEqual([...pages], [], 'pages of codes that no longer exist');
    const codes = new Set(all.map(([code]) => code));
    assert.deepEqual(
      Object.keys(CODE_DOCS).filter((code) => !codes.has(code)),
      [],
      'explanations of codes that do not exist',
    );
  });

  it('links each diagnostic to its page', () => {
    const d = validateConfig('listener 1883 127.0.0.1\nbogus_option 1\n', defaultSettings).find(
      (x) => x.severity === 1,
    );
    assert.equal(d?.code, 'unknown-option');
    assert.equal(d.source, 'mqtt-workbench');
    assert.equal(d.codeDescription?.href, pathToFileURL(join(root, 'docs', 'codes', 'unknown-option.md')).href);
  });

  it('lets settings.json flag a code that does not exist', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      contributes: {
        configuration: { properties: Record<string, { properties?: object; additionalProperties?: unknown }> };
      };
    };
    const schema = pkg.contributes.configuration.properties['mqttWorkbench.diagnostics.severity']!;
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(Object.keys(schema.properties ?? {}).sort(), all.map(([code]) => code).sort());
  });
});
