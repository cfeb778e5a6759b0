/**
 * `npm run fuzz -- --count 1000000 [--seed N] [--start I]`: the long fuzz run over the analysis facade.
 * Reports inputs per second and each failure with its seed and index (replay: --seed N --start I --count 1)
 * and a minimized input; inputs that take over 2 s are listed as SLOW. Exit code 1 when any input failed.
 */
import { parseArgs } from 'node:util';
import { fuzz, fuzzSeeds, minimize } from '../helpers/fuzz';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    start: { type: 'string', default: '0' },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const start = Number(values.start);
const seeds = fuzzSeeds();
const began = Date.now();
let done = 0;
let failed = 0;
let slowCount = 0;
const kinds = new Map<string, number>();
const CHUNK = 1000;
let lastReport = began;
for (let from = start; from < start + count; from += CHUNK) {
  const n = Math.min(CHUNK, start + count - from);
  failed += fuzz(
    seeds,
    seed,
    n,
    (f) => {
      const kind = `${f.feature}: ${f.message.slice(0, 120)}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if (kinds.get(kind) !== 1) return;
      const small = minimize(f.input, f.languageId, f);
      console.log(
        `FAIL seed ${f.seed} index ${f.index} (${f.from} as ${f.languageId}) ${kind}\n  minimized (${small.length} chars): ${JSON.stringify(small.length > 400 ? `${small.slice(0, 400)}…` : small)}`,
      );
    },
    from,
    (slow) => {
      slowCount++;
      console.log(
        `SLOW seed ${slow.seed} index ${slow.index} (${slow.from} as ${slow.languageId}): ${slow.millis} ms for ${slow.input.length} chars`,
      );
    },
  );
  done += n;
  if (Date.now() - lastReport > 10_000) {
    lastReport = Date.now();
    console.log(`${done} inputs, ${failed} failed, ${Math.round(done / ((Date.now() - began) / 1000))} inputs/s`);
  }
}
const seconds = (Date.now() - began) / 1000;
console.log(
  `\n${done} inputs in ${seconds.toFixed(1)} s (${Math.round(done / seconds)} inputs/s), ${failed} failed, ${slowCount} slower than 2 s`,
);
for (const [kind, n] of kinds) console.log(`  ${n}× ${kind}`);
process.exitCode = failed ? 1 : 0;
