// Regenerates the diagnostic code table in README.md from server/src/conf/codes.ts (via the compiled out/).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { CONF_CODES } = require('../out/server/src/conf/codes.js');
const rows = Object.entries(CONF_CODES).map(([code, info]) => `| \`${code}\` | ${info.severity} | ${info.summary} |`);
const table = ['| Code | Default | What it finds |', '|---|---|---|', ...rows].join('\n');
const readme = readFileSync('README.md', 'utf8');
const updated = readme.replace(/<!-- codes:start -->[\s\S]*<!-- codes:end -->/, `<!-- codes:start -->\n${table}\n<!-- codes:end -->`);
writeFileSync('README.md', updated);
console.log(`README: ${rows.length} codes`);
