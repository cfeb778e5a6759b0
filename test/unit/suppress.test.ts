/** Turning a diagnostic off for one line (a comment) or in the settings, in every kind of document. */
import * as assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver-types';
import { AnalysisService } from '../../server/src/service';
import { textAsMarkdown } from '../../server/src/text';
import { defaultSettings } from '../../server/src/types';

const service = new AnalysisService();

/** The document after the "Disable <code> for this line" action of its first diagnostic with that code. */
function disabled(uri: string, languageId: string, text: string, code: string): { text: string; titles: string[] } {
  const doc = { uri, languageId, text };
  const d = service.diagnose(doc, defaultSettings).find((x) => x.code === code);
  assert.ok(d, `no ${code} in ${text}`);
  const actions = service.codeActions(doc, d.range, [d], { settingsCommand: true });
  const action = actions.find((a) => a.title === `Disable ${code} for this line`);
  assert.ok(action?.edit?.changes, actions.map((a) => a.title).join());
  const [edit] = action.edit.changes[uri] as TextEdit[];
  const lines = text.split('\n');
  const line = edit!.range.start.line;
  const at = edit!.range.start.character;
  lines[line] = lines[line]!.slice(0, at) + edit!.newText + lines[line]!.slice(at);
  return { text: lines.join('\n'), titles: actions.map((a) => a.title) };
}

describe('disabling a diagnostic', () => {
  it('in mosquitto.conf: a column-1 comment above the line silences that code only', () => {
    const text = 'listener 1883 127.0.0.1\nallow_anonymous true\n  max_inflight_messages abc\n';
    const { text: after, titles } = disabled('file:///w/mosquitto.conf', 'mosquitto-conf', text, 'non-numeric-integer');
    assert.match(after, /\n# mqtt-lint-disable-next-line non-numeric-integer\n {2}max_inflight/);
    assert.ok(titles.includes('Disable non-numeric-integer in settings'));
    const codes = service.diagnose(
      { uri: 'file:///w/m.conf', languageId: 'mosquitto-conf', text: after },
      defaultSettings,
    );
    assert.ok(!codes.some((d) => d.code === 'non-numeric-integer'));
    assert.ok(
      codes.some((d) => d.code === 'persistence-off'),
      'other codes are still reported',
    );
  });

  it('in Python and TypeScript: a comment in the language, indented like the line', () => {
    const py = "import paho.mqtt.client as mqtt\nc = mqtt.Client()\ndef f():\n    c.publish('a/#', 'x')\n";
    const after = disabled('file:///w/a.py', 'python', py, 'wildcard-in-topic-name').text;
    assert.match(after, /\n {4}# mqtt-lint-disable-next-line wildcard-in-topic-name\n {4}c\.publish/);
    assert.deepEqual(
      service
        .diagnose({ uri: 'file:///w/a.py', languageId: 'python', text: after }, defaultSettings)
        .map((d) => d.code),
      [],
    );
    const ts = "import mqtt from 'mqtt';\nconst c = mqtt.connect('mqtt://h');\nc.publish('/a', 'x');\n";
    assert.match(
      disabled('file:///w/a.ts', 'typescript', ts, 'leading-slash').text,
      /\n\/\/ mqtt-lint-disable-next-line leading-slash\nc\.publish/,
    );
  });

  it('adds the code to a disable comment already above the line', () => {
    const text =
      'listener 1883 127.0.0.1\nallow_anonymous true\n# mqtt-lint-disable-next-line persistence-off\nmax_inflight_messages abc\n';
    const after = disabled('file:///w/mosquitto.conf', 'mosquitto-conf', text, 'non-numeric-integer').text;
    assert.match(after, /\n# mqtt-lint-disable-next-line persistence-off non-numeric-integer\nmax_inflight/);
  });

  it('offers the settings action only to a client that has the command', () => {
    const doc = {
      uri: 'file:///w/mosquitto.conf',
      languageId: 'mosquitto-conf',
      text: 'listener 1883 127.0.0.1\nbogus 1\n',
    };
    const d = service.diagnose(doc, defaultSettings).find((x) => x.code === 'unknown-option')!;
    assert.ok(!service.codeActions(doc, d.range, [d]).some((a) => a.command));
  });
});

describe('the hover explains the diagnostics under the cursor', () => {
  it('after the option documentation, as text even when the document is hostile', () => {
    const text = 'listener 1883\nallow_anonymous true\n';
    const service = new AnalysisService();
    const doc = { uri: 'file:///w/mosquitto.conf', languageId: 'mosquitto-conf', text };
    const hover = service.hover(doc, { line: 0, character: 2 }, defaultSettings);
    const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    // The option's documentation first, then the explanation of the finding on that line.
    assert.ok(value.indexOf('listener') < value.indexOf('**'), value);
    assert.match(value, /\*\*listener-all-interfaces\*\*/);
  });

  it('renders an explanation that quotes a hostile value as text only', () => {
    const markdown = textAsMarkdown(
      'File `x`[a](https://evil.example/t.png)`` not found: `![i](https://e/x.png)` and **bold**',
    );
    // Outside code spans (which show their text as is), nothing is markup.
    const outside = markdown.replace(/(`+)[^`][\s\S]*?\1/g, '');
    assert.doesNotMatch(outside, /(?<!\\)\]\(|(?<!\\)\*\*/);
    assert.match(markdown, /`!\[i\]\(https:\/\/e\/x\.png\)`/);
  });
});
