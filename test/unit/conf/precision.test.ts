/** Issue 8: the mosquitto.conf patterns that gave false errors or warnings nobody acts on, each from a minimal case. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { looksLikeMosquittoConf, templateLine } from '../../../server/src/conf/recognise';
import { collectFiles } from '../../../server/src/files';
import { createNodeFileSystem } from '../../../server/src/nodeFileSystem';
import { readSettings } from '../../../server/src/settings';
import { codes, diagnose, errors, messageOf, SAFE_BASE, seen } from '../../helpers/conf';

const tail = 'allow_anonymous true\npersistence true\npersistent_client_expiration 1d\nmax_queued_bytes 1000000\n';
const messagesOf = (text: string, code: string, ctx = {}) =>
  diagnose(text, {}, ctx)
    .filter((d) => d.code === code)
    .map(messageOf);

describe('mosquitto.conf precision (issue 8)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-precision-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('options at their default before the first listener create no default listener (Home Assistant layout)', () => {
    const text = `protocol mqtt\nmax_connections -1\nlistener 1883\n${tail}`;
    assert.deepEqual(errors(text), []);
    assert.ok(!codes(text).includes('implicit-default-listener'), codes(text).join());
    // A value that differs from the default does create it, and then it does collide.
    const differs = `max_connections 10\nlistener 1883\n${tail}`;
    assert.deepEqual(
      seen(differs)
        .filter((d) => d.code === 'listener-conflict' || d.code === 'implicit-default-listener')
        .map((d) => [d.line, d.code]),
      [
        [0, 'implicit-default-listener'],
        [1, 'listener-conflict'],
      ],
    );
  });

  it('with per_listener_settings, a security option before the first listener creates the default listener', () => {
    const text = `per_listener_settings true\nallow_zero_length_clientid false\nlistener 1883\n${tail}`;
    assert.ok(codes(text).includes('listener-conflict'));
    assert.ok(!codes(`allow_zero_length_clientid false\nlistener 1883\n${tail}`).includes('listener-conflict'));
  });

  it('implicit-default-listener: one warning, the right port, anonymous access forced only in local-only mode', () => {
    const three = `certfile /c.pem\nkeyfile /k.pem\nrequire_certificate true\nlistener 1884 127.0.0.1\n${tail}`;
    const found = messagesOf(three, 'implicit-default-listener');
    assert.equal(found.length, 1);
    assert.ok(found[0]!.includes('port 1883') && found[0]!.includes('2 more lines'), found[0]);
    assert.ok(!found[0]!.includes('forced'), found[0]);
    const alone = messagesOf('max_connections 10\n', 'implicit-default-listener');
    assert.ok(alone[0]?.includes('anonymous access forced on'), alone[0]);
    // `port` asks for the default listener on purpose: its options are no surprise.
    assert.ok(!codes(`port 8883\ncertfile /c.pem\nkeyfile /k.pem\n${tail}`).includes('implicit-default-listener'));
  });

  it('a listener option before the first listener that creates nothing is reported as ignored', () => {
    const text = `tls_version tlsv1.2\nlistener 8883 127.0.0.1\n${tail}`;
    assert.deepEqual(
      seen(text)
        .filter((d) => d.line === 0)
        .map((d) => [d.code, d.severity]),
      [['ignored-option', 2]],
    );
  });

  it('a missing include_dir outside the workspace is not reported (a container path); persistence_location says what fails', () => {
    writeFileSync(join(dir, 'mosquitto.conf'), '');
    const ctx = { path: join(dir, 'mosquitto.conf'), fs: createNodeFileSystem({ roots: [dir], git: false }) };
    const text = `${SAFE_BASE}\ninclude_dir /mosquitto/config/conf.d\n`;
    const line = SAFE_BASE.split('\n').length;
    const found = diagnose(text, {}, ctx).filter((d) => d.range.start.line === line);
    assert.deepEqual(found, []);
    // Inside the workspace a missing folder is really missing: mosquitto stops, an Error.
    assert.ok(errors(`${SAFE_BASE}\ninclude_dir ${join(dir, 'missing.d')}\n`, {}, ctx).some((d) => d.line === line));
    // A relative one is looked for where mosquitto would look: still an Error.
    assert.ok(errors(`${SAFE_BASE}\ninclude_dir conf.d\n`, {}, ctx).some((d) => d.line === line));
    const persistence = messagesOf(
      `listener 1883 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location ${join(dir, 'missing-db')}/\n`,
      'missing-file',
      ctx,
    );
    assert.equal(persistence.length, 1);
    assert.ok(persistence[0]!.includes('mosquitto starts without it'), persistence[0]);
  });

  it('whole-broker rules stay quiet on a conf.d snippet and on a config whose include_dir was not read', () => {
    const wholeBroker = ['no-listener', 'persistence-off', 'websockets-only', 'listener-refuses-everyone'];
    mkdirSync(join(dir, 'conf.d'));
    const snippet = join(dir, 'conf.d', 'ws.conf');
    writeFileSync(snippet, '');
    const fs = createNodeFileSystem({ roots: [dir], git: false });
    const text = 'listener 9001 127.0.0.1\nprotocol websockets\n';
    assert.ok(
      codes(text).some((c) => wholeBroker.includes(c)),
      'the same text alone is judged',
    );
    assert.deepEqual(
      codes(text, {}, { path: snippet, fs }).filter((c) => wholeBroker.includes(c)),
      [],
    );
    const main = join(dir, 'main.conf');
    writeFileSync(main, '');
    const unread = `${text}include_dir /nonexistent-mqttwb.d\n`;
    assert.deepEqual(
      codes(unread, {}, { path: main, fs }).filter((c) => wholeBroker.includes(c)),
      [],
    );
  });

  it('protocol http_api is accepted under 2.1 only', () => {
    const text = `listener 8080 127.0.0.1\nprotocol http_api\nlistener 1883 127.0.0.1\n${tail}`;
    assert.deepEqual(errors(text, { mosquittoVersion: '2.1' }), []);
    assert.ok(errors(text).some((d) => d.code === 'invalid-enum-value' && d.line === 1));
  });

  it('one auth_opt_ deprecation per file, counting the lines, with one fix for all', () => {
    const text = `${SAFE_BASE}\nplugin /p.so\nauth_opt_backends files\nauth_opt_hasher pbkdf2\nauth_opt_log_level debug\n`;
    const found = diagnose(text).filter((d) => d.code === 'deprecated-option');
    assert.equal(found.length, 1);
    assert.ok(messageOf(found[0]).includes('3 lines'), messageOf(found[0]));
    const fixes = (found[0]!.data as { fixes: { title: string; edits: unknown[] }[] }).fixes;
    assert.equal(fixes[0]!.title, 'Change all 3 to `plugin_opt_`');
    assert.equal(fixes[0]!.edits.length, 3);
  });

  it('recognises a mosquitto config by its content, with one information otherwise', () => {
    const nginx =
      'server {\n  listen 80;\n  server_name example.org;\n  location / {\n    proxy_pass http://app;\n  }\n}\n';
    const upstart =
      'description "MQTT broker"\nstart on net-device-up\nrespawn\nexec /usr/sbin/mosquitto -c /etc/mosquitto/mosquitto.conf\n';
    assert.ok(!looksLikeMosquittoConf(nginx) && !looksLikeMosquittoConf(upstart));
    assert.ok(looksLikeMosquittoConf('allow_annonymous true\n'), 'a one-line snippet with a typo is still a config');
    assert.ok(looksLikeMosquittoConf(`${SAFE_BASE}\n`) && looksLikeMosquittoConf(''));
    assert.deepEqual(
      seen(nginx).map((d) => [d.code, d.severity]),
      [['not-mosquitto-conf', 3]],
    );
  });

  it('a folder search takes a config found by its name only when its content looks like one', async () => {
    mkdirSync(join(dir, 'nginx', 'conf.d'), { recursive: true });
    mkdirSync(join(dir, 'mosquitto', 'conf.d'), { recursive: true });
    mkdirSync(join(dir, 'upstart'));
    writeFileSync(join(dir, 'nginx', 'conf.d', 'site.conf'), 'server {\n  listen 80;\n  root /srv;\n}\n');
    writeFileSync(join(dir, 'upstart', 'mosquitto.conf'), 'description "broker"\nstart on startup\nrespawn\n');
    writeFileSync(join(dir, 'mosquitto', 'conf.d', 'tls.conf'), 'listener 8883\ncertfile /c.pem\n');
    const found = await collectFiles([dir], [], createNodeFileSystem({ roots: [dir], git: false }));
    assert.deepEqual(
      found.map((f) => f.file.slice(dir.length + 1)),
      ['mosquitto/conf.d/tls.conf'],
    );
  });

  it('relative paths resolve against the working directory setting, also in included files', () => {
    mkdirSync(join(dir, 'config', 'conf.d'), { recursive: true });
    mkdirSync(join(dir, 'run'));
    writeFileSync(join(dir, 'run', 'passwd'), 'u:$7$x\n');
    writeFileSync(join(dir, 'config', 'conf.d', 'auth.conf'), 'password_file passwd\n');
    const main = join(dir, 'config', 'mosquitto.conf');
    const text = `listener 1883 127.0.0.1\nallow_anonymous false\ninclude_dir conf.d\n`;
    writeFileSync(main, text);
    const fs = createNodeFileSystem({ roots: [dir], git: false });
    // Default: the main config's folder, also for a path written in an included file (not the snippet's folder).
    const missing = diagnose('password_file passwd\n', {}, { path: join(dir, 'config', 'conf.d', 'auth.conf'), fs })
      .filter((d) => d.code === 'missing-file')
      .map(messageOf);
    assert.ok(missing[0]?.includes(join(dir, 'config', 'passwd')), missing[0]);
    assert.ok(missing[0]?.includes('mqttWorkbench.mosquitto.workingDirectory'), missing[0]);
    // With the broker's folder set, include_dir is not found there (an Error) and passwd is.
    const cwd = join(dir, 'run');
    const set = diagnose(text, { mosquittoWorkingDirectory: cwd }, { path: main, fs });
    assert.ok(set.some((d) => d.code === 'include-dir-error' && messageOf(d).includes(join(cwd, 'conf.d'))));
    assert.deepEqual(
      diagnose('password_file passwd\n', { mosquittoWorkingDirectory: cwd }, { path: main, fs }).filter(
        (d) => d.code === 'missing-file',
      ),
      [],
    );
    assert.equal(
      readSettings({ mosquitto: { workingDirectory: ' /srv/mosquitto ' } }).mosquittoWorkingDirectory,
      '/srv/mosquitto',
    );
    assert.equal(readSettings({}).mosquittoWorkingDirectory, '');
  });

  it('plugin option keys shorter than 3 characters are refused, as 2.0.11 does', () => {
    const at = SAFE_BASE.split('\n').length + 1;
    const text = (key: string) => `${SAFE_BASE}\nplugin /p.so\n${key} x\n`;
    assert.deepEqual(
      errors(text('plugin_opt_ab')).map((d) => [d.line, d.code]),
      [[at, 'invalid-value']],
    );
    assert.ok(errors(text('auth_opt_db')).some((d) => d.line === at));
    assert.deepEqual(errors(text('plugin_opt_abc')), []);
  });

  it('certificate and PSK on one listener: refused in one order, psk_hint ignored in the other', () => {
    const head = 'listener 8883 127.0.0.1\nallow_anonymous true\n';
    assert.deepEqual(
      errors(`${head}psk_hint h\ncertfile /c.pem\n`).map((d) => [d.line, d.code]),
      [[3, 'invalid-value']],
    );
    assert.deepEqual(errors(`${head}psk_hint h\nkeyfile /k.pem\n`), []);
    const both = `${head}certfile /c.pem\nkeyfile /k.pem\npsk_hint h\n`;
    assert.deepEqual(errors(both), []);
    assert.ok(seen(both).some((d) => d.line === 4 && d.code === 'ignored-option'));
  });
});

describe('templates of a mosquitto config', () => {
  it('are not checked line by line: one information names the first placeholder', () => {
    const template = [
      'listener 1883',
      '{% if mqtt_tls %}',
      'listener 8883 {{ bind_address }}',
      'certfile {{ cert }}',
      '{% endif %}',
      'max_connections <%= max %>',
    ].join('\n');
    const found = diagnose(template);
    assert.deepEqual(
      found.map((d) => [d.code, d.range.start.line]),
      [['not-mosquitto-conf', 1]],
    );
    assert.ok(!looksLikeMosquittoConf(template));
    assert.equal(
      templateLine('# render with {{ jinja }}\nlistener 1883\n'),
      undefined,
      'a comment is not a placeholder',
    );
  });
});

describe('mosquitto.conf precision, second round (issue 8)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-precision-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a relative path is looked for in the config folder and the workspace folders above it (mosquitto -c test/x.conf)', () => {
    mkdirSync(join(dir, 'test', 'tls'), { recursive: true });
    mkdirSync(join(dir, 'test', 'keys'));
    writeFileSync(join(dir, 'test', 'keys', 'server.crt'), 'x');
    const config = join(dir, 'test', 'tls', 'broker.conf');
    writeFileSync(config, '');
    const ctx = { path: config, fs: createNodeFileSystem({ roots: [dir], git: false }) };
    const text = `${SAFE_BASE}\ncafile test/keys/server.crt\ncertfile test/keys/absent.crt\n`;
    const found = diagnose(text, {}, ctx).filter((d) => d.code === 'missing-file');
    // Found from the workspace root, where the repository's scripts start the broker: not reported.
    assert.deepEqual(
      found.map((d) => d.range.start.line),
      [SAFE_BASE.split('\n').length + 1],
    );
    assert.match(messageOf(found[0]), /folders above/);
    // With the working directory set, only there.
    assert.equal(
      diagnose(text, { mosquittoWorkingDirectory: dir + '/test' }, ctx).filter((d) => d.code === 'missing-file').length,
      2,
    );
  });

  it('in test and example folders warnings are informations; errors stay errors', () => {
    mkdirSync(join(dir, 'test'));
    const config = join(dir, 'test', 'mosquitto.conf');
    writeFileSync(config, '');
    const fs = createNodeFileSystem({ roots: [dir], git: false });
    const text = 'listener 1883\nallow_anonymous true\nbogus 1\n';
    const inTest = diagnose(text, {}, { path: config, fs });
    const inApp = diagnose(text, {}, { path: join(dir, 'mosquitto.conf'), fs });
    const severityOf = (ds: typeof inTest, code: string) => ds.find((d) => d.code === code)?.severity;
    assert.equal(severityOf(inApp, 'anonymous-on-public-listener'), 2);
    assert.equal(severityOf(inTest, 'anonymous-on-public-listener'), 3);
    assert.equal(severityOf(inTest, 'unknown-option'), 1);
    // A user's own severity stands.
    const forced = diagnose(text, { severity: { 'anonymous-on-public-listener': 'warning' } }, { path: config, fs });
    assert.equal(severityOf(forced, 'anonymous-on-public-listener'), 2);
  });

  it('a finding about the whole file sits on line 1, not on an unrelated option', () => {
    const found = diagnose('# broker\nlistener 1883 127.0.0.1\nallow_anonymous true\n').find(
      (d) => d.code === 'persistence-off',
    );
    assert.equal(found?.range.start.line, 0);
  });
});
