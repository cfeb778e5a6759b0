/** Programs a repository's own git config names never run when mqtt-lint or the language server lists its files. */
import * as assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InitializedNotification, InitializeRequest } from 'vscode-languageserver-protocol';
import {
  abnormal,
  EVIL_ATTRIBUTES,
  gitStatusByHand,
  HostileRepo,
  programRunningConfig,
  runLint,
} from '../helpers/hostileRepo';
import { stopHard } from '../helpers/hostileServer';
import { LspClient } from '../helpers/lspClient';

const SOURCE = "const mqtt = require('mqtt');\nconst c = mqtt.connect('mqtt://127.0.0.1');\nc.publish('a/#', 'x');\n";

/** A cloned-looking repository whose .git/config runs a payload for every program-running setting. */
function repoWithGitPayloads(): HostileRepo {
  const repo = new HostileRepo();
  repo.write('src/app.js', SOURCE);
  repo.write('mosquitto/mosquitto.conf', 'listener 1883 127.0.0.1\nallow_anonymous true\n');
  repo.write('.gitattributes', EVIL_ATTRIBUTES);
  repo.gitInit();
  repo.write('.git/config', `${programRunningConfig(repo)}[core]\n\trepositoryformatversion = 0\n\tbare = false\n`);
  repo.write('src/untracked.js', SOURCE);
  return repo;
}

/** A committed folder that looks like a bare repository (HEAD, config, objects/, refs/) with a work tree. */
function repoWithBareLookalike(): HostileRepo {
  const repo = new HostileRepo();
  repo.write('vendor/lib/app.js', SOURCE);
  repo.write('vendor/lib/evil/HEAD', 'ref: refs/heads/main\n');
  repo.write('vendor/lib/evil/objects/.keep', '');
  repo.write('vendor/lib/evil/refs/heads/.keep', '');
  repo.write(
    'vendor/lib/evil/config',
    `${programRunningConfig(repo)}[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = ..\n`,
  );
  repo.gitInit();
  return repo;
}

describe('hostile: programs from the repository', function () {
  this.timeout(60_000);

  it('control: git status by hand runs the payloads of .git/config and of a committed bare-looking folder', () => {
    const a = repoWithGitPayloads();
    const b = repoWithBareLookalike();
    try {
      gitStatusByHand(a.repo);
      assert.ok(a.markersLeft().includes('core.fsmonitor'), a.markersLeft().join(', '));
      gitStatusByHand(b.path('vendor/lib/evil'));
      assert.ok(b.markersLeft().includes('core.fsmonitor'), b.markersLeft().join(', '));
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });

  it('mqtt-lint on the repository runs none of them', () => {
    const repo = repoWithGitPayloads();
    try {
      for (const args of [['.'], ['--format', 'json', 'src', 'mosquitto']]) {
        const r = runLint(args, { cwd: repo.repo });
        assert.equal(abnormal(r), undefined);
        assert.match(r.stdout, /app\.js/);
      }
      assert.deepEqual(repo.markersLeft(), []);
    } finally {
      repo.cleanup();
    }
  });

  it('mqtt-lint on a committed bare-looking folder runs none of its programs', () => {
    const repo = repoWithBareLookalike();
    try {
      for (const [cwd, path] of [
        [repo.repo, 'vendor/lib/evil'],
        [repo.path('vendor/lib/evil'), '.'],
        [repo.repo, 'vendor'],
      ] as const) {
        const r = runLint([path], { cwd });
        assert.equal(abnormal(r), undefined);
      }
      assert.deepEqual(repo.markersLeft(), []);
    } finally {
      repo.cleanup();
    }
  });

  it('a `git` program committed in the linted folder never runs, even with the current folder on PATH', () => {
    const repo = repoWithGitPayloads();
    try {
      const fake = repo.write('git', `#!/bin/sh\ntouch '${join(repo.markers, 'committed-git')}'\n`);
      chmodSync(fake, 0o755);
      // An empty PATH entry means the current folder (as Windows always searches it first).
      const r = runLint(['.'], { cwd: repo.repo, env: { PATH: `:${process.env.PATH ?? ''}` } });
      assert.equal(abnormal(r), undefined);
      assert.deepEqual(repo.markersLeft(), []);
    } finally {
      repo.cleanup();
    }
  });

  it('the language server indexing the repository and the bare-looking folder runs none of them', async () => {
    const repos = [repoWithGitPayloads(), repoWithBareLookalike()];
    const client = new LspClient();
    try {
      const folders = [repos[0]!.repo, repos[1]!.repo, repos[1]!.path('vendor/lib/evil')].map((f, i) => ({
        uri: pathToFileURL(f).toString(),
        name: `f${i}`,
      }));
      client.folders = folders;
      const indexed = client.nextLog(/Topic index:/, 20_000);
      await client.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: folders[0]!.uri,
        workspaceFolders: folders,
        capabilities: { workspace: { configuration: true, workspaceFolders: true } },
      });
      await client.connection.sendNotification(InitializedNotification.type, {});
      await indexed;
      // The ACL discovery lists the folders once more after the index: let a diagnostics round trip pass.
      const uri = pathToFileURL(repos[0]!.path('src/app.js')).toString();
      const published = client.nextDiagnostics(uri, () => true, 20_000);
      await client.open(uri, SOURCE, 'javascript');
      await published;
      assert.deepEqual(
        repos.flatMap((r) => r.markersLeft()),
        [],
      );
      assert.equal(client.process.exitCode, null);
    } finally {
      await stopHard(client);
      for (const r of repos) r.cleanup();
    }
  });
});
