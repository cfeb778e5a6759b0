/** mqtt-lint on each crafted input of issue 7: finishes within seconds and a 512 MB heap, output bounded. */
import * as assert from 'node:assert/strict';
import { craftedCases, DEEP_TOPIC_FILE } from '../helpers/craftedInputs';
import { abnormal, HostileRepo, runLint } from '../helpers/hostileRepo';

/** Output a CI log can take for one crafted file: the per-file cap times short messages, with room. */
const MAX_OUTPUT_BYTES = 2 * 1024 * 1024;
/**
 * The same room per 100 files when a case lints a folder through the workspace checks (issue 8: mqtt-lint
 * runs them as the editor does): every file then has results of its own, so output grows with the files,
 * but never with the length of what they quote (MAX_LINE_BYTES).
 */
const filesOf = (crafted: { files: Record<string, string>; workspaceOnly?: boolean }) =>
  crafted.workspaceOnly ? Math.max(1, Object.keys(crafted.files).length / 100) : 1;
/** One result line (text) or row (JSON): messages quote clipped topics, never a crafted megabyte. */
const MAX_LINE_BYTES = 4096;

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
      it(`${crafted.name} (${format}): exits 0 or 1 within 10 s, output bounded`, () => {
        const repo = new HostileRepo();
        try {
          for (const [rel, text] of Object.entries(crafted.files)) repo.write(rel, text);
          const r = runLint(
            ['--format', format, ...(crafted.cliArgs ?? []), ...(crafted.cliPaths ?? [crafted.target])],
            { cwd: repo.repo, timeoutMs: 10_000 },
          );
          assert.equal(abnormal(r), undefined);
          assert.ok(
            Buffer.byteLength(r.stdout) + Buffer.byteLength(r.stderr) < MAX_OUTPUT_BYTES * filesOf(crafted),
            `${Buffer.byteLength(r.stdout)} bytes of output`,
          );
          if (format === 'json') assert.ok(Array.isArray(JSON.parse(r.stdout)));
          const lines =
            format === 'json'
              ? (JSON.parse(r.stdout) as unknown[]).map((row) => JSON.stringify(row))
              : r.stdout.split('\n');
          const longest = Math.max(0, ...lines.map((l) => Buffer.byteLength(l)));
          assert.ok(longest < MAX_LINE_BYTES, `a result of ${longest} bytes`);
        } finally {
          repo.cleanup();
        }
      });
    }
  }
});
