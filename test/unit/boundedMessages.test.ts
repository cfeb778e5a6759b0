/** Messages quote the document's text clipped: a long topic or value cannot multiply the output. */
import * as assert from 'node:assert/strict';
import { validateAcl } from '../../server/src/acl/validateAcl';
import { validateCode } from '../../server/src/code/validateCode';
import { AnalysisService } from '../../server/src/service';
import { defaultSettings } from '../../server/src/types';
import { TopicIndex } from '../../server/src/workspace/topicIndex';
import { CODE_SETTINGS } from '../helpers/code';
import { diagnose, messageOf, SAFE_BASE } from '../helpers/conf';

const LONG = 'x'.repeat(20_000);
/** The longest fixed wording around a quoted value, with room for a few clipped quotes. */
const MAX_MESSAGE = 800;

const longest = (messages: string[]) => Math.max(0, ...messages.map((m) => m.length));

describe('bounded messages', () => {
  it('clips a long topic quoted by every finding on it in source code', () => {
    // A constant with a wildcard in each of many levels: one finding per level, each naming the topic.
    const topic = `${'+x/'.repeat(200)}${LONG}`;
    const text = `const mqtt = require('mqtt');\nconst T = '${topic}';\nc.publish(T, 1);\n`;
    const messages = validateCode(text, 'javascript', CODE_SETTINGS).map(messageOf);
    assert.ok(messages.length > 1, messages.join('\n'));
    assert.ok(longest(messages) < MAX_MESSAGE, `${longest(messages)} characters`);
    assert.ok(messages.some((m) => m.includes('`T` = "+x/') && m.includes('…')));
  });

  it('survives a topic with more findings than the stack holds arguments', () => {
    const text = `const mqtt = require('mqtt');\nconst T = '${'+x/'.repeat(130_000)}';\nc.publish(T, 1);\n`;
    const diagnostics = validateCode(text, 'javascript', CODE_SETTINGS);
    assert.equal(diagnostics.length, CODE_SETTINGS.maxDiagnosticsPerFile + 1, 'capped, with the note about the rest');
  });

  it('clips topics and client ids quoted by workspace checks', () => {
    const service = new AnalysisService();
    const index = new TopicIndex();
    const files = {
      'file:///w/a.js': `const mqtt = require('mqtt');\nmqtt.connect(u, { clientId: '${LONG}' });\nc.publish('home/${LONG}/Temp', 1);\n`,
      'file:///w/b.js': `const mqtt = require('mqtt');\nmqtt.connect(u, { clientId: '${LONG}' });\nc.subscribe('home/${LONG}/temp');\n`,
    };
    for (const [uri, text] of Object.entries(files)) {
      const entry = service.indexEntry({ uri, languageId: 'javascript', text }, defaultSettings);
      index.set(uri, entry.sites, entry.clientIds);
    }
    const diagnostics = service.diagnose(
      { uri: 'file:///w/a.js', languageId: 'javascript', text: files['file:///w/a.js'] },
      defaultSettings,
      index,
    );
    const messages = diagnostics.map(messageOf);
    assert.ok(messages.length > 0);
    assert.ok(longest(messages) < MAX_MESSAGE, `${longest(messages)} characters`);
    const related = diagnostics.flatMap((d) => d.relatedInformation ?? []).map((r) => r.message);
    assert.ok(longest(related) < MAX_MESSAGE, `${longest(related)} characters in related information`);
  });

  it('clips values quoted by mosquitto.conf and ACL messages', () => {
    const conf = [
      SAFE_BASE,
      `${LONG}_option 1`,
      `persistence ${LONG}`,
      `listener 1884 ${LONG}`,
      `log_dest ${LONG}`,
    ].join('\n');
    const confMessages = diagnose(`${conf}\n`).map(messageOf);
    assert.ok(confMessages.length >= 3, confMessages.join('\n'));
    assert.ok(longest(confMessages) < MAX_MESSAGE, `${longest(confMessages)} characters`);
    const acl = `user a\ntopic ${LONG} a/b\ntopic read a/#\ntopic read a/${LONG}\n`;
    const aclMessages = validateAcl(acl).map(messageOf);
    assert.ok(aclMessages.length >= 2, aclMessages.join('\n'));
    assert.ok(longest(aclMessages) < MAX_MESSAGE, `${longest(aclMessages)} characters`);
  });
});
