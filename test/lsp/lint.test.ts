/** mqtt-lint as a user runs it: the real bundle in a child process. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../helpers/lspClient';

const lint = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [join(projectRoot, 'dist', 'lint.js'), ...args], { cwd, encoding: 'utf8' });

describe('mqtt-lint', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-lint-'));
    mkdirSync(join(dir, 'mosquitto', 'conf.d'), { recursive: true });
    mkdirSync(join(dir, 'nginx'));
    writeFileSync(join(dir, 'mosquitto', 'mosquitto.conf'), 'listener 1883 127.0.0.1\nallow_annonymous true\n');
    // Issue 8: whole-broker rules no longer judge a conf.d snippet, so the line it is listed for is its own.
    writeFileSync(join(dir, 'mosquitto', 'conf.d', 'extra.conf'), 'persistence true\nsys_interval 0\n');
    writeFileSync(join(dir, 'nginx', 'site.conf'), 'server { listen 80; }\n');
    writeFileSync(
      join(dir, 'clean.conf'),
      'listener 1883 127.0.0.1\nallow_anonymous true\npersistence true\npersistent_client_expiration 1d\nmax_queued_bytes 1000000\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints file:line:col: severity code message and exits 1 on errors', () => {
    const r = lint(['mosquitto/mosquitto.conf'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^mosquitto\/mosquitto\.conf:2:1: error unknown-option Unknown option `allow_annonymous`/m);
  });

  it('prints JSON with 1-based positions', () => {
    const r = lint(['--format', 'json', 'mosquitto/mosquitto.conf'], dir);
    const results = JSON.parse(r.stdout) as Record<string, unknown>[];
    const typo = results.find((x) => x.code === 'unknown-option');
    assert.deepEqual(
      typo && {
        line: typo.line,
        column: typo.column,
        endLine: typo.endLine,
        endColumn: typo.endColumn,
        severity: typo.severity,
      },
      { line: 2, column: 1, endLine: 2, endColumn: 17, severity: 'error' },
    );
    assert.deepEqual(Object.keys(typo!).sort(), [
      'code',
      'column',
      'detail',
      'endColumn',
      'endLine',
      'file',
      'line',
      'message',
      'severity',
    ]);
    assert.match(String(typo!.detail), /"Unknown configuration variable"/);
  });

  it('walks folders for mosquitto configs only and exits 0 without errors', () => {
    const r = lint(['--format=json', 'mosquitto', 'nginx'], dir);
    const files = [...new Set((JSON.parse(r.stdout) as { file: string }[]).map((x) => x.file))].sort();
    assert.deepEqual(files, ['mosquitto/conf.d/extra.conf', 'mosquitto/mosquitto.conf']);
    const clean = lint(['clean.conf'], dir);
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, '');
  });

  it('lints ACL files and MQTT topics in source code, honouring .gitignore and --exclude', () => {
    mkdirSync(join(dir, 'src'), { recursive: true });
    mkdirSync(join(dir, 'generated'), { recursive: true });
    writeFileSync(join(dir, 'src', 'app.py'), 'import paho.mqtt.client as mqtt\nclient.publish("home/+/temp", 1)\n');
    writeFileSync(join(dir, 'src', 'skip.py'), 'import paho.mqtt.client as mqtt\nclient.publish("a/#", 1)\n');
    writeFileSync(join(dir, 'generated', 'gen.js'), "const mqtt = require('mqtt');\nc.publish('a/#', 'x');\n");
    writeFileSync(join(dir, 'broker.acl'), 'topicc read a\n');
    writeFileSync(join(dir, '.gitignore'), 'generated/\n');
    spawnSync('git', ['init', '-q'], { cwd: dir });
    const r = lint(['--format', 'json', '--exclude', 'src/skip.py', '.'], dir);
    const rows = (JSON.parse(r.stdout) as { file: string; code: string; line: number }[]).map((x) => [
      x.file,
      x.code,
      x.line,
    ]);
    assert.deepEqual(
      rows.filter(
        (x) => x[0] === 'broker.acl' || String(x[0]).startsWith('src') || String(x[0]).startsWith('generated'),
      ),
      [
        ['broker.acl', 'acl-unknown-keyword', 1],
        ['src/app.py', 'wildcard-in-topic-name', 2],
      ],
    );
    assert.equal(r.status, 1);
  });

  it('honours --mosquitto-version', () => {
    writeFileSync(join(dir, 'v21.conf'), 'listener 1883 127.0.0.1\nallow_anonymous true\nglobal_max_clients 5\n');
    assert.equal(lint(['v21.conf'], dir).status, 1);
    assert.equal(lint(['--mosquitto-version', '2.1', 'v21.conf'], dir).status, 0);
  });

  it('writes no control character from a file name or a source string to the terminal', function () {
    if (process.platform === 'win32') this.skip();
    const hostile = mkdtempSync(join(tmpdir(), 'mqttwb-lint-ctl-'));
    try {
      const topic = 'a/\u001b[31mred/\r\n::error::forged\r::error::cr\u009b[0m\u202e/#';
      writeFileSync(
        join(hostile, 'app\u001b[2J.js'),
        `const mqtt = require('mqtt');\nconst T = \`${topic}\`;\nc.publish(T, 1);\n`,
      );
      const text = lint(['--explain', '.'], hostile);
      assert.equal(text.status, 1, text.stderr);
      assert.match(
        text.stdout,
        /^app\\x1b\[2J\.js:\d+:\d+: error wildcard-in-topic-name .*\n {4}.*\\x1b\[31mred.*\\r::error::cr\\x9b\[0m\\u202e/,
      );
      assert.equal(text.stdout.split('\n').length, 3, 'one result: its line and its explanation');
      const json = lint(['--format', 'json', '.'], hostile);
      for (const [name, out] of [
        ['text', text.stdout],
        ['json', json.stdout],
      ] as const) {
        assert.doesNotMatch(
          out,
          /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/,
          `${name} output holds a raw control character`,
        );
        assert.doesNotMatch(out, /^::error::/m, `${name} output starts a line with a CI command`);
      }
      const [row] = JSON.parse(json.stdout) as { file: string; detail?: string }[];
      assert.equal(row?.file, 'app\u001b[2J.js');
      assert.ok(row.detail?.includes('\u009b[0m\u202e'));
    } finally {
      rmSync(hostile, { recursive: true, force: true });
    }
  });

  it('keeps going past a file it cannot read, and says so', () => {
    const fifo = join(dir, 'pipe.conf');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    try {
      const r = spawnSync(
        process.execPath,
        [join(projectRoot, 'dist', 'lint.js'), 'pipe.conf', 'mosquitto/mosquitto.conf'],
        {
          cwd: dir,
          encoding: 'utf8',
          timeout: 20_000,
        },
      );
      assert.equal(r.signal, null, 'hung on the FIFO');
      assert.match(r.stderr, /pipe\.conf: cannot be read, skipped/);
      assert.match(r.stdout, /^mosquitto\/mosquitto\.conf:2:1: error unknown-option/m, 'the next file was not linted');
    } finally {
      rmSync(fifo, { force: true });
    }
  });

  it('exits 2 on bad usage', () => {
    assert.equal(lint([], dir).status, 2);
    assert.equal(lint(['--format', 'xml', 'clean.conf'], dir).status, 2);
    assert.equal(lint(['--bogus', 'clean.conf'], dir).status, 2);
    assert.equal(lint(['missing.conf'], dir).status, 2);
    const costly = lint(['--exclude', '*a'.repeat(200), 'clean.conf'], dir);
    assert.equal(costly.status, 2);
    assert.match(costly.stderr, /--exclude "\*a\*a.*longer than/);
  });
});

describe('mqtt-lint and the editor agree', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-lint-ws-'));
    mkdirSync(join(dir, 'mosquitto'));
    mkdirSync(join(dir, 'policy'));
    mkdirSync(join(dir, 'src'));
    // An ACL file no name pattern knows: only the config says what it is.
    writeFileSync(join(dir, 'policy', 'who-may.txt'), 'user alice\ntopicc read home/#\n');
    writeFileSync(
      join(dir, 'mosquitto', 'mosquitto.conf'),
      `listener 1883 127.0.0.1\nallow_anonymous false\npassword_file ${join(dir, 'mosquitto', 'passwd')}\nacl_file ${join(dir, 'policy', 'who-may.txt')}\n`,
    );
    writeFileSync(join(dir, 'mosquitto', 'passwd'), 'alice:$7$101$x$y\n');
    writeFileSync(
      join(dir, 'src', 'sensor.py'),
      'import paho.mqtt.client as mqtt\nc = mqtt.Client()\nc.publish("home/living_room/temp", 1, qos=2)\n',
    );
    writeFileSync(
      join(dir, 'src', 'dashboard.js'),
      "const mqtt = require('mqtt');\nconst c = mqtt.connect('mqtt://127.0.0.1');\nc.subscribe('home/+/temp', { qos: 0 });\nc.subscribe('home/livingroom/temp');\n",
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const rowsOf = (stdout: string) =>
    (JSON.parse(stdout) as { file: string; code: string; line: number }[]).map((x) => `${x.file}:${x.line} ${x.code}`);

  it('runs the workspace checks across the files of a folder', () => {
    const r = lint(['--format', 'json', '.'], dir);
    const rows = rowsOf(r.stdout).filter((x) => x.startsWith('src/'));
    for (const expected of [
      'src/sensor.py:3 qos-downgrade',
      'src/sensor.py:3 similar-topic',
      'src/dashboard.js:4 similar-topic',
      'src/dashboard.js:4 unmatched-subscription',
    ])
      assert.ok(rows.includes(expected), `${expected} missing from:\n${rows.join('\n')}`);
    // One file alone has no workspace: the checks need the other side.
    const alone = rowsOf(lint(['--format', 'json', 'src/dashboard.js'], dir).stdout);
    assert.ok(!alone.some((x) => /similar-topic|unmatched-subscription/.test(x)), alone.join('\n'));
  });

  it('lints the file a config names with acl_file as an ACL file, whatever its name', () => {
    const r = lint(['--format', 'json', '.'], dir);
    assert.deepEqual(
      rowsOf(r.stdout).filter((x) => x.startsWith('policy/')),
      ['policy/who-may.txt:2 acl-unknown-keyword'],
    );
    assert.equal(r.status, 1);
  });

  it('says on stderr how many files it read, leaving stdout to the results', () => {
    const text = lint(['.'], dir);
    assert.match(text.stderr, /^mqtt-lint: read 4 files: 1 mosquitto config, 1 ACL file, 2 source files$/m);
    assert.doesNotMatch(text.stdout, /read \d+ files/);
    const json = lint(['--format', 'json', '.'], dir);
    assert.ok(Array.isArray(JSON.parse(json.stdout)));
    assert.match(json.stderr, /read 4 files/);
  });
});
