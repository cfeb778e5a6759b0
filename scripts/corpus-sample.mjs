// @ts-check
// `node scripts/corpus-sample.mjs --seed S --count N [--severity warning] [--kind config|code]`: draws a
// reproducible sample of the findings of the last `npm run corpus` (corpus/cache/findings.json) and prints each
// with its message and the source lines around it, for judging by hand (corpus/JUDGEMENTS.md). Same seed, same
// findings file: same sample.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '40' },
    severity: { type: 'string', default: 'warning' },
    kind: { type: 'string' },
    code: { type: 'string' },
    cache: { type: 'string', default: join(root, 'corpus/cache') },
  },
});
const file = join(values.cache, 'findings.json');
if (!existsSync(file)) {
  console.error(`${file} is missing: run npm run corpus first`);
  process.exit(2);
}

/** @type {{ repo: string, commit: string, kind: string, findings: { file: string, line: number, severity: string, code: string, message: string }[] }[]} */
const entries = JSON.parse(readFileSync(file, 'utf8'));
const pool = entries.flatMap((e) =>
  e.findings
    .filter((f) => f.severity === values.severity)
    .filter((f) => !values.kind || e.kind === values.kind)
    .filter((f) => !values.code || f.code === values.code)
    .map((f) => ({ ...f, repo: e.repo, commit: e.commit })),
);

// mulberry32: a small seeded generator, so a sample can be drawn again.
let state = Number(values.seed) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
for (let i = pool.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [pool[i], pool[j]] = [/** @type {typeof pool[0]} */ (pool[j]), /** @type {typeof pool[0]} */ (pool[i])];
}

const sample = pool.slice(0, Number(values.count));
console.log(`${sample.length} of ${pool.length} ${values.severity} findings, seed ${values.seed}\n`);
sample.forEach((f, i) => {
  const [owner, name] = f.repo.split('/');
  const path = join(values.cache, `${owner}+${name}@${f.commit}`, f.file);
  console.log(`#${i + 1} ${f.repo} ${f.file}:${f.line} ${f.code}\n   ${f.message.split('\n')[0]}`);
  if (existsSync(path)) {
    const lines = readFileSync(path, 'utf8').split('\n');
    for (let n = Math.max(1, f.line - 2); n <= Math.min(lines.length, f.line + 2); n++)
      console.log(`   ${n === f.line ? '>' : ' '}${String(n).padStart(5)}| ${(lines[n - 1] ?? '').slice(0, 150)}`);
  }
  console.log('');
});
