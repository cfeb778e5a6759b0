// @ts-check
// Regenerates, from the code tables (via the compiled out/): the diagnostic code tables in README.md, one
// documentation page per code in docs/codes/ (the diagnostics link to it), and the JSON schema of
// `mqttWorkbench.diagnostics.severity` in package.json (so a mistyped code is flagged in settings.json).
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { CONF_CODES } = require('../out/server/src/conf/codes.js');
const { CODE_CODES } = require('../out/server/src/code/codes.js');
const { ACL_CODES } = require('../out/server/src/acl/validateAcl.js');
const { CODE_DOCS } = require('../out/server/src/codeDocs.js');

const table = (codes) =>
  [
    '| Code | Default | What it finds |',
    '|---|---|---|',
    ...Object.entries(codes).map(([code, info]) => `| \`${code}\` | ${info.severity} | ${info.summary} |`),
  ].join('\n');
let readme = readFileSync('README.md', 'utf8');
readme = readme.replace(
  /<!-- codes:start -->[\s\S]*<!-- codes:end -->/,
  () => `<!-- codes:start -->\n${table(CONF_CODES)}\n<!-- codes:end -->`,
);
readme = readme.replace(
  /<!-- topic-codes:start -->[\s\S]*<!-- topic-codes:end -->/,
  () => `<!-- topic-codes:start -->\n${table(CODE_CODES)}\n<!-- topic-codes:end -->`,
);
readme = readme.replace(
  /<!-- acl-codes:start -->[\s\S]*<!-- acl-codes:end -->/,
  () => `<!-- acl-codes:start -->\n${table(ACL_CODES)}\n<!-- acl-codes:end -->`,
);
writeFileSync('README.md', readme);

/** @type {[string, Record<string, { severity: string, summary: string }>, string][]} */
const areas = [
  ['mosquitto.conf', CONF_CODES, '# mqtt-lint-disable-next-line CODE'],
  ['ACL files', ACL_CODES, '# mqtt-lint-disable-next-line CODE'],
  ['MQTT code', CODE_CODES, '// mqtt-lint-disable-next-line CODE   (# in Python)'],
];
mkdirSync('docs/codes', { recursive: true });
for (const name of readdirSync('docs/codes')) if (name.endsWith('.md')) rmSync(`docs/codes/${name}`);
/** @type {Record<string, object>} */
const properties = {};
for (const [area, codes, comment] of areas)
  for (const [code, info] of Object.entries(codes)) {
    const placement =
      area === 'MQTT code'
        ? 'on the line above, indented like it'
        : 'on the line above, starting in column 1 (mosquitto takes an indented `#` for part of a value)';
    const page = [
      `# ${code}`,
      '',
      `MQTT Workbench · ${area} · default severity: **${info.severity}**`,
      '',
      info.summary,
      '',
      ...(Object.hasOwn(CODE_DOCS, code) ? [CODE_DOCS[code], ''] : []),
      '## Turn it off',
      '',
      `For one line, a comment ${placement} (the quick fix "Disable ${code} for this line" writes it):`,
      '',
      '```',
      comment.replace('CODE', code),
      '```',
      '',
      'Everywhere (the quick fix "Disable ' +
        code +
        ' in settings" does it), or at another severity, in settings.json:',
      '',
      '```json',
      `"mqttWorkbench.diagnostics.severity": { "${code}": "off" }`,
      '```',
      '',
      'In tests, examples and fixtures (files named or placed so inside the workspace) warnings are shown as informations.',
      '',
    ].join('\n');
    writeFileSync(`docs/codes/${code}.md`, page);
    properties[code] = {
      type: 'string',
      enum: ['error', 'warning', 'information', 'hint', 'off'],
      markdownDescription: `${info.summary} (${area}; default: ${info.severity})`,
    };
  }

const pkgText = readFileSync('package.json', 'utf8');
const pkg = JSON.parse(pkgText);
const setting = pkg.contributes.configuration.properties['mqttWorkbench.diagnostics.severity'];
setting.properties = properties;
setting.additionalProperties = false;
delete setting.patternProperties;
writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
console.log(
  `README, docs/codes/ and the settings schema: ${Object.keys(CONF_CODES).length} mosquitto.conf codes, ${Object.keys(ACL_CODES).length} ACL codes, ${Object.keys(CODE_CODES).length} code codes`,
);
