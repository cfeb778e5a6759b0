/** The analysis facade and the one diagnostics pipeline, without the protocol. */
import * as assert from 'node:assert/strict';
import { validateAcl } from '../../server/src/acl/validateAcl';
import { messageOf } from '../helpers/conf';
import { AnalysisService } from '../../server/src/service';
import { defaultSettings } from '../../server/src/types';
import { TopicIndex } from '../../server/src/workspace/topicIndex';

const capped = { ...defaultSettings, maxDiagnosticsPerFile: 3 };

describe('analysis facade and diagnostics pipeline', () => {
  it('caps ACL files like every other kind', () => {
    const acl = Array.from({ length: 6 }, (_, i) => `topicc read a/${i}`).join('\n');
    const diagnostics = validateAcl(acl, capped);
    assert.deepEqual(
      diagnostics.map((d) => String(d.code)),
      ['acl-unknown-keyword', 'acl-unknown-keyword', 'acl-unknown-keyword', 'too-many-problems'],
    );
    assert.match(messageOf(diagnostics[3]), /^3 more problems/);
  });

  it('caps a source file with its workspace checks counted in, and honours suppressions for them', () => {
    const service = new AnalysisService();
    const index = new TopicIndex();
    const others = ['home/living_room/temp', 'home/Living-Room/temp', 'home/LivingRoom/temp', 'home/living-room/temp'];
    others.forEach((topic, i) => {
      const doc = {
        uri: `file:///w/other${i}.js`,
        languageId: 'javascript',
        text: `const mqtt = require('mqtt');\nc.subscribe('${topic}');\n`,
      };
      const entry = service.fileIndexEntry(doc, defaultSettings);
      index.set(doc.uri, entry.sites, entry.clientIds);
    });
    const lines = [
      "const mqtt = require('mqtt');",
      ...Array.from({ length: 5 }, () => "c.publish('home/livingroom/temp', 'x');"),
    ];
    const doc = { uri: 'file:///w/app.js', languageId: 'javascript', text: lines.join('\n') };
    const entry = service.indexEntry(doc, defaultSettings);
    index.set(doc.uri, entry.sites, entry.clientIds);
    const diagnostics = service.diagnose(doc, capped, index);
    // Five publishes, each with two workspace findings: three shown, then the note about the rest.
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['unmatched-publish', 'similar-topic', 'unmatched-publish', 'too-many-problems'],
    );
    assert.match(messageOf(diagnostics[3]), /^7 more problems/);

    const silenced = {
      ...doc,
      text: `const mqtt = require('mqtt');\n// mqtt-lint-disable-next-line similar-topic unmatched-publish\n${lines[1] ?? ''}`,
    };
    const silencedEntry = service.indexEntry(silenced, defaultSettings);
    index.set(doc.uri, silencedEntry.sites, silencedEntry.clientIds);
    assert.deepEqual(
      service.diagnose(silenced, defaultSettings, index).map((d) => d.code),
      [],
    );
  });

  it('analyses a source text once for its diagnostics, index entry and hover', () => {
    const service = new AnalysisService();
    const doc = {
      uri: 'file:///w/a.py',
      languageId: 'python',
      text: 'import paho.mqtt.client as mqtt\nc.publish("a/b", 1)\n',
    };
    const entry = service.indexEntry(doc, defaultSettings);
    service.diagnose(doc, defaultSettings);
    assert.ok(service.hover(doc, { line: 1, character: 12 }, defaultSettings));
    assert.equal(service.indexEntry(doc, defaultSettings), entry, 'the same text was analysed again');
    const edited = service.indexEntry({ ...doc, text: doc.text.replace('a/b', 'a/c') }, defaultSettings);
    assert.notEqual(edited, entry);
    assert.equal(edited.sites[0]?.display, 'a/c');
  });

  it('dispatches by kind of document', () => {
    const service = new AnalysisService();
    const at = { line: 0, character: 2 };
    assert.equal(
      service.diagnose(
        { uri: 'file:///w/m.conf', languageId: 'mosquitto-conf', text: 'allow_annonymous true\n' },
        defaultSettings,
      )[0]?.code,
      'unknown-option',
    );
    assert.ok(
      service
        .complete(
          { uri: 'file:///w/m.conf', languageId: 'mosquitto-conf', text: 'lis' },
          { line: 0, character: 3 },
          defaultSettings,
        )
        .some((i) => i.label === 'listener'),
    );
    assert.ok(
      service.hover({ uri: 'file:///w/x.acl', languageId: 'mosquitto-acl', text: 'user alice\n' }, at, defaultSettings),
    );
    assert.deepEqual(
      service.diagnose(
        { uri: 'file:///w/x.md', languageId: 'markdown', text: 'client.publish("a/#")' },
        defaultSettings,
      ),
      [],
    );
    assert.deepEqual(
      service.complete({ uri: 'file:///w/a.py', languageId: 'python', text: 'x' }, at, defaultSettings),
      [],
    );
  });
});
