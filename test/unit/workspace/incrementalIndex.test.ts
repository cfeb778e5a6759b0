/**
 * The index files and unfiles sites one at a time as files change. Whatever the history, every query must
 * answer exactly as an index built afresh from the same files in the same order.
 */
import * as assert from 'node:assert/strict';
import type { TopicUse } from '../../../common/src/topics';
import { type IndexedSite, TopicIndex } from '../../../server/src/workspace/topicIndex';

/** A small deterministic generator, so a failure can be replayed from its seed. */
function generator(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

// Levels that meet, miss, match by wildcard and differ only in spelling (case, `_`, `-`).
const LEVELS = ['a', 'A', 'a_b', 'ab', 'b', '+', '#', 'x', 'Dev-1', 'dev1', '', '$SYS'];
const ROLES: TopicUse[] = ['publish', 'subscribe', 'will', 'route', 'unsubscribe'];
const FILES = Array.from({ length: 12 }, (_, i) => `file:///w/f${i}.js`);

describe('the topic index, changed file by file', () => {
  for (const seed of [1, 2, 3]) {
    it(`answers every query as an index built afresh (seed ${seed})`, () => {
      const { next, pick } = generator(seed);
      const topic = () => Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(LEVELS)).join('/');
      const site = (uri: string, line: number): IndexedSite => {
        const pattern = topic();
        const made: IndexedSite = {
          uri,
          role: pick(ROLES),
          display: pattern,
          pattern,
          hasPlaceholder: false,
          range: { start: { line, character: 0 }, end: { line, character: 1 } },
          via: 'publish',
        };
        if (next() < 0.1) made.rejected = true;
        if (next() < 0.3) made.qos = Math.floor(next() * 3);
        return made;
      };
      const index = new TopicIndex();
      // The files as a Map keeps them: the order a fresh index is built in.
      const files = new Map<string, IndexedSite[]>();
      let compared = 0;
      for (let step = 0; step < 600; step++) {
        const uri = pick(FILES);
        const r = next();
        const before = files.get(uri);
        if (r < 0.005) {
          index.clear();
          files.clear();
        } else if (r < 0.1) {
          index.delete(uri);
          files.delete(uri);
        } else {
          let sites: IndexedSite[];
          if (before && r < 0.7) {
            // An edit: every site a new object (its range moved), a few topics inserted, removed or changed.
            sites = before.map((s) => ({ ...s, range: { start: { line: step, character: 0 }, end: s.range.end } }));
            for (let k = Math.floor(next() * 3); k > 0; k--) {
              const at = Math.floor(next() * (sites.length + 1));
              const change = next();
              if (change < 0.4) sites.splice(at, 0, site(uri, step));
              else if (change < 0.7) sites.splice(at, 1);
              else if (at < sites.length) sites[at] = site(uri, step);
            }
          } else sites = Array.from({ length: Math.floor(next() * 15) }, () => site(uri, step));
          index.set(uri, sites, []);
          if (sites.length) files.set(uri, sites);
          else files.delete(uri);
        }

        const fresh = new TopicIndex();
        for (const [file, sites] of files) fresh.set(file, sites, []);
        const all = [...fresh.allSites()];
        assert.deepEqual([...index.allSites()], all);
        assert.equal(index.hasSenders(), fresh.hasSenders());
        assert.equal(index.hasReceivers(), fresh.hasReceivers());
        const elsewhere = (other: IndexedSite) => other.uri !== FILES[0];
        for (let q = 0; q < 4 && all.length; q++) {
          const s = pick(all);
          const limit = pick([1, 2, 5, 100, Infinity]);
          // Identity, not equality: the same sites, in the same order.
          const same = (a: IndexedSite[], b: IndexedSite[], what: string) => {
            assert.equal(a.length, b.length, `${what} at step ${step}`);
            a.forEach((x, i) => assert.ok(x === b[i], `${what} at step ${step}, item ${i}`));
            compared++;
          };
          same(index.counterparts(s, limit), fresh.counterparts(s, limit), 'counterparts');
          same(index.counterparts(s, limit, elsewhere), fresh.counterparts(s, limit, elsewhere), 'counterparts where');
          same(index.similar(s, limit), fresh.similar(s, limit), 'similar');
          same(index.references(s, limit), fresh.references(s, limit), 'references');
          const name = topic().replace(/[+#]/g, 'a');
          const ours = index.sitesOfTopic(name, limit);
          const theirs = fresh.sitesOfTopic(name, limit);
          same(ours.senders, theirs.senders, 'senders');
          same(ours.receivers, theirs.receivers, 'receivers');
        }
      }
      assert.ok(compared > 10_000, `only ${compared} comparisons`);
    });
  }

  it('moves nothing when an edit leaves the topics as they were, yet answers with the new sites', () => {
    const site = (uri: string, role: TopicUse, pattern: string, line: number): IndexedSite => ({
      uri,
      role,
      display: pattern,
      pattern,
      hasPlaceholder: false,
      range: { start: { line, character: 0 }, end: { line, character: 5 } },
      via: 'publish',
    });
    const index = new TopicIndex();
    index.set('file:///w/sub.js', [site('file:///w/sub.js', 'subscribe', 'home/+/temp', 0)], []);
    index.set('file:///w/pub.js', [site('file:///w/pub.js', 'publish', 'home/kitchen/temp', 3)], []);
    // Lines inserted above the publish: the same topic, a new range.
    const moved = site('file:///w/pub.js', 'publish', 'home/kitchen/temp', 10);
    index.set('file:///w/pub.js', [moved], []);
    const [subscription] = index.sitesOf('file:///w/sub.js');
    const found = index.counterparts(subscription!);
    assert.equal(found.length, 1);
    assert.ok(found[0] === moved);
    assert.equal(found[0].range.start.line, 10);
  });
});
