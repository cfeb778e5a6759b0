/** The pure core of the broker half: topic model, backoff, failure policy. */
import * as assert from 'node:assert/strict';
import { Backoff } from '../../../client/src/core/backoff';
import { isSecure, parseProfiles, randomClientId } from '../../../client/src/broker/profiles';
import { classifyError, DropWatch } from '../../../client/src/core/connectionPolicy';
import { hexDump } from '../../../client/src/core/decoders';
import { renderMessage } from '../../../client/src/core/payload';
import { naturalCompare, rateOf, TopicTree } from '../../../client/src/core/topicTree';
import { topicMatches } from '../../../common/src/topics';

const message = (topic: string, payload: string | Uint8Array, more: { retain?: boolean; time?: number } = {}) => ({
  topic,
  payload: typeof payload === 'string' ? new TextEncoder().encode(payload) : payload,
  qos: 0 as const,
  retain: more.retain ?? false,
  time: more.time ?? 1,
});

describe('topic tree', () => {
  it('counts topics and messages per node, keeps the last payload and a bounded history', () => {
    const tree = new TopicTree({ historySize: 2 });
    tree.ingest([
      message('home/kitchen/temp', '20'),
      message('home/kitchen/temp', '21'),
      message('home/kitchen/temp', '22'),
      message('home/kitchen/temp', '23'),
      message('home/hall/light', 'on', { retain: true }),
    ]);
    const home = tree.nodeFor('home')!;
    assert.equal(home.topics, 2);
    assert.equal(home.messages, 5);
    const temp = tree.nodeFor('home/kitchen/temp')!;
    assert.equal(new TextDecoder().decode(temp.last!.preview), '23');
    assert.deepEqual(
      temp.history.map((m) => new TextDecoder().decode(m.preview)),
      ['21', '22'],
    );
    assert.equal(temp.count, 4);
    assert.equal(tree.nodeFor('home/hall/light')!.last!.retain, true);
    assert.equal(temp.path, 'home/kitchen/temp');
  });

  it('keeps $ topics apart, and empty levels as levels of their own', () => {
    const tree = new TopicTree();
    tree.ingest([message('$SYS/broker/uptime', '5'), message('/a', 'x'), message('a', 'y')]);
    assert.equal(tree.root.children.has('$SYS'), false);
    assert.equal(tree.system.children.get('$SYS')!.topics, 1);
    assert.equal(tree.nodeFor('$SYS/broker/uptime')!.path, '$SYS/broker/uptime');
    assert.notEqual(tree.nodeFor('/a'), tree.nodeFor('a'));
    assert.equal(tree.nodeFor('/a')!.path, '/a');
  });

  it('previews large payloads while recording their real size', () => {
    const tree = new TopicTree({ previewBytes: 10 });
    tree.ingest([message('big', new Uint8Array(1000))]);
    const big = tree.nodeFor('big')!.last!;
    assert.equal(big.preview.length, 10);
    assert.equal(big.size, 1000);
  });

  it('stays within its memory budget by evicting history, and counts what it evicted', () => {
    // Each message counts its 100 bytes and MESSAGE_OVERHEAD: the five last messages alone take 5 × 300.
    const tree = new TopicTree({ memoryBudget: 3000, historySize: 100, previewBytes: 100 });
    for (let i = 0; i < 50; i++) tree.ingest([message(`t/${i % 5}`, new Uint8Array(100))]);
    assert.ok(tree.heldBytes <= 3000, `held ${tree.heldBytes}`);
    assert.ok(tree.heldBytes > 3000 - 300, `held ${tree.heldBytes}: evicted more than needed`);
    assert.ok(tree.evicted.history > 0);
    assert.equal(tree.evicted.bytes, tree.evicted.history * 100);
    // The last message of every topic survives eviction.
    for (let i = 0; i < 5; i++) assert.ok(tree.nodeFor(`t/${i}`)!.last);
  });

  it('keeps a copy of a payload, not the socket chunk it was read from', () => {
    const chunk = new ArrayBuffer(64 * 1024);
    new Uint8Array(chunk).set([104, 105], 100);
    const tree = new TopicTree();
    tree.ingest([message('t', new Uint8Array(chunk, 100, 2))]);
    const preview = tree.nodeFor('t')!.last!.preview;
    assert.equal(Buffer.from(preview).toString(), 'hi');
    assert.notEqual(preview.buffer, chunk);
  });

  it('evicts history round robin over topics, fast even after many evictions', () => {
    const tree = new TopicTree({ memoryBudget: 30_000, historySize: 20, previewBytes: 100 });
    const payload = new Uint8Array(10);
    for (let i = 0; i < 200_000; i++) tree.ingest([message(`t/${i % 100}`, payload)]);
    assert.ok(tree.heldBytes <= 30_000);
    // Every topic keeps its last message and some history: no topic was emptied first.
    const lengths = [...tree.topicsBelow()].map((n) => n.history.length);
    assert.equal(lengths.length, 100);
    assert.ok(Math.max(...lengths) - Math.min(...lengths) <= 1, JSON.stringify(lengths));
    assert.equal(tree.evicted.history, 200_000 - 100 - lengths.reduce((a, b) => a + b, 0));
  });

  it('reports only the nodes that changed, and sorts children naturally', () => {
    const tree = new TopicTree();
    tree.ingest([message('s/sensor10', '1'), message('s/sensor2', '1')]);
    tree.takeChanged();
    // A known topic: only it changes (its levels' topic counts and children did not).
    tree.ingest([message('s/sensor2', '2')]);
    assert.deepEqual([...tree.takeChanged()].map((n) => n.path).sort(), ['s/sensor2']);
    assert.equal(tree.nodeFor('s')!.messages, 3);
    // A new topic: it and every level above it (their topic counts and children).
    tree.ingest([message('s/sensor3', '1')]);
    assert.deepEqual([...tree.takeChanged()].map((n) => n.path).sort(), ['', 's', 's/sensor3']);
    assert.deepEqual(
      tree.childrenOf(tree.nodeFor('s')!).map((n) => n.name),
      ['sensor2', 'sensor3', 'sensor10'],
    );
    assert.ok(naturalCompare('a2', 'a10') < 0);
  });
});

describe('topic rate', () => {
  it('estimates messages per second from the kept messages of the last minute', () => {
    const tree = new TopicTree();
    for (let i = 0; i < 5; i++) tree.ingest([message('t', String(i), { time: 100_000 + i * 500 })]);
    // 5 messages, the oldest 2.5 s before "now".
    assert.equal(rateOf(tree.nodeFor('t')!, 102_500), 2);
    // A minute later nothing recent is left; one message is no rate.
    assert.equal(rateOf(tree.nodeFor('t')!, 200_000), undefined);
    tree.ingest([message('u', 'x', { time: 1 })]);
    assert.equal(rateOf(tree.nodeFor('u')!, 2), undefined);
  });
});

describe('topic tree: matching a filter', () => {
  it('finds exactly what topicMatches accepts, walking only the reachable branches', () => {
    const tree = new TopicTree();
    const topics = ['a', 'a/b', 'a/b/c', 'a/x/c', 'b/b/c', '/a', '$SYS/broker/uptime', 'a//c'];
    tree.ingest(topics.map((t) => message(t, '1')));
    for (const filter of [
      '#',
      'a/#',
      '+/b/c',
      'a/+/c',
      '+',
      '+/+',
      '$SYS/#',
      '+/broker/#',
      'a/b',
      '$share/g/a/+',
      '/#',
    ]) {
      const expected = topics.filter((t) => topicMatches(filter, t)).sort();
      assert.deepEqual([...tree.matching(filter)].map((n) => n.path).sort(), expected, filter);
    }
  });
});

describe('backoff', () => {
  it('grows from 1 s towards 30 s with jitter in the upper half, and resets', () => {
    const low = new Backoff({ random: () => 0 });
    const high = new Backoff({ random: () => 1 });
    const lows = Array.from({ length: 8 }, () => low.next());
    const highs = Array.from({ length: 8 }, () => high.next());
    assert.deepEqual(highs, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    assert.deepEqual(lows, [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    high.reset();
    assert.equal(high.next(), 1000);
  });
});

describe('connection failure policy', () => {
  it('stops on credentials, TLS and client-id fights; retries when unreachable', () => {
    assert.deepEqual(
      [4, 5, 0x86, 0x87].map((code) => classifyError(Object.assign(new Error('refused'), { code })).kind),
      ['auth', 'auth', 'auth', 'auth'],
    );
    const tls = ['CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID'].map((code) =>
      classifyError(Object.assign(new Error('tls'), { code })),
    );
    assert.deepEqual(
      tls.map((f) => [f.kind, f.retry]),
      [
        ['tls-expired', false],
        ['tls-untrusted', false],
        ['tls-hostname', false],
      ],
    );
    assert.equal(new Set(tls.map((f) => f.message)).size, 3, 'three distinct explanations');
    assert.equal(classifyError(Object.assign(new Error('x'), { code: 0x8e })).kind, 'client-id');
    const refused = classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    assert.deepEqual([refused.kind, refused.retry], ['unreachable', true]);
  });

  it('takes drops right after CONNACK, again and again, for a client-id fight', () => {
    const watch = new DropWatch(3, 5000);
    let fight = false;
    for (let i = 0; i < 3; i++) {
      watch.connected(i * 1000);
      fight = watch.dropped(i * 1000 + 100);
    }
    assert.equal(fight, true);
    const calm = new DropWatch(3, 5000);
    calm.connected(0);
    calm.dropped(100);
    assert.equal(calm.streak, 1, 'one short drop: the fight may be on');
    calm.connected(1000);
    assert.equal(calm.dropped(61_000), false, 'a drop after a minute is the network');
    assert.equal(calm.streak, 0, 'and ends the streak');
  });
});

describe('broker profiles', () => {
  it('completes a profile with defaults: MQTT 5, a random readable client id, keepalive 60, # and TLS verification on', () => {
    const { profiles, problems } = parseProfiles([{ name: 'home', url: 'mqtt://127.0.0.1:1883' }], () =>
      randomClientId(() => 0.5),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(profiles[0], {
      name: 'home',
      url: 'mqtt://127.0.0.1:1883',
      protocolVersion: 5,
      clientId: 'mqtt-workbench-7fffffff',
      keepalive: 60,
      clean: true,
      sessionExpiry: 0,
      subscriptions: [{ topic: '#', qos: 0 }],
      tls: { rejectUnauthorized: true },
      production: false,
    });
  });

  it('says which entries it could not use instead of dropping them silently', () => {
    const { profiles, problems } = parseProfiles([
      { name: 'a', url: 'http://x' },
      { url: 'mqtt://x' },
      'nonsense',
      { name: 'b', url: 'mqtts://x:8883', protocolVersion: '3.1.1', subscriptions: ['a/#', { topic: 'b', qos: 1 }] },
      { name: 'b', url: 'mqtt://y' },
    ]);
    assert.deepEqual(
      profiles.map((p) => [p.name, p.protocolVersion, p.subscriptions]),
      [
        [
          'b',
          4,
          [
            { topic: 'a/#', qos: 0 },
            { topic: 'b', qos: 1 },
          ],
        ],
      ],
    );
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(problems[0]!, /url must start with mqtt/);
  });

  it('refuses credentials or a query in the url, and leaves out (and names) invalid or repeated filters', () => {
    const { profiles, problems } = parseProfiles([
      { name: 'creds', url: 'mqtt://alice:s3cr3t-pw@host' },
      { name: 'query', url: 'mqtt://host?clientId=x' },
      { name: 'subs', url: 'MQTTS://host', subscriptions: ['good/#', 'a/#/b', 'good/#', ''] },
    ]);
    assert.deepEqual(
      profiles.map((p) => [p.name, p.subscriptions.map((s) => s.topic)]),
      [['subs', ['good/#']]],
    );
    assert.match(problems[0]!, /no credentials in the url/);
    assert.ok(!problems.join('\n').includes('s3cr3t-pw'), 'the password is repeated in a message');
    assert.match(problems[1]!, /no query in the url/);
    assert.match(problems[2]!, /"a\/#\/b" left out/);
    assert.match(problems[3]!, /"" left out/);
    // An upper-case scheme is the same scheme: TLS settings and warnings apply.
    assert.equal(isSecure(profiles[0]!.url), true);
  });

  it('keeps the client id a profile got for as long as the caller keeps it (settings read again)', () => {
    const ids = new Map<string, string>();
    const idFor = (name: string) => ids.get(name) ?? ids.set(name, randomClientId()).get(name)!;
    const first = parseProfiles([{ name: 'a', url: 'mqtt://h' }], idFor).profiles[0]!;
    const again = parseProfiles(
      [
        { name: 'a', url: 'mqtt://h' },
        { name: 'b', url: 'mqtt://h' },
      ],
      idFor,
    ).profiles[0]!;
    assert.equal(JSON.stringify(first), JSON.stringify(again));
  });
});

describe('message rendering', () => {
  const kept = (payload: Uint8Array, size = payload.length) => ({
    preview: payload,
    size,
    qos: 1 as const,
    retain: true,
    time: Date.UTC(2026, 0, 1),
  });
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('pretty-prints JSON under a header of comments', async () => {
    const r = await renderMessage('a/b', kept(bytes('{"t":21.5,"ok":true}')));
    assert.equal(r.language, 'jsonc');
    assert.match(r.text, /^\/\/ topic: {4}a\/b\n\/\/ qos: {6}1\n\/\/ retain: {3}true/);
    assert.match(r.text, /\{\n {2}"t": 21\.5,\n {2}"ok": true\n\}/);
  });

  it('shows binary and invalid UTF-8 as a hex dump, and says so', async () => {
    const binary = await renderMessage('bin', kept(new Uint8Array([0, 1, 2, 0x41, 0xff])));
    assert.equal(binary.language, 'plaintext');
    assert.match(binary.text, /note: {5}not valid UTF-8: shown as a hex dump/);
    assert.match(binary.text, /00000000 {2}00 01 02 41 ff {2,}\.\.\.A\./);
    const control = await renderMessage('ctl', kept(new Uint8Array([0x41, 0x00, 0x42])));
    assert.match(control.text, /binary: shown as a hex dump/);
  });

  it('falls back to text for a 10,000-deep JSON document, and says what a 16 MiB payload leaves out', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const r = await renderMessage('deep', kept(bytes(deep)));
    assert.ok(r.text.includes(deep.slice(0, 100)));
    const big = await renderMessage('big', kept(new Uint8Array(64 * 1024).fill(0x61), 16 * 1024 * 1024));
    assert.match(big.text, /only the first 65536 of 16777216 bytes are kept/);
    assert.equal(big.language, 'plaintext');
  });

  it('dumps hex sixteen bytes a line', () => {
    assert.equal(hexDump(new Uint8Array(33)).split('\n').length, 3);
  });
});
