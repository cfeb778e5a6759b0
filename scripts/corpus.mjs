// @ts-check
// `npm run corpus [-- --cache DIR] [-- --out FILE]`: runs mqtt-lint (dist/lint.js, JSON) over the real-world
// corpus listed in corpus/repos.json and writes a summary to corpus/results/latest.json.
// The cache holds one checkout per entry, laid out as <owner>+<name>@<commit>/<path> (corpus/README.md says how
// to fill it). The summary keeps codes, severities, file paths and line numbers only: no code, no message text,
// so nothing of the fetched repositories ends up committed (the messages go to the git-ignored cache/findings.json).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');

/** @typedef {{ repo: string, commit: string, kind: 'code' | 'config', language?: string, lint: string[], paths: string[] }} Entry */
/** @typedef {{ file: string, line: number, severity: string, code: string, message: string }} Finding */

const args = process.argv.slice(2);
/** @param {string} name @param {string} fallback */
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? resolve(args[i + 1]) : fallback;
};
const cache = option('--cache', join(root, 'corpus/cache'));
const out = option('--out', join(root, 'corpus/results/latest.json'));
const lint = join(root, 'dist/lint.js');
if (!existsSync(lint)) {
  console.error('dist/lint.js is missing: build first (npx tsc -b && node scripts/build.mjs)');
  process.exit(2);
}

/** @type {{ entries: Entry[] }} */
const corpus = JSON.parse(readFileSync(join(root, 'corpus/repos.json'), 'utf8'));

// A finding belongs to the entry when its file is one of the entry's paths or lies under one of them. Config
// entries lint the whole checkout (as the editor does with the folder open, so referenced files resolve) and keep
// the findings in the listed configs; code entries keep the findings outside mosquitto configs and ACL files,
// which are counted by the config entries.
const CONFIG_FILE = /(\.conf|\.acl|(^|\/)acl_?file)$/i;
/** @param {Entry} entry @param {string} file */
function belongs(entry, file) {
  const inPaths = entry.paths.some((p) => p === '.' || file === p || file.startsWith(p.endsWith('/') ? p : `${p}/`));
  if (!inPaths) return false;
  return entry.kind === 'config' || !CONFIG_FILE.test(file);
}

/** @param {Entry} entry */
function run(entry) {
  const [owner, name] = entry.repo.split('/');
  const dir = join(cache, `${owner}+${name}@${entry.commit}`);
  if (!existsSync(dir)) return { status: 'missing', exitCode: null, findings: /** @type {Finding[]} */ ([]) };
  // mqtt-lint lists a folder with git ls-files inside a git checkout, and this cache is git-ignored inside ours:
  // each checkout must be a work tree of its own (a git clone is; an extracted archive gets a git init).
  if (!existsSync(join(dir, '.git'))) spawnSync('git', ['init', '-q', dir]);
  const started = Date.now();
  const result = spawnSync(process.execPath, [lint, '--format', 'json', ...entry.lint], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 600_000,
  });
  if (result.status === null || result.status === 2) {
    const why = result.error ? String(result.error) : (result.stderr || '').split('\n')[0];
    return { status: `failed: ${why.slice(0, 200)}`, exitCode: result.status, findings: [] };
  }
  /** @type {{ file: string, line: number, severity: string, code: string, message: string }[]} */
  const raw = JSON.parse(result.stdout || '[]');
  const findings = raw
    .map((r) => ({
      file: r.file.split('\\').join('/'),
      line: r.line,
      severity: r.severity,
      code: r.code,
      message: r.message,
    }))
    .filter((f) => belongs(entry, f.file));
  return { status: 'ok', exitCode: result.status, ms: Date.now() - started, findings };
}

// --referee: mosquitto itself on each config, in a private network namespace (loopback only), from the config's
// folder, as test/oracle/mosquittoOracle.ts does. Exit 3 is a parse error (with the line it names); another exit
// is a startup failure (often a container path that does not exist here); still running after 2.5 s is accepted.
const referee = args.includes('--referee');
/** @param {string} dir @param {string} config */
function runMosquitto(dir, config) {
  const full = join(dir, config);
  const r = spawnSync(
    'timeout',
    ['-s', 'TERM', '2.5', 'unshare', '-n', 'sh', '-c', 'ip link set lo up && exec mosquitto -c "$0"', full],
    { cwd: dirname(full), encoding: 'utf8' },
  );
  const output = `${r.stdout}${r.stderr}`;
  const at = /Error found at (.*):(\d+)\./.exec(output);
  if (r.status === 124) return { outcome: 'accepted' };
  if (r.status === 3)
    return {
      outcome: 'parse-error',
      file: at ? at[1].slice(dir.length + 1) : undefined,
      line: at ? Number(at[2]) : undefined,
    };
  return { outcome: 'startup-error', exitCode: r.status };
}

/** @param {Record<string, Record<string, number>>} table @param {string} code @param {string} severity */
function bump(table, code, severity) {
  table[code] ??= {};
  table[code][severity] = (table[code][severity] ?? 0) + 1;
}

const SEVERITIES = ['error', 'warning', 'information', 'hint'];
/** @type {Record<string, Record<string, Record<string, number>>>} */
const byKind = { code: {}, config: {} };
/** @type {Record<string, number>} */
const warningsPerConfig = {};
/** @type {Record<string, object>} */
const mosquitto = {};
const entries = [];
/** @type {{ repo: string, commit: string, kind: string, findings: Finding[] }[]} */
const withMessages = [];
for (const entry of corpus.entries) {
  const r = run(entry);
  /** @type {Record<string, number>} */
  const counts = {};
  for (const f of r.findings) {
    counts[f.severity] = (counts[f.severity] ?? 0) + 1;
    bump(byKind[entry.kind], f.code, f.severity);
  }
  if (entry.kind === 'config')
    for (const p of entry.paths)
      warningsPerConfig[`${entry.repo}:${p}`] = r.findings.filter(
        (f) => f.file === p && f.severity === 'warning',
      ).length;
  if (entry.kind === 'config' && referee) {
    const [owner, name] = entry.repo.split('/');
    const dir = join(cache, `${owner}+${name}@${entry.commit}`);
    if (existsSync(dir)) for (const p of entry.paths) mosquitto[`${entry.repo}:${p}`] = runMosquitto(dir, p);
  }
  entries.push({
    repo: entry.repo,
    commit: entry.commit,
    kind: entry.kind,
    status: r.status,
    exitCode: r.exitCode,
    counts,
    findings: r.findings.map(({ message: _, ...f }) => f),
  });
  withMessages.push({ repo: entry.repo, commit: entry.commit, kind: entry.kind, findings: r.findings });
  const line = `${entry.kind.padEnd(6)} ${entry.repo.padEnd(58)} ${r.status === 'ok' ? '' : r.status + ' '}`;
  console.log(
    line + SEVERITIES.map((s) => `${s[0]}${counts[s] ?? 0}`).join(' ') + (r.exitCode === 1 ? '  exit 1' : ''),
  );
}

const configs = Object.keys(warningsPerConfig).length;
const configWarnings = Object.values(warningsPerConfig).reduce((a, b) => a + b, 0);
const summary = {
  generated: new Date().toISOString().slice(0, 10),
  entries: entries.length,
  codeBases: entries.filter((e) => e.kind === 'code').length,
  configs,
  warningsPerConfig: configs ? Math.round((configWarnings / configs) * 100) / 100 : 0,
  byKind,
  perConfig: warningsPerConfig,
  ...(referee ? { mosquitto } : {}),
  perEntry: entries,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(summary, null, 1)}\n`);
// The messages quote the fetched code (topics, paths), so they stay in the git-ignored cache, for
// scripts/corpus-sample.mjs to draw a judging sample from.
mkdirSync(cache, { recursive: true });
writeFileSync(join(cache, 'findings.json'), `${JSON.stringify(withMessages, null, 1)}\n`);

for (const kind of /** @type {const} */ (['code', 'config'])) {
  console.log(`\n${kind}: findings per code`);
  const rows = Object.entries(byKind[kind]).sort(
    ([, a], [, b]) => Object.values(b).reduce((x, y) => x + y, 0) - Object.values(a).reduce((x, y) => x + y, 0),
  );
  for (const [code, bySeverity] of rows)
    console.log(`  ${code.padEnd(40)} ${SEVERITIES.map((s) => String(bySeverity[s] ?? 0).padStart(5)).join(' ')}`);
}
console.log(`\n${summary.codeBases} code bases, ${configs} configs, ${summary.warningsPerConfig} warnings per config`);
console.log(`written ${out}`);
