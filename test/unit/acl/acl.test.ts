import * as assert from 'node:assert/strict';
import { computeAclHover } from '../../../server/src/acl/hoverAcl';
import { filterCovers } from '../../../common/src/topics';
import { validateAcl } from '../../../server/src/acl/validateAcl';

const seen = (text: string) =>
  validateAcl(text).map((d) => [
    String(d.code),
    d.range.start.line,
    d.range.start.character,
    d.range.end.character,
    d.severity,
  ]);

describe('mosquitto ACL files', () => {
  it('is quiet on a typical file', () => {
    assert.deepEqual(seen('user alice\ntopic readwrite home/alice/#\npattern read devices/%c/#\n'), []);
  });

  it('reports what mosquitto refuses, with exact ranges', () => {
    assert.deepEqual(seen('topicc read a/b\n'), [['acl-unknown-keyword', 0, 0, 6, 1]]);
    assert.deepEqual(seen('user a\ntopic readd a/b\n'), [['acl-bad-access', 1, 6, 11, 1]]);
    assert.deepEqual(seen('user a\ntopic read a/#/b\n'), [['acl-invalid-filter', 1, 13, 14, 1]]);
    assert.deepEqual(seen('user\n'), [['acl-missing-username', 0, 0, 4, 1]]);
    assert.deepEqual(seen('user a\npattern\n'), [['acl-empty-topic', 1, 0, 7, 1]]);
    assert.deepEqual(seen('  # x\n'), [['acl-unknown-keyword', 0, 2, 3, 1]]);
  });

  it('explains the traps', () => {
    assert.deepEqual(
      seen('topic read a/b\n').map((d) => d[0]),
      ['acl-anonymous-rule'],
    );
    assert.deepEqual(
      seen('pattern write a/#\n').map((d) => d[0]),
      ['acl-pattern-without-substitution'],
    );
    assert.deepEqual(
      seen('user a\ntopic read\n').map((d) => d[0]),
      ['acl-access-word-as-topic'],
    );
    assert.deepEqual(
      seen('user a\ntopic read x/y\ntopic read x/y\n').map((d) => [d[0], d[1]]),
      [['acl-duplicate-rule', 2]],
    );
    assert.deepEqual(
      seen('user a\ntopic readwrite x/#\ntopic read x/y/z\n').map((d) => [d[0], d[1]]),
      [['acl-shadowed-rule', 2]],
    );
    assert.deepEqual(seen('user a\ntopic read x/y\nuser b\ntopic read x/y\n'), []);
    assert.deepEqual(
      seen('user a\ntopic read /x\n').map((d) => d[0]),
      ['acl-topic-problem'],
    );
  });

  it('knows when one filter covers another', () => {
    assert.ok(filterCovers('#', 'a/b'));
    assert.ok(filterCovers('a/+', 'a/b'));
    assert.ok(filterCovers('a/+/c', 'a/+/c'));
    assert.ok(!filterCovers('a/+', 'a/#'));
    assert.ok(!filterCovers('a/b', 'a/+'));
    assert.ok(!filterCovers('a/+', 'a/b/c'));
  });

  it('hovers keywords, access types and substitutions', () => {
    const text = 'user alice\npattern readwrite devices/%c/#\n';
    assert.match((computeAclHover(text, { line: 0, character: 2 })!.contents as { value: string }).value, /username/);
    assert.match(
      (computeAclHover(text, { line: 1, character: 10 })!.contents as { value: string }).value,
      /read and write/,
    );
    assert.match((computeAclHover(text, { line: 1, character: 22 })!.contents as { value: string }).value, /client id/);
  });

  it('has no hover for a word named like an Object.prototype property', () => {
    assert.equal(computeAclHover('constructor x\n', { line: 0, character: 2 }), null);
    assert.equal(computeAclHover('toString\n', { line: 0, character: 2 }), null);
  });
});
