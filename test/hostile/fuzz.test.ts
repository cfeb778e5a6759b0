/** The fast slice of the fuzzer: a few thousand seeded mutations of every fixture through the facade, no exception. */
import * as assert from 'node:assert/strict';
import { type FuzzFailure, fuzz, fuzzSeeds } from '../helpers/fuzz';

describe('hostile: fuzzing the analysis facade (fast slice)', function () {
  this.timeout(120_000);
  it('2,000 mutated configs, ACL files and source files: no exception, answers of the right shape', () => {
    const seeds = fuzzSeeds();
    assert.ok(new Set(seeds.map((s) => s.languageId)).size >= 12, 'every supported language seeded');
    const failures: FuzzFailure[] = [];
    fuzz(seeds, 7, 2000, (f) => failures.push(f));
    assert.deepEqual(
      failures
        .slice(0, 5)
        .map((f) => `seed ${f.seed} index ${f.index} (${f.from} as ${f.languageId}): ${f.feature}: ${f.message}`),
      [],
    );
  });
});
