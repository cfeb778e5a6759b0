/** Output built from repository text is inert: hover markdown escaped, no terminal escapes, shell arguments quoted. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Hover, HoverRequest } from 'vscode-languageserver-protocol';
import { abnormal, activeMarkdown, CONTROL_CHARACTERS, HostileRepo, runLint } from '../helpers/hostileRepo';
import { HOVER_BOUND_MS, startOn, stopHard, within } from '../helpers/hostileServer';

const JS_HEAD = "const mqtt = require('mqtt');\nconst c = mqtt.connect('mqtt://127.0.0.1');\n";

describe('hostile: inert output', function () {
  this.timeout(60_000);

  it('control: the markdown checker sees an injected link and image', () => {
    const found = activeMarkdown('`a` [x](http://evil.example/a) ![i](http://evil.example/i.png) \\[no\\](x)');
    assert.deepEqual(found.links, ['http://evil.example/a', 'http://evil.example/i.png']);
    assert.equal(found.images, 1);
  });

  it('hover links to a counterpart whose topic carries markdown: no injected link or image', async () => {
    const repo = new HostileRepo();
    const topic = 'home/x`](http://evil.example/a) ![i](http://evil.example/i.png) [`y';
    repo.write('src/feeder.js', `${JS_HEAD}c.publish('${topic}', 'x');\n`);
    const subscriber = `${JS_HEAD}c.subscribe('home/#');\n`;
    repo.write('src/sub.js', subscriber);
    const { client } = await startOn(repo.repo);
    try {
      await client.loggedOrNext(/Topic index:/, 20_000).catch(() => undefined);
      const uri = pathToFileURL(repo.path('src/sub.js')).toString();
      const diagnosed = client.nextDiagnostics(uri, () => true, 20_000);
      await client.open(uri, subscriber, 'javascript');
      await diagnosed;
      const hover = await within<Hover | null>(
        client.connection.sendRequest(HoverRequest.type, {
          textDocument: { uri },
          position: { line: 2, character: 14 },
        }),
        HOVER_BOUND_MS,
        'hover',
      );
      const value = (hover?.contents as { value?: string } | undefined)?.value ?? '';
      // The hover does show the counterpart (else the test proves nothing).
      assert.match(value, /feeder\.js/);
      const active = activeMarkdown(value);
      assert.deepEqual(
        active.links.filter((l) => !l.startsWith('file:') && !l.startsWith('untitled:')),
        [],
        value,
      );
      assert.equal(active.images, 0, value);
      assert.deepEqual(active.bareUrls, [], value);
    } finally {
      await stopHard(client);
      repo.cleanup();
    }
  });

  it('mqtt-lint text output carries no control characters and no forged workflow command line', () => {
    const repo = new HostileRepo();
    try {
      repo.write(
        'src/esc.js',
        `${JS_HEAD}const T = 'home/#/\x1b[2K\r::error::forged\x07\x9b31m';\nc.publish(T, 'x');\n` +
          `const U = \`home/#\n::error file=x::forged\u2028\u0085\`;\nc.publish(U, 'x');\n`,
      );
      repo.write(
        'src/esc.py',
        `import paho.mqtt.client as mqtt\nT = "a/#/\x1b]8;;http://evil.example\x1b\\\\x"\nclient.publish(T, 1)\n`,
      );
      const r = runLint(['--explain', 'src'], { cwd: repo.repo });
      assert.equal(abnormal(r), undefined);
      // The topics are quoted at all (else the test proves nothing).
      assert.match(r.stdout, /forged/);
      assert.ok(!CONTROL_CHARACTERS.test(r.stdout), JSON.stringify(r.stdout));
      assert.ok(!CONTROL_CHARACTERS.test(r.stderr), JSON.stringify(r.stderr));
      assert.deepEqual(
        r.stdout.split(/\r\n|\n|\r|\u2028|\u2029|\u0085/).filter((l) => l.startsWith('::')),
        [],
      );
      const json = runLint(['--format', 'json', 'src'], { cwd: repo.repo });
      assert.ok(Array.isArray(JSON.parse(json.stdout)));
    } finally {
      repo.cleanup();
    }
  });

  it('the suggested mosquitto_passwd -U command is safely quoted for the shell', () => {
    const repo = new HostileRepo();
    try {
      const path = `pw $(touch marker) 'q' "d" ;touch marker2.txt`;
      repo.write(`mosquitto/${path}`, 'alice:secret\n');
      repo.write('mosquitto/mosquitto.conf', `listener 1883 127.0.0.1\nallow_anonymous false\npassword_file ${path}\n`);
      const r = runLint(['--format', 'json', 'mosquitto.conf'], { cwd: repo.path('mosquitto') });
      assert.equal(abnormal(r), undefined);
      const message = (JSON.parse(r.stdout) as { code: string; message: string }[]).find(
        (x) => x.code === 'plaintext-password-file',
      )?.message;
      const command = /`(mosquitto_passwd -U [^`]*)`/.exec(message ?? '')?.[1];
      assert.ok(command, message);
      // Run the suggestion with a stand-in mosquitto_passwd that prints its arguments, one per line.
      const shell = spawnSync('sh', ['-c', `mosquitto_passwd() { printf '%s\\n' "$@"; }\n${command}`], {
        cwd: repo.path('mosquitto'),
        encoding: 'utf8',
        timeout: 5000,
      });
      assert.equal(existsSync(join(repo.path('mosquitto'), 'marker')), false, 'the command substitution ran');
      assert.equal(existsSync(join(repo.path('mosquitto'), 'marker2.txt')), false, 'the ; ran a second command');
      assert.deepEqual(shell.stdout.split('\n').slice(0, -1), ['-U', path]);
    } finally {
      repo.cleanup();
    }
  });
});
