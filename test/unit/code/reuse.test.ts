/**
 * An open document's analysis takes over what an edit did not touch from its previous analysis
 * (callMemo.ts). Whatever the edit, the answer must be exactly the one a fresh analysis gives.
 */
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyseSource, type SourceAnalysis } from '../../../server/src/code/sourceAnalysis';
import { EDITED_SOURCES as SOURCES } from '../../helpers/editedSources';

/** A small deterministic generator, so a failure can be replayed from its seed. */
function generator(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

function source(family: string, lines: number, next: () => number, pick: <T>(items: readonly T[]) => T): string {
  const { lines: pool } = SOURCES[family]!;
  const out = [pool[0]!];
  while (out.length < lines) out.push(next() < 0.2 ? `x${out.length} = ${out.length}` : pick(pool));
  return out.join('\n') + '\n';
}

/** What an analysis found, as plain data. */
const found = (a: SourceAnalysis | undefined) =>
  a && JSON.parse(JSON.stringify({ sites: a.found.sites, connections: a.connections, stopped: a.stopped }));

describe('an edited document, analysed again', () => {
  for (const family of Object.keys(SOURCES))
    for (const seed of [1, 2]) {
      it(`finds what a fresh analysis finds, edit after edit (${family}, seed ${seed})`, () => {
        const { next, pick } = generator(seed * 31 + family.length);
        let text = source(family, 120, next, pick);
        let previous = analyseSource(text, family, [], undefined, {});
        let taken = 0;
        for (let edit = 0; edit < 120; edit++) {
          const at = Math.floor(next() * (text.length + 1));
          const kind = next();
          if (kind < 0.5) text = text.slice(0, at) + pick(SOURCES[family]!.edits) + text.slice(at);
          else if (kind < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 6));
          else text = text.slice(0, at) + pick(SOURCES[family]!.lines) + '\n' + text.slice(at);
          const edited = analyseSource(text, family, [], undefined, { previous });
          assert.deepEqual(found(edited), found(analyseSource(text, family)), `edit ${edit}`);
          const before = new Set(previous?.found.sites);
          taken += edited!.found.sites.filter((s) => before.has(s)).length;
          previous = edited;
        }
        // Not a vacuous pass: sites before the edits were taken over as they were, not found again.
        assert.ok(taken > 100, `${taken} sites taken over`);
      });
    }

  // Found in review: a window read from tokens shared with the windows before it could differ from one read
  // from its own start, so what an analysis found depended on which calls it had read before.
  for (const [name, before, after, languageId] of [
    [
      'a `/` at a line start, after an edit closes the call above it',
      'import mqtt from "mqtt";\npublish("a"\n/ 2 + publish("t/" + x)\n',
      'import mqtt from "mqtt";\npublish("a")\n/ 2 + publish("t/" + x)\n',
      'javascript',
    ],
    [
      'a receiver looked for 80 characters back, inside a long identifier',
      `mosquitto_publish(m, 0, "a", 1, p, 0, 0;\n${'x'.repeat(90)} mosquitto_publish(m, 0, "b/c", 1, p, 0, 0);\n`,
      `mosquitto_publish(m, 0, "a", 1, p, 0, 0);\n${'x'.repeat(90)} mosquitto_publish(m, 0, "b/c", 1, p, 0, 0);\n`,
      'c',
    ],
    [
      'a nested call read again after the call around it was taken over',
      'import mqtt from "mqtt";\nconst Y = "p";\npublish("a", foo\n/ 2 + publish("t/" + Y))\n',
      'import mqtt from "mqtt";\nconst Y = "q";\npublish("a", foo\n/ 2 + publish("t/" + Y))\n',
      'javascript',
    ],
  ] as const)
    it(`finds what a fresh analysis finds: ${name}`, () => {
      const previous = analyseSource(before, languageId, [], undefined, {});
      assert.deepEqual(
        found(analyseSource(after, languageId, [], undefined, { previous })),
        found(analyseSource(after, languageId)),
      );
    });

  it('reads a call again when a constant it uses changes, though its own text did not', () => {
    const text = "import mqtt from 'mqtt';\nconst BASE = 'a';\n" + "client.subscribe(BASE + '/x');\n".repeat(3);
    const first = analyseSource(text, 'typescript', [], undefined, {});
    const changed = text.replace("'a'", "'b/c'");
    const second = analyseSource(changed, 'typescript', [], undefined, { previous: first });
    assert.deepEqual(
      second!.found.sites.map((s) => s.segments.map((p) => ('text' in p ? p.text : p.placeholder)).join('')),
      ['b/c/x', 'b/c/x', 'b/c/x'],
    );
    assert.deepEqual(found(second), found(analyseSource(changed, 'typescript')));
  });

  it('reads a call again when the file starts or stops setting a Topic Alias elsewhere', () => {
    // The setting comes well after the call (whose own reading ends 300 characters past it).
    const text = "import mqtt from 'mqtt';\nclient.publish('', 'x', opts);\n" + `// ${'x'.repeat(400)}\n`;
    const first = analyseSource(text, 'typescript', [], undefined, {});
    assert.equal(first!.found.sites[0]!.topicAlias, undefined);
    const aliased = text + 'opts.properties.topicAlias = 3;\n';
    const second = analyseSource(aliased, 'typescript', [], undefined, { previous: first });
    assert.equal(second!.found.sites[0]!.topicAlias, true);
  });

  it('reads a call again when its statement changed before its name, the length unchanged', () => {
    // HiveMQ's `topic(...)` takes its role from the statement: `willPublish()` before it makes it a will.
    const text =
      'import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;\nclass A { void f() {\n' +
      '  client.connectWith().willPublish().topic("w/t").applyWillPublish().send();\n} }\n';
    const first = analyseSource(text, 'java', [], undefined, {});
    assert.deepEqual(
      first!.found.sites.map((s) => s.role),
      ['will'],
    );
    const edited = text.replace('willPublish()', 'xillPublish()');
    const second = analyseSource(edited, 'java', [], undefined, { previous: first });
    assert.deepEqual(
      second!.found.sites.map((s) => s.role),
      ['publish'],
    );
  });

  it('takes over the sites before an edit as they were, and moves those after it', () => {
    // Calls far enough apart that each one's reading (up to 300 characters past it) ends before the next.
    const line = "client.publish('a/b', 'x');\n" + '// ' + 'x'.repeat(400) + '\n';
    const text = "import mqtt from 'mqtt';\n" + line.repeat(4);
    const first = analyseSource(text, 'typescript', [], undefined, {})!;
    const at = text.indexOf(line, text.indexOf(line) + 1) + line.length;
    const inserted = 'let y = 1;\n';
    const second = analyseSource(text.slice(0, at) + inserted + text.slice(at), 'typescript', [], undefined, {
      previous: first,
    })!;
    assert.equal(second.found.sites[0], first.found.sites[0]);
    assert.equal(second.found.sites[1], first.found.sites[1]);
    assert.notEqual(second.found.sites[3], first.found.sites[3]);
    assert.equal(second.found.sites[3]!.start, first.found.sites[3]!.start + inserted.length);
  });

  it('keeps no older version of the text alive through the sites it takes over', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // Topics long enough that V8 would cut them as views of the whole text.
    const lines = ["import mqtt from 'mqtt';", "const FACTORY_TEMPERATURE_BASE = 'factory/site-one/temperature';"];
    for (let i = 0; i < 5000; i++)
      if (i % 2) lines.push(`client.subscribe(FACTORY_TEMPERATURE_BASE + '/${i}'); // ${'c'.repeat(80)}`);
      else
        lines.push(
          `client.publish('factory/building-${i}/line/temperature', payload, { qos: 1 }); // ${'c'.repeat(60)}`,
        );
    let text = lines.join('\n') + '\n';
    let analysis = analyseSource(text, 'typescript', [], undefined, {});
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let edit = 0; edit < 40; edit++) {
      // Each edit in another call, so each version makes sites of its own that later ones take over.
      const at = text.indexOf('temperature', Math.floor((edit / 40) * text.length));
      text = text.slice(0, at) + 'T' + text.slice(at + 1);
      analysis = analyseSource(text, 'typescript', [], undefined, { previous: analysis });
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // Each version kept would be another 0.7 MB: 40 of them about 30 MB.
    assert.ok(grown < 8e6, `heap grew ${(grown / 1e6).toFixed(1)} MB over 40 edits of a ${text.length}-character text`);
    assert.equal(analysis!.found.sites.length, 5000);
  });

  it('keeps nothing for the next analysis unless asked (a file read once, a command-line run)', () => {
    assert.equal(analyseSource("client.publish('a/b', 'x');", 'typescript')!.found.calls, undefined);
  });
});
