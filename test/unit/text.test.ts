/** The helpers that make document text safe to show: clipped, escaped for markdown and terminals, quoted for a shell. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import {
  clip,
  codeBlock,
  escapeControls,
  escapeMarkdown,
  inertJson,
  inlineCode,
  linkTarget,
  QUOTE_LIMIT,
  shellQuote,
} from '../../server/src/text';

describe('safe text', () => {
  it('clips long text to the limit, keeping its start and end', () => {
    assert.equal(clip('home/kitchen/temp'), 'home/kitchen/temp');
    const long = `start/${'x'.repeat(500)}/end`;
    const clipped = clip(long);
    assert.equal(clipped.length, QUOTE_LIMIT);
    assert.ok(clipped.startsWith('start/') && clipped.endsWith('/end') && clipped.includes('…'));
    // A cut never splits a surrogate pair.
    const emoji = clip('😀'.repeat(100));
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(emoji), emoji);
  });

  it('makes code spans and blocks no backtick inside can close', () => {
    assert.equal(inlineCode('home/+/temp'), '`home/+/temp`');
    assert.equal(inlineCode('a`b'), '``a`b``');
    assert.equal(inlineCode('`x``'), '``` `x`` ```');
    assert.equal(inlineCode('a\n\nb'), '`a b`');
    assert.equal(codeBlock('a\n```\nb'), '````\na\n```\nb\n````');
    assert.equal(codeBlock('plain'), '```\nplain\n```');
  });

  it('escapes what would open a link, an image, code or HTML', () => {
    assert.equal(escapeMarkdown('![i](https://x/p.png) <b>`c`'), '\\!\\[i\\]\\(https://x/p.png\\) \\<b\\>\\`c\\`');
    assert.equal(escapeMarkdown('sensor.py'), 'sensor.py');
  });

  it('percent-encodes what would end a link destination', () => {
    assert.equal(linkTarget('file:///w/a%20b.js'), 'file:///w/a%20b.js');
    assert.equal(linkTarget('file:///w/x) [y](z <q> "t"'), 'file:///w/x%29%20%5By%5D%28z%20%3Cq%3E%20%22t%22');
    assert.equal(linkTarget('file:///w/é'), 'file:///w/%C3%A9');
  });

  it('writes control characters as escapes for terminals and CI logs', () => {
    assert.equal(
      escapeControls('a\u001b[31mb\r\n::error::c\u009b\u007f\u202e'),
      'a\\x1b[31mb\\r\\n::error::c\\x9b\\x7f\\u202e',
    );
    assert.equal(escapeControls('plain: `x` é'), 'plain: `x` é');
    const json = inertJson([{ message: 'a\u001b\u009b\u2028b' }]);
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028]/.test(json), json);
    assert.deepEqual(JSON.parse(json), [{ message: 'a\u001b\u009b\u2028b' }]);
  });

  it('quotes a shell word so the shell reads it back unchanged and runs nothing', function () {
    if (process.platform === 'win32') this.skip();
    const word = "my dir/$(touch x) `id` it's;|&\\";
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    const echoed = spawnSync('/bin/sh', ['-c', `printf %s ${shellQuote(word)}`], { cwd: tmpdir(), encoding: 'utf8' });
    assert.equal(echoed.stdout, word);
  });
});
