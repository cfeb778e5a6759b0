/** Crafted workspaces: thousands of spellings of one topic and one very deep topic keep the workspace checks quick and working. */
import * as assert from 'node:assert/strict';
import type { TopicUse } from '../../../common/src/topics';
import { type IndexedSite, MAX_INDEXED_LEVELS, TopicIndex } from '../../../server/src/workspace/topicIndex';
import { workspaceProblems } from '../../../server/src/workspace/workspaceChecks';

const GUARD_MS = 5000;
const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const site = (uri: string, role: TopicUse, display: string, qos?: number): IndexedSite => ({
  uri,
  role,
  display,
  pattern: display,
  hasPlaceholder: false,
  range,
  via: 'publish',
  ...(qos === undefined ? {} : { qos }),
});

/** The i-th spelling of one topic: letters in either case, with `_`, `-` or a space added. */
const variant = (i: number) =>
  `home/${[...'livingroom'].map((c, k) => ((i >> k) & 1 ? c.toUpperCase() : c)).join('')}${i & 1024 ? '_' : ''}${i & 2048 ? '-' : ''}${i & 4096 ? ' ' : ''}/temp`;

describe('bounded workspace checks', () => {
  it('checks 8,000 spellings of one topic quickly, with a bounded number of related sites', () => {
    const index = new TopicIndex();
    for (let f = 0; f < 100; f++) {
      const uri = `file:///w/f${f}.js`;
      index.set(
        uri,
        Array.from({ length: 80 }, (_, k) => site(uri, k % 2 ? 'publish' : 'subscribe', variant(f * 80 + k))),
        [],
      );
    }
    const start = Date.now();
    let similar = 0;
    for (let f = 0; f < 100; f++) {
      const problems = workspaceProblems(index, `file:///w/f${f}.js`);
      for (const p of problems) {
        assert.ok((p.related?.length ?? 0) <= 10);
        assert.ok(p.message.length < 400);
      }
      similar += problems.filter((p) => p.code === 'similar-topic').length;
    }
    assert.ok(Date.now() - start < GUARD_MS, `took ${Date.now() - start} ms`);
    assert.equal(similar, 8000);
    const one = index.similar(index.sitesOf('file:///w/f0.js')[0]!, 5);
    assert.equal(one.length, 5);
  });

  it('still reports what a few sites say, with the limits in place', () => {
    const index = new TopicIndex();
    index.set('file:///w/pub.js', [site('file:///w/pub.js', 'publish', 'a/b', 2)], []);
    const subs = [site('file:///w/sub.js', 'subscribe', '#'), site('file:///w/sub.js', 'subscribe', 'a/+', 1)];
    for (let i = 0; i < 150; i++) subs.push(site('file:///w/sub.js', 'subscribe', 'a/b', 1));
    subs.push(site('file:///w/sub.js', 'subscribe', 'a/b', 0));
    index.set('file:///w/sub.js', subs, []);
    const problems = workspaceProblems(index, 'file:///w/pub.js');
    assert.deepEqual(
      problems.map((p) => p.code),
      ['qos-downgrade'],
    );
    // The QoS 0 subscriber lies past the limit of collected sites, and still sets the QoS named.
    assert.match(problems[0]!.detail ?? '', /arrive at QoS 0\.$/);
    index.set('file:///w/lonely.js', [site('file:///w/lonely.js', 'publish', 'c/d')], []);
    assert.deepEqual(
      workspaceProblems(index, 'file:///w/lonely.js').map((p) => p.code),
      ['unmatched-publish'],
    );
  });

  it('refiles a file whose 40,000 sites share one topic with another file quickly, in one pass per node', () => {
    const index = new TopicIndex();
    const many = (uri: string, topic: string) => Array.from({ length: 40_000 }, () => site(uri, 'publish', topic));
    index.set('file:///w/a.js', many('file:///w/a.js', 'a/b'), []);
    index.set('file:///w/b.js', many('file:///w/b.js', 'a/b'), []);
    index.set('file:///w/sub.js', [site('file:///w/sub.js', 'subscribe', 'a/+')], []);
    const [subscription] = index.sitesOf('file:///w/sub.js');
    const start = Date.now();
    // Every site of the first file moves away and back: its block leaves the node before the other file's and returns.
    index.set('file:///w/a.js', many('file:///w/a.js', 'a/c'), []);
    index.set('file:///w/a.js', many('file:///w/a.js', 'a/b'), []);
    assert.ok(Date.now() - start < GUARD_MS, `took ${Date.now() - start} ms`);
    const found = index.counterparts(subscription!, Infinity);
    assert.equal(found.length, 80_000);
    // In the index's order: the first file's sites, then the second's.
    assert.equal(found[0]!.uri, 'file:///w/a.js');
    assert.equal(found[79_999]!.uri, 'file:///w/b.js');
  });

  it('keeps the diagnostics of files subscribing to # when an unopened file holds a 30,000-level topic', () => {
    const index = new TopicIndex();
    const deep = Array.from({ length: 30_000 }, (_, i) => `l${i}`).join('/');
    index.set('file:///w/deep.js', [site('file:///w/deep.js', 'publish', deep)], []);
    index.set(
      'file:///w/open.js',
      [
        site('file:///w/open.js', 'subscribe', '#'),
        site('file:///w/open.js', 'subscribe', 'x/+'),
        site('file:///w/open.js', 'publish', 'Home/Temp'),
        site('file:///w/open.js', 'subscribe', 'home/temp'),
      ],
      [],
    );
    const start = Date.now();
    const problems = workspaceProblems(index, 'file:///w/open.js');
    assert.ok(Date.now() - start < GUARD_MS);
    assert.deepEqual(
      problems.map((p) => p.code),
      ['unmatched-subscription', 'unmatched-publish', 'similar-topic', 'unmatched-subscription', 'similar-topic'],
    );
    // A topic deeper than the index keeps is left out of the trees, and queries with it still answer.
    assert.ok(deep.split('/').length > MAX_INDEXED_LEVELS);
    assert.deepEqual(
      workspaceProblems(index, 'file:///w/deep.js').map((p) => p.code),
      ['unmatched-publish'],
    );
    const deepFilter = Array.from({ length: 30_000 }, () => '+').join('/');
    index.set('file:///w/filter.js', [site('file:///w/filter.js', 'subscribe', deepFilter)], []);
    const filter = index.sitesOf('file:///w/filter.js')[0]!;
    assert.deepEqual(index.counterparts(filter), []);
    assert.deepEqual(index.references(filter), []);
  });
});
