import * as assert from 'node:assert/strict';
import { checkTopic, topicMatches } from '../../../common/src/topics';

const codes = (topic: string, role: 'name' | 'filter', maxDepth?: number) =>
  checkTopic(topic, role, maxDepth === undefined ? {} : { maxDepth }).map((p) => p.code);

describe('MQTT topic rules', () => {
  it('accepts ordinary names and filters', () => {
    assert.deepEqual(codes('home/livingroom/temp', 'name'), []);
    assert.deepEqual(codes('home/+/temp', 'filter'), []);
    assert.deepEqual(codes('home/#', 'filter'), []);
    assert.deepEqual(codes('#', 'filter'), []);
    assert.deepEqual(codes('+', 'filter'), []);
    assert.deepEqual(codes('$share/group/home/#', 'filter'), []);
  });

  it('rejects wildcards in topic names with the exact position', () => {
    const [p] = checkTopic('home/+/temp', 'name');
    assert.deepEqual([p?.code, p?.start, p?.end, p?.invalid], ['wildcard-in-topic-name', 5, 6, true]);
  });

  it('# must be last and a whole level; + a whole level', () => {
    assert.deepEqual(codes('home/#/temp', 'filter'), ['invalid-multi-level-wildcard']);
    assert.deepEqual(codes('home#', 'filter'), ['invalid-multi-level-wildcard']);
    assert.deepEqual(codes('home/temp+', 'filter'), ['invalid-single-level-wildcard']);
  });

  it('empty, NUL and over-long topics are invalid', () => {
    assert.deepEqual(codes('', 'name'), ['empty-topic']);
    assert.deepEqual(codes('a\u0000b', 'name'), ['topic-null-character']);
    assert.deepEqual(codes('é'.repeat(32768), 'name'), ['topic-too-long']);
    assert.deepEqual(codes('a'.repeat(65535), 'name'), []);
  });

  it('flags legal but surprising shapes', () => {
    assert.deepEqual(codes('/home/temp', 'name'), ['leading-slash']);
    assert.deepEqual(codes('home/temp/', 'name'), ['trailing-slash']);
    assert.deepEqual(codes('home//temp', 'name'), ['empty-level']);
    assert.deepEqual(codes(' home/temp', 'name'), ['surrounding-whitespace']);
    assert.deepEqual(codes('$SYS/broker/x', 'name'), ['publish-to-dollar-topic']);
    // Broker features clients publish to on purpose are not the broker's own status.
    for (const feature of [
      '$aws/things/lamp/shadow/update',
      '$delayed/10/home/x',
      '$file/f1/init',
      '$CONTROL/dynamic-security/v1',
    ])
      assert.deepEqual(codes(feature, 'name'), [], feature);
    assert.deepEqual(codes('a/b/c/d', 'name', 3), ['topic-too-deep']);
  });

  it('checks shared subscriptions', () => {
    assert.deepEqual(codes('$share//home/#', 'filter'), ['invalid-shared-subscription']);
    assert.deepEqual(codes('$share/g+/home', 'filter'), ['invalid-shared-subscription']);
    assert.deepEqual(codes('$share/group', 'filter'), ['invalid-shared-subscription']);
  });

  it('matches names against filters', () => {
    assert.ok(topicMatches('home/#', 'home/a/b/c/d'));
    assert.ok(topicMatches('home/#', 'home'));
    assert.ok(topicMatches('home/+/temp', 'home/kitchen/temp'));
    assert.ok(!topicMatches('home/+/temp', 'home/kitchen/x/temp'));
    assert.ok(!topicMatches('home/#', '/home/temp'));
    assert.ok(!topicMatches('#', '$SYS/broker/uptime'));
    assert.ok(topicMatches('$SYS/#', '$SYS/broker/uptime'));
    assert.ok(topicMatches('$share/g/home/+', 'home/x'));
    assert.ok(!topicMatches('home/livingroom/temp', 'home/living_room/temp'));
  });
});
