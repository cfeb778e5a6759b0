/** The pure pieces behind the Topics and Brokers views: grants, profile warnings, command lines, history. */
import * as assert from 'node:assert/strict';
import { isEncryptedKey, parseProfiles, profileWarnings } from '../../../client/src/broker/profiles';
import { parsePublishProperties } from '../../../client/src/core/publishProperties';
import { explainGrant } from '../../../client/src/core/connectionPolicy';
import { renderHistory } from '../../../client/src/core/history';
import { mosquittoPubCommand, shellQuote } from '../../../client/src/core/mosquittoPub';
import { TopicTree } from '../../../client/src/core/topicTree';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('subscription grants', () => {
  it('tells a full grant, a lower one with the reason, a refusal by its reason code, and one not sent yet', () => {
    assert.deepEqual(explainGrant(1, 1), { level: 'ok', text: 'QoS 1 granted' });
    const lower = explainGrant(2, 0);
    assert.equal(lower.level, 'lower');
    assert.match(lower.text, /QoS 2 asked, 0 granted.*max_qos/);
    assert.equal(explainGrant(0, 0x87).level, 'refused');
    assert.match(explainGrant(0, 0x87).text, /not authorised/);
    assert.match(explainGrant(0, 0x80).text, /3\.1\.1/);
    assert.match(explainGrant(0, 0xa2).text, /wildcard/);
    assert.match(explainGrant(0, 0x99).text, /0x99/);
    assert.equal(explainGrant(1, undefined).level, 'pending');
  });
});

describe('profile warnings', () => {
  const profile = (entry: Record<string, unknown>) => parseProfiles([{ name: 'p', ...entry }]).profiles[0]!;

  it('warns about TLS verification turned off, # on production, and a password sent in clear to another host', () => {
    assert.deepEqual(profileWarnings(profile({ url: 'mqtts://broker.example:8883' })), []);
    const [tls] = profileWarnings(profile({ url: 'mqtts://broker.example', tls: { rejectUnauthorized: false } }));
    assert.match(tls!, /verification is off/);
    // The flag means nothing without TLS: no warning for it on mqtt://.
    assert.deepEqual(profileWarnings(profile({ url: 'mqtt://127.0.0.1', tls: { rejectUnauthorized: false } })), []);
    const [hash] = profileWarnings(profile({ url: 'mqtts://prod.example', production: true }));
    assert.match(hash!, /production broker.*"#"/);
    assert.deepEqual(
      profileWarnings(profile({ url: 'mqtts://prod.example', production: true, subscriptions: ['plant/+/state'] })),
      [],
    );
    const [clear] = profileWarnings(profile({ url: 'mqtt://broker.example', username: 'alice' }));
    assert.match(clear!, /without TLS/);
    assert.deepEqual(profileWarnings(profile({ url: 'mqtt://localhost:1883', username: 'alice' })), []);
  });
});

describe('mosquitto_pub command lines', () => {
  const base = { url: 'mqtt://127.0.0.1:1884', protocolVersion: 5 as const, qos: 0, retain: false };

  it('quotes for a POSIX shell', () => {
    assert.equal(shellQuote('home/kitchen'), 'home/kitchen');
    assert.equal(shellQuote('a b'), "'a b'");
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote('$(rm -rf ~)'), "'$(rm -rf ~)'");
  });

  it('writes text with -m, an empty payload with -n, binary through printf, and never a password', () => {
    const text = mosquittoPubCommand({
      ...base,
      topic: 'home/kitchen temp',
      payload: bytes(`{"t":"it's"}`),
      qos: 1,
      retain: true,
    });
    assert.deepEqual(text, {
      command: `mosquitto_pub -h 127.0.0.1 -p 1884 -V mqttv5 -t 'home/kitchen temp' -q 1 -r -m '{"t":"it'\\''s"}'`,
    });
    const empty = mosquittoPubCommand({ ...base, topic: 't', payload: new Uint8Array(), retain: true });
    assert.ok('command' in empty && empty.command.endsWith('-r -n'));
    const binary = mosquittoPubCommand({ ...base, topic: 't', payload: new Uint8Array([0, 0xff, 0x27]) });
    assert.ok('command' in binary);
    assert.equal(binary.command, `printf '\\000\\377\\047' | mosquitto_pub -h 127.0.0.1 -p 1884 -V mqttv5 -t t -s`);
    const secured = mosquittoPubCommand({
      ...base,
      url: 'mqtts://broker.example',
      protocolVersion: 4,
      topic: 't',
      payload: bytes('1'),
      username: 'alice',
      ca: 'certs/ca.pem',
    });
    assert.ok('command' in secured);
    assert.equal(
      secured.command,
      `mosquitto_pub -h broker.example -p 8883 -V mqttv311 --cafile certs/ca.pem -u alice -P "$MQTT_PASSWORD" -t t -m 1`,
    );
    assert.ok(
      'reason' in mosquittoPubCommand({ ...base, url: 'ws://127.0.0.1:9001', topic: 't', payload: bytes('1') }),
    );
  });
});

describe('topic history', () => {
  it('lists kept messages newest first, binary as hex, and says how many were seen', () => {
    const tree = new TopicTree({ historySize: 2 });
    const at = (i: number) => Date.UTC(2026, 0, 1, 0, 0, i);
    for (let i = 0; i < 4; i++)
      tree.ingest([{ topic: 'a', payload: bytes(`v${i}`), qos: 0, retain: false, time: at(i) }]);
    tree.ingest([{ topic: 'a', payload: new Uint8Array([1, 2, 0xff]), qos: 1, retain: true, time: at(9) }]);
    const text = renderHistory('a', tree.nodeFor('a'));
    assert.match(text, /^# a: the last 3 of 5 messages seen, newest first/);
    const headers = text.split('\n').filter((l) => l.startsWith('## '));
    assert.deepEqual(headers, [
      '## 2026-01-01T00:00:09.000Z · QoS 1 · retained · 3 bytes',
      '## 2026-01-01T00:00:03.000Z · QoS 0 · 2 bytes',
      '## 2026-01-01T00:00:02.000Z · QoS 0 · 2 bytes',
    ]);
    assert.match(text, /00000000 {2}01 02 ff/);
    assert.ok(text.indexOf('v3') < text.indexOf('v2'));
    assert.equal(renderHistory('none', undefined), '# no message kept for none\n');
  });
});

describe('MQTT 5 publish properties typed in one line', () => {
  it('reads the known names, user properties (repeatable) and quoted values', () => {
    const parsed = parsePublishProperties(
      'contentType=application/json messageExpiry=60 responseTopic="reply/to me" correlationData=abc payloadFormat=utf8 user.a=1 user.a=2 user.b="x y"',
    );
    assert.ok('properties' in parsed);
    assert.deepEqual(
      {
        ...parsed.properties,
        correlationData: Buffer.from(parsed.properties.correlationData!).toString(),
        userProperties: { ...parsed.properties.userProperties },
      },
      {
        contentType: 'application/json',
        messageExpiryInterval: 60,
        responseTopic: 'reply/to me',
        correlationData: 'abc',
        payloadFormatIndicator: true,
        userProperties: { a: ['1', '2'], b: 'x y' },
      },
    );
    assert.deepEqual(parsePublishProperties('  '), { properties: {} });
  });

  it('names the first problem', () => {
    const problem = (text: string) => {
      const parsed = parsePublishProperties(text);
      return 'problem' in parsed ? parsed.problem : '';
    };
    assert.match(problem('color=red'), /unknown property "color"/);
    assert.match(problem('messageExpiry=-1'), /seconds/);
    assert.match(problem('messageExpiry=5000000000'), /seconds/);
    assert.match(problem('payloadFormat=yes'), /utf8 or bytes/);
    assert.match(problem('contentType='), /needs a value/);
    assert.match(problem('lonely'), /not name=value/);
    assert.match(problem('toString=1'), /unknown property "toString"/);
    assert.match(problem('__proto__=2'), /unknown property "__proto__"/);
    const parsed = parsePublishProperties('user.constructor=x user.__proto__=y');
    assert.ok('properties' in parsed);
    const user = parsed.properties.userProperties!;
    assert.deepEqual(Object.getOwnPropertyNames(user).sort(), ['__proto__', 'constructor']);
    assert.deepEqual([user['constructor'], user['__proto__']], ['x', 'y']);
  });
});

describe('broker profiles: session expiry and encrypted keys', () => {
  it('gives a session that is not clean an hour by default, and reads an explicit expiry', () => {
    const [clean, kept, explicit] = parseProfiles([
      { name: 'a', url: 'mqtt://h' },
      { name: 'b', url: 'mqtt://h', clean: false },
      { name: 'c', url: 'mqtt://h', clean: false, sessionExpiry: 120.7 },
    ]).profiles;
    assert.deepEqual([clean!.sessionExpiry, kept!.sessionExpiry, explicit!.sessionExpiry], [0, 3600, 120]);
  });

  it('recognises an encrypted PEM key (PKCS#8 and traditional)', () => {
    assert.ok(isEncryptedKey(bytes('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF...')));
    assert.ok(isEncryptedKey(bytes('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: ...')));
    assert.ok(!isEncryptedKey(bytes('-----BEGIN PRIVATE KEY-----\nMIIE...')));
  });
});
