import * as assert from 'node:assert/strict';
import { findTopics, topicDisplay } from '../../../server/src/code/findTopics';
import { exampleMatches } from '../../../common/src/topics';
import { computeCodeHover } from '../../../server/src/code/hover';
import { lex, stringValue } from '../../../server/src/code/lexer';
import { validateCode } from '../../../server/src/code/validateCode';
import { CODE_SETTINGS } from '../../helpers/code';

const topics = (text: string, languageId: string) =>
  (findTopics(text, languageId)?.sites ?? []).map((s) => [s.role, topicDisplay(s)]);

describe('finding topics in code', () => {
  it('reads interpolations as placeholders', () => {
    const js =
      "const mqtt = require('mqtt');\nclient.publish(`home/${room.name}/temp`, x);\nclient.publish('a/' + id + '/b', x);";
    assert.deepEqual(topics(js, 'javascript'), [
      ['publish', 'home/{room.name}/temp'],
      ['publish', 'a/{id}/b'],
    ]);
    const py =
      'import paho.mqtt.client as mqtt\nc.publish(f"home/{dev}/t")\nc.publish("x/{}/y".format(d))\nc.publish("x/%d" % n)';
    assert.deepEqual(topics(py, 'python'), [
      ['publish', 'home/{dev}/t'],
      ['publish', 'x/{}/y'],
      ['publish', 'x/%d'],
    ]);
  });

  it('splits a topic into text and placeholder segments with their source offsets', () => {
    const py =
      'import paho.mqtt.client as mqtt\nc.publish("a/%s/b" % x)\nc.publish("e\\tf/%d" % n)\nT = "k/v"\nc.publish(T + dev)';
    const [format, escaped, concat] = findTopics(py, 'python')!.sites;
    const at = (needle: string) => py.indexOf(needle);
    // Their fields (segments are class instances).
    const fields = (segments: readonly object[]) => segments.map((s) => ({ ...s }));
    // Text without escapes maps character by character.
    assert.deepEqual(fields(format!.segments), [
      { text: 'a/', start: at('a/%s'), end: at('a/%s') + 2, exact: true },
      { placeholder: '%s', start: at('%s/b'), end: at('%s/b') + 2 },
      { text: '/b', start: at('/b"'), end: at('/b"') + 2, exact: true },
    ]);
    // An escape makes the whole literal the span of each piece.
    const literal = { start: at('e\\tf'), end: at('%d"') + 2 };
    assert.deepEqual(fields(escaped!.segments), [
      { text: 'e\tf/', ...literal, exact: false },
      { placeholder: '%d', ...literal },
    ]);
    // A constant's text stands at the identifier that names it; other operands are placeholders.
    assert.deepEqual(fields(concat!.segments), [
      { text: 'k/v', start: at('T + dev'), end: at('T + dev') + 1, exact: false },
      { placeholder: 'dev', start: at('dev)'), end: at('dev)') + 3 },
    ]);
  });

  it('resolves constants of the same file, and leaves ambiguous ones alone', () => {
    const js =
      "import mqtt from 'mqtt';\nconst T = 'a/b';\nlet U = 'x';\nU = 'y';\nclient.subscribe(T);\nclient.subscribe(U);";
    assert.deepEqual(topics(js, 'javascript'), [['subscribe', 'a/b']]);
  });

  it('does not take keyword arguments for constants', () => {
    const py = 'import paho.mqtt.client as mqtt\nc.publish(topic="a/b", payload=1)\nc.subscribe(topic)';
    assert.deepEqual(topics(py, 'python'), [['publish', 'a/b']]);
  });

  it('nothing inside comments or unrelated strings', () => {
    const go =
      'import mqtt "github.com/eclipse/paho.mqtt.golang"\n// client.Publish("a/#", 0, false, x)\n/* client.Subscribe("b/+x", 0, nil) */\nlog.Println("client.Publish(\\"c/#\\")")';
    assert.deepEqual(topics(go, 'go'), []);
  });

  it("lexes each language's string forms", () => {
    const value = (src: string, family: Parameters<typeof lex>[1]) =>
      lex(src, family)
        .tokens.filter((t) => t.kind === 'string')
        .map(stringValue);
    assert.deepEqual(value('x = r"a\\b" + """c"""', 'python'), ['a\\b', 'c']);
    assert.deepEqual(value('s := `a\nb`', 'go'), ['a\nb']);
    assert.deepEqual(value('auto s = R"x(a"b)x";', 'c'), ['a"b']);
    assert.deepEqual(value('var s = @"a""b"; var t = $"x{y}z";', 'csharp'), ['a"b', 'x{y}z']);
    assert.deepEqual(value('let s = r##"a"#b"##; let c = \'x\'; fn f<\'a>() {}', 'rust'), ['a"#b', 'x']);
    assert.deepEqual(value('String s = """\n  text\n  """;', 'java'), ['\n  text\n  ']);
    assert.deepEqual(value('const r = /"/g; const s = "a";', 'js'), ['a']);
  });

  it('survives bad input: unterminated strings, minified megabytes, binary', function () {
    this.timeout(60_000);
    assert.deepEqual(
      validateCode("const mqtt = require('mqtt');\nclient.publish('a/#", 'javascript', CODE_SETTINGS),
      [],
    );
    const minified = `const mqtt=require('mqtt');${"c.publish('a/'+x,y,{qos:1});".repeat(180_000)}`;
    assert.ok(minified.length > 5_000_000);
    const start = Date.now();
    assert.deepEqual(validateCode(minified, 'javascript', CODE_SETTINGS), []);
    assert.ok(Date.now() - start < 20_000, 'no hang on 5 MB of minified code');
    const binary = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const language of ['javascript', 'python', 'go', 'c', 'java', 'csharp', 'rust'])
      validateCode(binary, language, CODE_SETTINGS);
  });
});

describe('hover on topics in code', () => {
  const text =
    "import mqtt from 'mqtt';\nclient.subscribe('home/+/temp', { qos: 1 });\nclient.publish(`home/${room}/temp`, 'x');";

  it('explains a filter, its wildcards and example matches', () => {
    const hover = computeCodeHover(text, 'typescript', { line: 1, character: 22 });
    const value = (hover!.contents as { value: string }).value;
    assert.match(value, /subscribed to \(a topic filter\)/);
    assert.match(value, /`\+` matches exactly one level/);
    assert.match(value, /`home\/kitchen\/temp`/);
    assert.match(value, /QoS 1/);
    assert.deepEqual(hover!.range, { start: { line: 1, character: 17 }, end: { line: 1, character: 30 } });
  });

  it('explains a name with a run-time part', () => {
    const value = (computeCodeHover(text, 'typescript', { line: 2, character: 18 })!.contents as { value: string })
      .value;
    assert.match(value, /published to \(a topic name\)/);
    assert.match(value, /Filled in at run time: `room`/);
  });

  it('is silent away from topics', () => {
    assert.equal(computeCodeHover(text, 'typescript', { line: 0, character: 3 }), null);
  });

  it('makes wildcard examples', () => {
    assert.deepEqual(exampleMatches('home/#'), ['home', 'home/a', 'home/a/b/c']);
    assert.deepEqual(exampleMatches('a/b'), ['a/b']);
  });
});
