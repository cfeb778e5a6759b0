/** mqtt-lint on each crafted input of issue 7: finishes within seconds and a 512 MB heap, output bounded. */
import * as assert from 'node:assert/strict';
import { craftedCases, DEEP_TOPIC_FILE } from '../helpers/craftedInputs';
import { abnormal, HostileRepo, runLint } from '../helpers/hostileRepo';

/** Output a CI log can take for one crafted file: the per-file cap times short messages, with room. */
const MAX_OUTPUT_BYTES = 2 * 1024 * 1024;

describe('hostile: mqtt-lint on crafted inputs', function () {
  this.timeout(60_000);
  const cases = [
    ...craftedCases(),
    {
      name: 'a 30,000-level topic',
      files: { 'src/deep.js': DEEP_TOPIC_FILE },
      target: 'src/deep.js',
      languageId: 'javascript',
    },
  ];
  for (const crafted of cases) {
    for (const format of ['text', 'json'] as const) {
      it(`${crafted.name} (${format}): exits 0 or 1 within 10 s, output < 2 MB`, () => {
        const repo = new HostileRepo();
        try {
          for (const [rel, text] of Object.entries(crafted.files)) repo.write(rel, text);
          const r = runLint(
            ['--format', format, ...(crafted.cliArgs ?? []), ...(crafted.cliPaths ?? [crafted.target])],
            { cwd: repo.repo, timeoutMs: 10_000 },
          );
          assert.equal(abnormal(r), undefined);
          assert.ok(
            Buffer.byteLength(r.stdout) + Buffer.byteLength(r.stderr) < MAX_OUTPUT_BYTES,
            `${Buffer.byteLength(r.stdout)} bytes of output`,
          );
          if (format === 'json') assert.ok(Array.isArray(JSON.parse(r.stdout)));
        } finally {
          repo.cleanup();
        }
      });
    }
  }
});
