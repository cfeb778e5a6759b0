/** Hovers on topics in code show the document's text as code, never as markup. */
import * as assert from 'node:assert/strict';
import { computeCodeHover } from '../../../server/src/code/hover';
import { activeMarkup, outsideCode } from '../../helpers/markdown';

const HOSTILE =
  'a/[x](https://evil.example)/![i](https://evil.example/p.png)/`b`/q`![i](https:evil.example)`<img src=x>';

const hoverOf = (text: string, character: number): string => {
  const hover = computeCodeHover(text, 'javascript', { line: 1, character });
  const contents = hover?.contents;
  return contents && typeof contents === 'object' && 'value' in contents ? contents.value : '';
};

describe('topic hover in code', () => {
  it('keeps links, images, HTML and backticks of a topic inside code', () => {
    const value = hoverOf(`const mqtt = require('mqtt');\nc.subscribe(\`${HOSTILE.replace(/`/g, '\\`')}/#\`);\n`, 14);
    assert.match(value, /MQTT topic/);
    assert.doesNotMatch(outsideCode(value), /evil\.example|<img/);
    assert.deepEqual(activeMarkup(value), []);
  });

  it('keeps a constant name and a placeholder inside code', () => {
    const text = [
      "const mqtt = require('mqtt');",
      `const T = 'a/[x](https://evil.example)/\`';`,
      'c.publish(T, 1);',
      'c.publish(`dev/${id + "`![i](https:evil.example)"}/x`, 1);',
    ].join('\n');
    for (const [line, character] of [
      [2, 11],
      [3, 12],
    ] as const) {
      const hover = computeCodeHover(text, 'javascript', { line, character });
      const value =
        hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
      assert.match(value, /MQTT topic/, `line ${line}`);
      assert.doesNotMatch(outsideCode(value), /evil\.example/);
      assert.deepEqual(activeMarkup(value), []);
    }
  });

  it('still shows ordinary topics as before', () => {
    const value = hoverOf("const mqtt = require('mqtt');\nc.subscribe('home/+/temp');\n", 14);
    assert.match(value, /```\nhome\/\+\/temp\n```/);
    assert.match(value, /3 levels: `home` \/ `\+` \/ `temp`/);
  });
});
