/** Special files and links in a repository: never read unboundedly, never waited on (CLI and language server). */
import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { abnormal, HostileRepo, runLint } from '../helpers/hostileRepo';
import { assertResponsive, DIAGNOSTICS_BOUND_MS, startOn, stopHard } from '../helpers/hostileServer';

const CONF = 'listener 1883 127.0.0.1\nallow_anonymous true\n';

interface SpecialCase {
  name: string;
  build(repo: HostileRepo): void;
  /** What the CLI is given, and the config the server opens (with its text). */
  lint: string[];
  open: { rel: string; text: string; languageId: string };
}

const cases: SpecialCase[] = [
  {
    name: 'x.js -> /proc/self/pagemap and y.py -> /dev/zero',
    build: (repo) => {
      repo.link('src/x.js', '/proc/self/pagemap');
      repo.link('src/y.py', '/dev/zero');
      repo.write('src/ok.js', "const mqtt = require('mqtt');\nmqtt.connect('mqtt://h').publish('a/#', 'x');\n");
    },
    lint: ['.'],
    open: { rel: 'src/ok.js', text: "const mqtt = require('mqtt');\n", languageId: 'javascript' },
  },
  {
    name: 'a FIFO a.conf in an include_dir',
    build: (repo) => {
      repo.write('mosquitto/mosquitto.conf', `${CONF}include_dir conf.d\n`);
      repo.write('mosquitto/conf.d/b.conf', 'persistence true\n');
      repo.fifo('mosquitto/conf.d/a.conf');
    },
    lint: ['mosquitto/mosquitto.conf'],
    open: { rel: 'mosquitto/mosquitto.conf', text: `${CONF}include_dir conf.d\n`, languageId: 'mosquitto-conf' },
  },
  {
    name: 'a FIFO a.conf in the parent folder of an opened config',
    build: (repo) => {
      repo.fifo('mosquitto/a.conf');
      repo.write('mosquitto/conf.d/extra.conf', 'persistence true\n');
    },
    lint: ['mosquitto/conf.d/extra.conf'],
    open: { rel: 'mosquitto/conf.d/extra.conf', text: 'persistence true\n', languageId: 'mosquitto-conf' },
  },
  {
    name: 'password_file /dev/zero',
    build: (repo) => repo.write('mosquitto/mosquitto.conf', 'listener 1883 127.0.0.1\npassword_file /dev/zero\n'),
    lint: ['mosquitto/mosquitto.conf'],
    open: {
      rel: 'mosquitto/mosquitto.conf',
      text: 'listener 1883 127.0.0.1\npassword_file /dev/zero\n',
      languageId: 'mosquitto-conf',
    },
  },
  {
    name: 'a /dev/zero link in an include_dir',
    build: (repo) => {
      repo.write('mosquitto/mosquitto.conf', `${CONF}include_dir conf.d\n`);
      repo.link('mosquitto/conf.d/zero.conf', '/dev/zero');
    },
    lint: ['mosquitto/mosquitto.conf'],
    open: { rel: 'mosquitto/mosquitto.conf', text: `${CONF}include_dir conf.d\n`, languageId: 'mosquitto-conf' },
  },
];

describe('hostile: special files and links', function () {
  this.timeout(60_000);

  for (const c of cases) {
    it(`mqtt-lint: ${c.name}: exits 0 or 1 within 10 s and 512 MB`, () => {
      const repo = new HostileRepo();
      try {
        c.build(repo);
        for (const format of ['text', 'json']) {
          const r = runLint(['--format', format, ...c.lint], { cwd: repo.repo, timeoutMs: 10_000 });
          assert.equal(abnormal(r), undefined);
        }
      } finally {
        repo.cleanup();
      }
    });

    it(`language server: ${c.name}: hovers answered, diagnostics arrive, server alive`, async () => {
      const repo = new HostileRepo();
      c.build(repo);
      const { client, normalUri } = await startOn(repo.repo);
      try {
        const uri = pathToFileURL(repo.path(c.open.rel)).toString();
        const diagnosed = client.nextDiagnostics(uri, () => true, DIAGNOSTICS_BOUND_MS);
        diagnosed.catch(() => undefined);
        await client.open(uri, c.open.text, c.open.languageId);
        await assertResponsive(client, normalUri);
        await diagnosed;
        assert.equal(client.process.exitCode, null, client.stderr.join(''));
      } finally {
        await stopHard(client);
        repo.cleanup();
      }
    });
  }
});
