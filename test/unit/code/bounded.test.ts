/** Crafted source files finish quickly with sane results, and a time budget stops an analysis that runs long and says so. */
import * as assert from 'node:assert/strict';
import { Budget } from '../../../server/src/budget';
import { analyseSource } from '../../../server/src/code/sourceAnalysis';
import { findTopics, topicDisplay } from '../../../server/src/code/findTopics';
import { validateCode } from '../../../server/src/code/validateCode';
import { AnalysisService } from '../../../server/src/service';
import { defaultSettings } from '../../../server/src/types';
import { CODE_SETTINGS } from '../../helpers/code';
import { messageOf } from '../../helpers/conf';

/** Generous for a 2-core machine: the crafted inputs took from 27 s to minutes, or crashed, before. */
const GUARD_MS = 5000;

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = Date.now();
  const value = run();
  return { value, ms: Date.now() - start };
}

const topics = (text: string, languageId: string) =>
  (findTopics(text, languageId)?.sites ?? []).map((s) => [s.role, topicDisplay(s)]);

describe('bounded analysis of crafted source files', () => {
  it('reads 2,000 unclosed calls in linear time, and an unclosed call still has its topic', () => {
    const crafted = `#include <mosquitto.h>\n${'mosquitto_publish(\n'.repeat(2000)}`;
    const { value, ms } = timed(() => analyseSource(crafted, 'c'));
    assert.ok(ms < GUARD_MS, `took ${ms} ms`);
    assert.deepEqual(value?.found.sites, []);
    // Typing in an editor leaves a call open: its topic is found, and the calls after it keep theirs.
    const editing =
      "const mqtt = require('mqtt');\nclient.publish('a/b', \nclient.subscribe('c/#', { qos: 1 });\nclient.publish('d', 'x');\n";
    assert.deepEqual(topics(editing, 'javascript'), [
      ['publish', 'a/b'],
      ['subscribe', 'c/#'],
      ['publish', 'd'],
    ]);
  });

  it('keeps calls nested in others, and a list of 3,000 topics, as before', () => {
    const nested =
      "const mqtt = require('mqtt');\nclient.subscribe('a/b', (err) => { if (!err) client.publish('a/b', 'hi'); });\n";
    assert.deepEqual(topics(nested, 'javascript'), [
      ['subscribe', 'a/b'],
      ['publish', 'a/b'],
    ]);
    const list = Array.from({ length: 3000 }, (_, i) => `'t/${i}'`).join(', ');
    const long = `const mqtt = require('mqtt');\nclient.subscribe([${list}]);\nclient.publish('z', 'x');\n`;
    const found = topics(long, 'javascript');
    assert.equal(found.length, 3001);
    assert.deepEqual(found[2999], ['subscribe', 't/2999']);
    assert.deepEqual(found[3000], ['publish', 'z']);
  });

  it('gives up on an argument nested 5,000 deep instead of overflowing the stack', () => {
    const n = 5000;
    for (const [open, close] of [
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
    ] as const) {
      const text = `const mqtt = require('mqtt');\nclient.publish(${open.repeat(n)}'a'${close.repeat(n)});\nclient.publish('ok', 'x');\n`;
      const { value, ms } = timed(() => validateCode(text, 'javascript', CODE_SETTINGS));
      assert.ok(ms < GUARD_MS, `${open}: took ${ms} ms`);
      assert.deepEqual(value, []);
      assert.deepEqual(topics(text, 'javascript').at(-1), ['publish', 'ok']);
    }
    const concatenated = `const mqtt = require('mqtt');\nclient.publish(${"'a' + (".repeat(n)}'b'${')'.repeat(n)});\n`;
    assert.equal(topics(concatenated, 'javascript').length, 1);
    const template = `const mqtt = require('mqtt');\nclient.publish(\`${'${`'.repeat(n)}x${'`}'.repeat(n)}\`);\n`;
    assert.equal(topics(template, 'javascript').length, 1);
    // Shallow lists and tuples read as before.
    assert.deepEqual(topics("import paho.mqtt.client as mqtt\nc.subscribe([('a', 0), ('b', 1)])\n", 'python'), [
      ['subscribe', 'a'],
      ['subscribe', 'b'],
    ]);
  });

  it('resolves a chain of 5,000 constants without overflowing the stack', () => {
    const defs = Array.from({ length: 5000 }, (_, i) => (i ? `const C${i} = C${i - 1} + '/x';` : "const C0 = 'a';"));
    const text = `const mqtt = require('mqtt');\n${defs.join('\n')}\nclient.publish(C4999, 'x');\nclient.publish(C3, 'y');\n`;
    const { value, ms } = timed(() => topics(text, 'javascript'));
    assert.ok(ms < GUARD_MS, `took ${ms} ms`);
    assert.equal(value.length, 2);
    assert.deepEqual(value[1], ['publish', 'a/x/x/x']);
  });

  it('finds the line of a duplicate client id after a megabyte of blank lines quickly', () => {
    const text = `const mqtt = require('mqtt');\n${'\n'.repeat(1_000_000)}${"mqtt.connect('mqtt://h', { clientId: 'same' });\n".repeat(4000)}`;
    const { value, ms } = timed(() => analyseSource(text, 'javascript'));
    assert.ok(ms < GUARD_MS, `took ${ms} ms`);
    const duplicates = value!.connections.findings.filter((f) => f.code === 'duplicate-client-id');
    assert.equal(duplicates.length, 3999);
    assert.match(duplicates[0]!.message, /also used on line 1000002 /);
  });

  it('looks up 20,000 constants of one file in one pass', () => {
    const lines = ["const mqtt = require('mqtt');"];
    for (let i = 0; i < 20_000; i++) lines.push(`const T${i} = 'a/${i}';`);
    for (let i = 0; i < 20_000; i++) lines.push(`client.publish(T${i}, 'x');`);
    const { value, ms } = timed(() => topics(lines.join('\n'), 'javascript'));
    assert.ok(ms < GUARD_MS, `took ${ms} ms`);
    assert.equal(value.length, 20_000);
    assert.deepEqual(value[12_345], ['publish', 'a/12345']);
  });

  it('stops when the budget runs out, and says the file was only partly analysed', () => {
    const text = "const mqtt = require('mqtt');\nclient.publish('a//b', 'x');\n";
    let clock = 0;
    const spent = new Budget(10, () => clock);
    clock = 10;
    const partial = analyseSource(text, 'javascript', [], spent);
    assert.equal(partial?.stopped, true);
    assert.deepEqual(partial.found.sites, []);
    const whole = analyseSource(text, 'javascript', [], new Budget(60_000));
    assert.equal(whole?.stopped, false);
    assert.equal(whole.found.sites.length, 1);

    const out = new AnalysisService(undefined, 0).diagnose(
      { uri: 'file:///w/a.js', languageId: 'javascript', text },
      defaultSettings,
    );
    assert.deepEqual(
      out.map((d) => d.code),
      ['analysis-stopped'],
    );
    assert.match(messageOf(out[0]), /only partly checked/);
    const normal = new AnalysisService().diagnose(
      { uri: 'file:///w/a.js', languageId: 'javascript', text },
      defaultSettings,
    );
    assert.deepEqual(
      normal.map((d) => d.code),
      ['empty-level'],
    );
  });

  it('stops a crafted file within its budget in the facade', () => {
    // Many calls with long windows: far more work than the budget allows.
    const text = `const mqtt = require('mqtt');\n${"client.publish('a/' + x, y, { qos: 1 });\n".repeat(200_000)}`;
    const { value, ms } = timed(() =>
      new AnalysisService(undefined, 200).diagnose(
        { uri: 'file:///w/big.js', languageId: 'javascript', text },
        defaultSettings,
      ),
    );
    assert.ok(ms < GUARD_MS, `took ${ms} ms`);
    assert.ok(value.some((d) => d.code === 'analysis-stopped'));
  });
});
