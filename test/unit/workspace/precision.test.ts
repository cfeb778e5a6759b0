/** Workspace checks that agree with the hover and with each other, and pair only files that run together. */
import * as assert from 'node:assert/strict';
import { AnalysisService } from '../../../server/src/service';
import { defaultSettings } from '../../../server/src/types';
import { programOf } from '../../../server/src/workspace/programs';
import { counterpartsMarkdown } from '../../../server/src/workspace/presentation';
import { TopicIndex } from '../../../server/src/workspace/topicIndex';
import { workspaceProblems } from '../../../server/src/workspace/workspaceChecks';

const JS = "const mqtt = require('mqtt');\n";
const ROOT = '/w';
const uriOf = (name: string) => `file://${ROOT}/${name}`;

function indexOf(files: Record<string, string>, roots: string[] = []): TopicIndex {
  const service = new AnalysisService();
  const index = new TopicIndex();
  index.setRoots(roots);
  for (const [name, text] of Object.entries(files)) {
    const entry = service.fileIndexEntry(
      { uri: uriOf(name), languageId: 'javascript', text: JS + text },
      defaultSettings,
    );
    index.set(uriOf(name), entry.sites, entry.clientIds);
  }
  return index;
}

const codes = (index: TopicIndex, name: string) => workspaceProblems(index, uriOf(name)).map((p) => p.code);

describe('workspace checks: precision', () => {
  it('names a catch-all # receiver in the warning as the hover does', () => {
    const index = indexOf({
      'app.js': "c.publish('plant/line1/state', 'x');\n",
      'debug.js': "c.subscribe('#');\n",
    });
    const [site] = index.sitesOf(uriOf('app.js'));
    const [problem] = workspaceProblems(index, uriOf('app.js'));
    assert.equal(problem?.code, 'unmatched-publish');
    assert.match(problem.detail ?? '', /^Only the catch-all `#` \(debug\.js:2\) receives `plant\/line1\/state`/);
    assert.equal(problem.related?.[0]?.location.uri, uriOf('debug.js'));
    assert.match(
      counterpartsMarkdown(index, site!),
      /^\*\*Received in the workspace only by the catch-all `#`:\*\* \[/,
    );
  });

  it('does not call a topic received only by # when a subscription names it', () => {
    const index = indexOf({
      'app.js': "c.publish('plant/line1/state', 'x');\n",
      'debug.js': "c.subscribe('#');\nc.subscribe('plant/+/state');\n",
    });
    const [site] = index.sitesOf(uriOf('app.js'));
    assert.deepEqual(codes(index, 'app.js'), []);
    assert.match(counterpartsMarkdown(index, site!), /^\*\*Received in the workspace by:\*\* /);
  });

  it('gives a topic the broker rejects only its own Error, and counts it as no sender', () => {
    const service = new AnalysisService();
    const index = indexOf({
      'app.js': "c.publish('plant/+/state', 'x');\nc.publish('nobody/+/listens', 'x');\n",
      'ui.js': "c.subscribe('plant/line1/state');\nc.publish('other/topic', 'y');\n",
      'other.js': "c.subscribe('other/topic');\n",
    });
    const diagnostics = service.diagnose(
      {
        uri: uriOf('app.js'),
        languageId: 'javascript',
        text: `${JS}c.publish('plant/+/state', 'x');\nc.publish('nobody/+/listens', 'x');\n`,
      },
      defaultSettings,
      index,
    );
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['wildcard-in-topic-name', 'wildcard-in-topic-name'],
    );
    // The rejected publish feeds nothing: the subscription is reported as unfed.
    assert.deepEqual(codes(index, 'ui.js'), ['unmatched-subscription']);
    const [site] = index.sitesOf(uriOf('app.js'));
    assert.equal(
      counterpartsMarkdown(index, site!),
      '**Received in the workspace by:** nothing: a broker rejects this topic.',
    );
  });

  it('compares spellings only of topics long enough to be names', () => {
    const index = indexOf({
      'a.js': "c.publish('t', 'x');\nc.publish('home/Kitchen/temp', 'x');\n",
      'b.js': "c.subscribe('T');\nc.subscribe('home/kitchen/temp');\n",
    });
    const similar = workspaceProblems(index, uriOf('a.js')).filter((p) => p.code === 'similar-topic');
    assert.deepEqual(
      similar.map((p) => p.range.start.line),
      [2],
    );
  });

  it('does not pair spellings across test files that never run together, but pairs a test with the application', () => {
    const index = indexOf({
      'test/status.test.js': "c.publish('device/Status', 'x');\n",
      'test/other.test.js': "c.subscribe('device/status');\n",
      'src/app.js': "c.subscribe('home/livingroom/temp');\n",
      'test/app.test.js': "c.publish('home/living_room/temp', 'x');\n",
    });
    assert.ok(!codes(index, 'test/status.test.js').includes('similar-topic'));
    assert.ok(!codes(index, 'test/other.test.js').includes('similar-topic'));
    assert.ok(codes(index, 'test/app.test.js').includes('similar-topic'));
    assert.ok(codes(index, 'src/app.js').includes('similar-topic'));
  });

  it('ties QoS downgrades only within one program, not between independent examples', () => {
    const files = {
      'examples/pub_qos2.js': "c.publish('demo/topic', 'x', { qos: 2 });\n",
      'examples/sub_qos0.js': "c.subscribe('demo/topic', { qos: 0 });\n",
      'examples/chat/pub.js': "c.publish('chat/room', 'x', { qos: 2 });\n",
      'examples/chat/sub.js': "c.subscribe('chat/room', { qos: 0 });\n",
      'src/sensor.js': "c.publish('home/temp', 'x', { qos: 2 });\n",
      'lib/dashboard.js': "c.subscribe('home/temp', { qos: 1 });\n",
    };
    const index = indexOf(files);
    assert.ok(!codes(index, 'examples/pub_qos2.js').includes('qos-downgrade'), 'two examples');
    assert.ok(codes(index, 'examples/chat/pub.js').includes('qos-downgrade'), 'one multi-file example');
    assert.ok(codes(index, 'src/sensor.js').includes('qos-downgrade'), 'the application');
  });

  it('decides programs inside the workspace folder, not by the folders above it', () => {
    const roots = ['/home/me/test/proj'];
    const index = new TopicIndex();
    index.setRoots(roots);
    assert.equal(index.programOf('file:///home/me/test/proj/src/a.js'), undefined);
    assert.equal(programOf('file:///home/me/test/proj/src/a.js', []), 'file:///home/me/test/proj');
    assert.equal(
      index.programOf('file:///home/me/test/proj/tests/test_a.py'),
      'file:///home/me/test/proj/tests/test_a.py',
    );
    assert.equal(
      index.programOf('file:///home/me/test/proj/pkg/conn_test.go'),
      'file:///home/me/test/proj/pkg/conn_test.go',
    );
    assert.equal(
      index.programOf('file:///home/me/test/proj/examples/chat/sub.js'),
      'file:///home/me/test/proj/examples/chat',
    );
  });
});
