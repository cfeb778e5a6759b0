// @ts-check
// Regenerates the diagnostic code tables in README.md from the code tables (via the compiled out/).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { CONF_CODES } = require('../out/server/src/conf/codes.js');
const { CODE_CODES } = require('../out/server/src/code/codes.js');
const { ACL_CODES } = require('../out/server/src/acl/validateAcl.js');

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
console.log(
  `README: ${Object.keys(CONF_CODES).length} mosquitto.conf codes, ${Object.keys(CODE_CODES).length} topic codes`,
);
