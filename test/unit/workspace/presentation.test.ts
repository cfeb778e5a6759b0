import * as assert from 'node:assert/strict';
import { SymbolKind } from 'vscode-languageserver-types';
import { AnalysisService } from '../../../server/src/service';
import { defaultSettings } from '../../../server/src/types';
import { counterpartsMarkdown, topicSymbols } from '../../../server/src/workspace/presentation';
import { TopicIndex } from '../../../server/src/workspace/topicIndex';
import { activeMarkup } from '../../helpers/markdown';

function indexOf(files: Record<string, string>): TopicIndex {
  const service = new AnalysisService();
  const index = new TopicIndex();
  for (const [name, text] of Object.entries(files)) {
    const entry = service.fileIndexEntry({ uri: `file:///w/${name}`, languageId: 'javascript', text }, defaultSettings);
    index.set(`file:///w/${name}`, entry.sites, entry.clientIds);
  }
  return index;
}

describe('how the workspace index presents itself', () => {
  const index = indexOf({
    'sensor.js': "const mqtt = require('mqtt');\nc.publish('home/kitchen/temp', '21');\n",
    'dashboard.js': "const mqtt = require('mqtt');\nc.subscribe('home/+/temp');\nc.subscribe('office/#');\n",
  });

  it('links a filter to the sites that feed it, and says when nothing does', () => {
    const [filter, office] = index.sitesOf('file:///w/dashboard.js');
    assert.ok(filter && office);
    assert.equal(
      counterpartsMarkdown(index, filter),
      '**Fed in the workspace by:** [`home/kitchen/temp` sensor.js:2](file:///w/sensor.js#L2)',
    );
    assert.equal(counterpartsMarkdown(index, office), '**Fed in the workspace by:** nothing (2 files indexed).');
  });

  it('links counterparts from hostile files without letting their text or names become markup', () => {
    const topic = 'a/[x](https://evil.example)/![i](https://evil.example/p.png)/`b`/q`![i](https:evil.example)`';
    const service = new AnalysisService();
    const hostile = new TopicIndex();
    const files: [string, string][] = [
      [
        'file:///w/x%29%20%5By%5D(https:evil.example).js',
        `const mqtt = require('mqtt');\nc.publish(${JSON.stringify(topic)}, 1);\n`,
      ],
      ['file:///w/dashboard.js', "const mqtt = require('mqtt');\nc.subscribe('a/#');\n"],
    ];
    for (const [uri, text] of files) {
      const entry = service.fileIndexEntry({ uri, languageId: 'javascript', text }, defaultSettings);
      hostile.set(uri, entry.sites, entry.clientIds);
    }
    const [filter] = hostile.sitesOf('file:///w/dashboard.js');
    assert.ok(filter);
    const markdown = counterpartsMarkdown(hostile, filter);
    // One link, ours: its text is a code span and the file name (decoded, then escaped), its target the URI in VS Code's spelling.
    assert.deepEqual(activeMarkup(markdown), ['[', '](']);
    assert.equal(
      markdown,
      '**Fed in the workspace by:** [`` a/[x](https://evil.example)/![i](https://evil.ex…`b`/q`![i](https:evil.example)` `` x\\) \\[y\\]\\(https:evil.example\\).js:2](file:///w/x%29%20%5By%5D%28https%3Aevil.example%29.js#L2)',
    );
  });

  it('lists topics matching a query as symbols, publishes as events', () => {
    const symbols = topicSymbols(index, 'HOME');
    assert.deepEqual(symbols.map((s) => [s.name, s.kind, s.containerName]).sort(), [
      ['home/+/temp', SymbolKind.Key, 'MQTT subscribe'],
      ['home/kitchen/temp', SymbolKind.Event, 'MQTT publish'],
    ]);
    assert.equal(topicSymbols(index, '').length, 3);
  });
});
