import * as assert from 'node:assert/strict';
import { SymbolKind } from 'vscode-languageserver-types';
import { AnalysisService } from '../../../server/src/service';
import { defaultSettings } from '../../../server/src/types';
import { counterpartsMarkdown, topicSymbols } from '../../../server/src/workspace/presentation';
import { TopicIndex } from '../../../server/src/workspace/topicIndex';

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

  it('lists topics matching a query as symbols, publishes as events', () => {
    const symbols = topicSymbols(index, 'HOME');
    assert.deepEqual(symbols.map((s) => [s.name, s.kind, s.containerName]).sort(), [
      ['home/+/temp', SymbolKind.Key, 'MQTT subscribe'],
      ['home/kitchen/temp', SymbolKind.Event, 'MQTT publish'],
    ]);
    assert.equal(topicSymbols(index, '').length, 3);
  });
});
