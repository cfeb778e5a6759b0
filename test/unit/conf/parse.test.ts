import * as assert from 'node:assert/strict';
import { codes, codesOn, errors, SAFE_BASE, seen } from '../../helpers/conf';

/** A safe config plus extra lines; returns the 0-based line number of the first extra line. */
const withBase = (...lines: string[]) => ({
  text: `${SAFE_BASE}\n${lines.join('\n')}\n`,
  at: SAFE_BASE.split('\n').length,
});

describe('mosquitto.conf parsing (what mosquitto 2.0 rejects)', () => {
  it('is quiet on a safe local config', () => {
    assert.deepEqual(codes(`${SAFE_BASE}\n`), []);
  });

  it('reports an unknown option with a suggestion and the exact range', () => {
    const { text, at } = withBase('allow_annonymous true');
    const d = seen(text).filter((x) => x.code === 'unknown-option');
    assert.deepEqual(d, [{ code: 'unknown-option', line: at, start: 0, end: 16, severity: 1 }]);
  });

  it('suggests the option when only the case differs', () => {
    const { text } = withBase('Listener 1884');
    assert.deepEqual(codes(text), ['unknown-option']);
  });

  it('reports 1.x options removed in 2.0', () => {
    const { text, at } = withBase('store_clean_interval 10');
    assert.deepEqual(codesOn(text, at), ['removed-option']);
  });

  it('only a # in column 1 is a comment', () => {
    const { text, at } = withBase('# fine', '  # not a comment');
    assert.deepEqual(codesOn(text, at), []);
    assert.deepEqual(
      seen(text)
        .filter((d) => d.line === at + 1)
        .map((d) => [d.code, d.start]),
      [['indented-comment', 2]],
    );
  });

  it('TAB separators are errors; a TAB after a bool makes it invalid', () => {
    const { text, at } = withBase('max_queued_messages\t100', '\tpersistence true', 'retain_available true\t');
    assert.deepEqual(codesOn(text, at), ['tab-separator']);
    assert.deepEqual(codesOn(text, at + 1), ['tab-separator']);
    assert.deepEqual(codesOn(text, at + 2), ['invalid-bool']);
  });

  it('a BOM is an error on line 1', () => {
    assert.deepEqual(
      errors(`\uFEFF${SAFE_BASE}\n`).map((d) => [d.code, d.line, d.start, d.end]),
      [['byte-order-mark', 0, 0, 1]],
    );
  });

  it('CRLF line endings are fine', () => {
    assert.deepEqual(codes(`${SAFE_BASE.replace(/\n/g, '\r\n')}\r\n`), []);
  });

  it('booleans are exactly true, false, 1, 0', () => {
    const { text, at } = withBase(
      'retain_available True',
      'set_tcp_nodelay yes',
      'queue_qos0_messages 1',
      'upgrade_outgoing_qos 0',
    );
    assert.deepEqual(
      errors(text).map((d) => [d.line, d.code]),
      [
        [at, 'invalid-bool'],
        [at + 1, 'invalid-bool'],
      ],
    );
  });

  it('missing values are errors, except the four mosquitto ignores', () => {
    const { text, at } = withBase('max_inflight_messages', 'pid_file   ', 'max_connections', 'log_type');
    assert.deepEqual(
      seen(text)
        .slice(-4)
        .map((d) => [d.line - at, d.code, d.severity]),
      [
        [0, 'missing-value', 1],
        [1, 'missing-value', 1],
        [2, 'empty-value-ignored', 2],
        [3, 'empty-value-ignored', 2],
      ],
    );
  });

  it('integers are read with atoi: text is a warning that says the real value', () => {
    const { text, at } = withBase('max_inflight_bytes abc', 'autosave_interval 10abc');
    const d = seen(text);
    assert.deepEqual(
      d.filter((x) => x.line === at).map((x) => x.code),
      ['non-numeric-integer'],
    );
    assert.deepEqual(
      d.filter((x) => x.line === at + 1).map((x) => [x.code, x.start, x.end]),
      [['non-numeric-integer', 18, 23]],
    );
  });

  it('range checks per option', () => {
    const { text, at } = withBase(
      'max_qos 3',
      'sys_interval 70000',
      'max_packet_size 10',
      'max_keepalive 5',
      'max_qos 2',
    );
    assert.deepEqual(
      errors(text).map((d) => [d.line - at, d.code]),
      [
        [0, 'value-out-of-range'],
        [1, 'value-out-of-range'],
        [2, 'value-out-of-range'],
        [3, 'value-out-of-range'],
      ],
    );
  });

  it('enum values are case-sensitive single tokens', () => {
    const { text, at } = withBase('log_dest Stdout', 'log_type bogus', 'log_dest stderr', 'log_type all');
    assert.deepEqual(
      errors(text).map((d) => [d.line - at, d.code]),
      [
        [0, 'invalid-enum-value'],
        [1, 'invalid-enum-value'],
      ],
    );
  });

  it('a string option twice in one scope is fatal, a bool twice is not', () => {
    const { text, at } = withBase(
      'pid_file /run/a.pid',
      'pid_file /run/b.pid',
      'retain_available true',
      'retain_available false',
    );
    assert.deepEqual(
      errors(text).map((d) => [d.line - at, d.code]),
      [[1, 'duplicate-option']],
    );
    assert.deepEqual(codesOn(text, at + 3), ['repeated-option']);
  });

  it('listener options are per listener: the same string on two listeners is fine', () => {
    const text =
      'listener 1883 127.0.0.1\nhttp_dir /a\nlistener 1884 127.0.0.1\nhttp_dir /b\nhttp_dir /c\nallow_anonymous true\npersistence true\npersistent_client_expiration 1d\n';
    assert.deepEqual(
      errors(text).map((d) => [d.line, d.code]),
      [[4, 'duplicate-option']],
    );
  });

  it('bridge options need a connection; mount_point needs a listener; plugin_opt needs a plugin', () => {
    const text =
      'remote_username bob\nmount_point x/\nplugin_opt_db /tmp/db\nlistener 1883 127.0.0.1\nallow_anonymous true\npersistence true\npersistent_client_expiration 1d\n';
    assert.deepEqual(
      errors(text).map((d) => [d.line, d.code]),
      [
        [0, 'option-outside-scope'],
        [1, 'option-outside-scope'],
        [2, 'option-outside-scope'],
      ],
    );
  });

  it('per_listener_settings true after a security option is fatal', () => {
    const text = 'allow_anonymous true\nper_listener_settings true\nlistener 1883 127.0.0.1\n';
    assert.deepEqual(
      errors(text).map((d) => [d.line, d.code]),
      [[1, 'per-listener-settings-order']],
    );
    assert.deepEqual(errors('allow_anonymous true\nper_listener_settings false\nlistener 1883 127.0.0.1\n'), []);
  });

  it('a bridge needs an address and a topic', () => {
    const text = `${SAFE_BASE}\nconnection cloud\nremote_username bob\n`;
    assert.deepEqual(
      errors(text).map((d) => d.code),
      ['bridge-incomplete'],
    );
    assert.deepEqual(errors(`${SAFE_BASE}\nconnection cloud\naddress 127.0.0.1:1884\ntopic sensors/# out 1\n`), []);
  });

  it('bridge topic direction and QoS are checked', () => {
    const base = `${SAFE_BASE}\nconnection c\naddress 127.0.0.1:1884\n`;
    assert.deepEqual(
      errors(`${base}topic a/# sideways\n`).map((d) => d.code),
      ['invalid-enum-value'],
    );
    assert.deepEqual(
      errors(`${base}topic a/# IN 3\n`).map((d) => d.code),
      ['value-out-of-range'],
    );
    assert.deepEqual(errors(`${base}topic # BOTH 2\n`), []);
  });

  it('listener ports: range, port 0 without a socket path, non-numeric port makes a unix socket', () => {
    assert.deepEqual(
      errors('listener 70000\n').map((d) => [d.line, d.code]),
      [[0, 'value-out-of-range']],
    );
    assert.deepEqual(
      errors('listener 0\n').map((d) => [d.line, d.code]),
      [[0, 'invalid-value']],
    );
    assert.ok(codesOn('listener abc 127.0.0.1\n', 0).includes('unix-socket-listener'));
  });

  it('malformed UTF-8 and control characters in strings are fatal', () => {
    const { text, at } = withBase('pid_file /run/a\uFFFDb.pid', 'log_timestamp_format %H\t%M');
    assert.deepEqual(
      errors(text).map((d) => [d.line - at, d.code]),
      [
        [0, 'malformed-utf8'],
        [1, 'malformed-utf8'],
      ],
    );
  });

  it('2.1-only options are unknown under 2.0 and fine under 2.1', () => {
    const { text, at } = withBase('global_max_clients 10');
    assert.deepEqual(codesOn(text, at), ['unsupported-in-version']);
    assert.deepEqual(codesOn(text, at, { mosquittoVersion: '2.1' }), []);
  });
});

describe('mosquitto.conf misreadings (accepted, but not what was meant)', () => {
  it('an inline comment after a path becomes part of it', () => {
    const { text, at } = withBase('pid_file /run/mosquitto.pid # the pid');
    assert.deepEqual(
      seen(text)
        .filter((d) => d.line === at)
        .map((d) => [d.code, d.start, d.end, d.severity]),
      [['inline-comment-in-value', 28, 37, 2]],
    );
  });

  it('an inline comment after a bool is harmless; other extra words are ignored with a warning', () => {
    const { text, at } = withBase('retain_available true # yes', 'set_tcp_nodelay true false');
    assert.deepEqual(codesOn(text, at), []);
    assert.deepEqual(codesOn(text, at + 1), ['ignored-extra-tokens']);
  });

  it('quotes are part of the value', () => {
    const { text, at } = withBase('pid_file "/run/m.pid"');
    assert.deepEqual(codesOn(text, at), ['quoted-value']);
  });

  it('listener options before the first listener configure the implicit default listener', () => {
    const text =
      'max_connections 10\nlistener 1884 127.0.0.1\nallow_anonymous true\npersistence true\npersistent_client_expiration 1d\n';
    assert.ok(codesOn(text, 0).includes('implicit-default-listener'));
  });

  it('deprecated options are tagged with their replacement', () => {
    const { text, at } = withBase('auth_plugin /usr/lib/x.so');
    const d = seen(text).filter((x) => x.line === at);
    assert.ok(d.some((x) => x.code === 'deprecated-option' && x.start === 0 && x.end === 11));
  });

  it('certfile without keyfile makes a plain listener', () => {
    const text =
      'listener 8883 127.0.0.1\ncertfile /etc/c.pem\nallow_anonymous true\npersistence true\npersistent_client_expiration 1d\n';
    assert.deepEqual(codesOn(text, 1), ['incomplete-tls']);
  });
});
