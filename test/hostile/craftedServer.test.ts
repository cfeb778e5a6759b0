/** The language server on each crafted input: keeps answering hovers, diagnoses the crafted file, stays alive. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { craftedCases, DEEP_TOPIC_FILE, SUBSCRIBES_EVERYTHING } from '../helpers/craftedInputs';
import { HostileRepo } from '../helpers/hostileRepo';
import { assertResponsive, DIAGNOSTICS_BOUND_MS, startOn, stopHard } from '../helpers/hostileServer';
import { codesOf } from '../helpers/lspClient';

/** The per-file cap (default 200) plus the one diagnostic saying how many were left out. */
const MAX_DIAGNOSTICS = 201;

describe('hostile: language server on crafted inputs', function () {
  this.timeout(90_000);

  for (const crafted of craftedCases()) {
    it(`${crafted.name}: hovers answered meanwhile, diagnostics arrive, server alive`, async () => {
      const repo = new HostileRepo();
      for (const [rel, text] of Object.entries(crafted.files)) repo.write(rel, text);
      // The CLI's --exclude is the server's mqttWorkbench.topics.index.exclude.
      const excludes = crafted.cliArgs?.filter((_, i, a) => a[i - 1] === '--exclude') ?? [];
      const { client, normalUri } = await startOn(repo.repo, { topics: { index: { exclude: excludes } } });
      try {
        const uri = pathToFileURL(repo.path(crafted.target)).toString();
        const diagnosed = client.nextDiagnostics(uri, () => true, DIAGNOSTICS_BOUND_MS);
        diagnosed.catch(() => undefined);
        await client.open(uri, readFileSync(repo.path(crafted.target), 'utf8'), crafted.languageId);
        await assertResponsive(client, normalUri);
        const published = await diagnosed;
        assert.ok(published.diagnostics.length <= MAX_DIAGNOSTICS, `${published.diagnostics.length} diagnostics`);
        assert.ok(
          published.diagnostics.every((d) => JSON.stringify(d.message).length < 4096),
          'a diagnostic message longer than 4 KB',
        );
        assert.equal(client.process.exitCode, null, client.stderr.join(''));
      } finally {
        await stopHard(client);
        repo.cleanup();
      }
    });
  }

  it('a 30,000-level topic in an unopened file does not silence an open file subscribing to #', async () => {
    const repo = new HostileRepo();
    repo.write('src/deep.js', DEEP_TOPIC_FILE);
    repo.write('src/all.js', SUBSCRIBES_EVERYTHING);
    const { client, normalUri } = await startOn(repo.repo);
    try {
      const uri = pathToFileURL(repo.path('src/all.js')).toString();
      const own = client.nextDiagnostics(
        uri,
        (p) => codesOf(p.diagnostics).includes('wildcard-in-topic-name'),
        DIAGNOSTICS_BOUND_MS,
      );
      own.catch(() => undefined);
      // Opened once the index (which holds the deep topic) is built, so the workspace checks run on it.
      await client.loggedOrNext(/Topic index:/, DIAGNOSTICS_BOUND_MS).catch(() => undefined);
      await client.open(uri, SUBSCRIBES_EVERYTHING, 'javascript');
      await assertResponsive(client, normalUri);
      assert.ok(codesOf((await own).diagnostics).includes('wildcard-in-topic-name'));
      // And after the index settles, the latest diagnostics still hold the file's own problem.
      await new Promise((r) => setTimeout(r, 1500));
      const latest = client.published.filter((p) => p.uri === uri).at(-1);
      assert.ok(latest && codesOf(latest.diagnostics).includes('wildcard-in-topic-name'), JSON.stringify(latest));
      assert.equal(client.process.exitCode, null, client.stderr.join(''));
    } finally {
      await stopHard(client);
      repo.cleanup();
    }
  });
});
