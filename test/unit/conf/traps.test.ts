import * as assert from 'node:assert/strict';
import { codes, codesOn, seen } from '../../helpers/conf';

const quiet = 'persistence true\npersistent_client_expiration 14d\nmax_queued_bytes 10485760\n';

describe('mosquitto.conf traps', () => {
  it('anonymous access on a listener other hosts can reach', () => {
    const text = `listener 1883 0.0.0.0\nallow_anonymous true\n${quiet}`;
    assert.ok(codesOn(text, 1).includes('anonymous-on-public-listener'));
    assert.ok(codesOn(text, 0).includes('listener-all-interfaces'));
  });

  it('anonymous access on loopback is not a trap', () => {
    assert.deepEqual(codes(`listener 1883 127.0.0.1\nallow_anonymous true\n${quiet}`), []);
  });

  it('passwords over a listener without TLS that others can reach', () => {
    const text = `listener 1883\npassword_file /etc/mosquitto/passwd\nacl_file /etc/mosquitto/acl\n${quiet}`;
    assert.ok(codesOn(text, 0).includes('plaintext-credentials'));
  });

  it('no plaintext-credentials once the listener has TLS', () => {
    const text = `listener 8883\ncertfile /c.pem\nkeyfile /k.pem\npassword_file /p\nacl_file /a\n${quiet}`;
    assert.ok(!codes(text).includes('plaintext-credentials'));
  });

  it('no listener: local-only mode', () => {
    assert.deepEqual(codes(quiet), ['no-listener']);
  });

  it('authentication without ACL', () => {
    const text = `listener 1883 127.0.0.1\npassword_file /p\n${quiet}`;
    assert.deepEqual(codesOn(text, 1), ['no-acl']);
  });

  it('persistence absent or off', () => {
    assert.ok(codes('listener 1883 127.0.0.1\nallow_anonymous true\n').includes('persistence-off'));
    const d = seen('listener 1883 127.0.0.1\nallow_anonymous true\npersistence false\n').filter(
      (x) => x.code === 'persistence-off',
    );
    assert.deepEqual(
      d.map((x) => [x.line, x.start, x.end]),
      [[2, 12, 17]],
    );
  });

  it('unbounded queues', () => {
    const base = 'listener 1883 127.0.0.1\nallow_anonymous true\npersistence true\npersistent_client_expiration 14d\n';
    assert.deepEqual(codes(`${base}max_queued_messages 0\n`), ['unbounded-queue']);
    assert.deepEqual(codes(`${base}max_queued_messages 0\nmax_queued_bytes 1000000\n`), []);
  });

  it('a listener with no way in', () => {
    assert.deepEqual(codesOn(`listener 1883 127.0.0.1\n${quiet}`, 0), ['listener-refuses-everyone']);
  });

  it('persistent sessions without a byte limit on their queues', () => {
    const text = 'listener 1883 127.0.0.1\nallow_anonymous true\npersistence true\npersistent_client_expiration 1d\n';
    assert.deepEqual(
      seen(text).map((d) => [d.code, d.line, d.severity]),
      [['no-queue-byte-limit', 2, 3]],
    );
    assert.deepEqual(codes(`${text}max_packet_size 1048576\n`), []);
  });

  it('sys_interval 0', () => {
    assert.ok(
      codes(`listener 1883 127.0.0.1\nallow_anonymous true\nsys_interval 0\n${quiet}`).includes('sys-disabled'),
    );
  });

  it('two listeners on the same port and overlapping addresses', () => {
    const text = `listener 1883\nlistener 1883 127.0.0.1\nlistener 1884 127.0.0.1\nlistener 1884 ::1\nallow_anonymous true\n${quiet}`;
    assert.deepEqual(
      seen(text)
        .filter((d) => d.code === 'listener-conflict')
        .map((d) => d.line),
      [1],
    );
  });

  it('severity overrides and off', () => {
    const text = `listener 1883 0.0.0.0\nallow_anonymous true\n${quiet}`;
    const d = seen(text, { severity: { 'anonymous-on-public-listener': 'error', 'listener-all-interfaces': 'off' } });
    assert.deepEqual(
      d.map((x) => [x.code, x.severity]),
      [['anonymous-on-public-listener', 1]],
    );
  });
});
