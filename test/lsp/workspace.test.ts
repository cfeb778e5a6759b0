/** The workspace topic index over the real protocol: background indexing, workspace checks, references, symbols. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type Diagnostic,
  type Hover,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  type Location,
  ReferencesRequest,
  type SymbolInformation,
  WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol';
import { CodeSubscriptionsRequest, TopicSitesRequest } from '../../common/src/protocol';
import { codesOf, LspClient } from '../helpers/lspClient';

describe('workspace topic index (real server)', function () {
  let dir: string;
  let client: LspClient;
  let sensorDiagnostics: Diagnostic[];
  let dashboardDiagnostics: Diagnostic[];
  const uri = (name: string) => pathToFileURL(join(dir, name)).toString();
  /** The references to the topic at a position, as `file:line`. */
  const referencesAt = async (file: string, line: number, character: number, includeDeclaration: boolean) => {
    const found = (await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: uri(file) },
      position: { line, character },
      context: { includeDeclaration },
    })) as Location[];
    return found.map((l) => `${l.uri.split('/').pop()}:${l.range.start.line}`);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-ws-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(
      join(dir, 'src', 'sensor.py'),
      'import paho.mqtt.client as mqtt\nc = mqtt.Client(client_id="kitchen")\nc.publish("home/kitchen/temp", 1, qos=2)\nc.publish("home/living_room/temp", 1)\n',
    );
    writeFileSync(
      join(dir, 'src', 'dashboard.js'),
      "const mqtt = require('mqtt');\nconst c = mqtt.connect('mqtt://127.0.0.1', { clientId: 'kitchen' });\nc.subscribe('home/+/temp', { qos: 1 });\nc.subscribe('home/livingroom/#');\nc.subscribe('office/#');\n",
    );
    client = new LspClient();
    client.settings = {};
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(dir).toString(),
      workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }],
      capabilities: { workspace: { configuration: true } },
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    // Both files open, and their diagnostics with the workspace checks in: every test below starts here.
    const sensor = client.nextDiagnostics(
      uri('src/sensor.py'),
      (p) => codesOf(p.diagnostics).includes('similar-topic'),
      20_000,
    );
    const dashboard = client.nextDiagnostics(
      uri('src/dashboard.js'),
      (p) => codesOf(p.diagnostics).includes('unmatched-subscription'),
      20_000,
    );
    await client.open(uri('src/sensor.py'), readFileSync(join(dir, 'src', 'sensor.py'), 'utf8'), 'python');
    await client.open(uri('src/dashboard.js'), readFileSync(join(dir, 'src', 'dashboard.js'), 'utf8'), 'javascript');
    sensorDiagnostics = (await sensor).diagnostics;
    dashboardDiagnostics = (await dashboard).diagnostics;
  });

  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports workspace-wide problems once the index is built', () => {
    assert.deepEqual(codesOf(sensorDiagnostics).sort(), [
      'duplicate-client-id',
      'qos-downgrade',
      'qos2-cost',
      'similar-topic',
    ]);
    // home/livingroom/# is fed by nothing (the sensor writes living_room), office/# neither.
    assert.deepEqual(
      dashboardDiagnostics.filter((d) => d.code === 'unmatched-subscription').map((d) => d.range.start.line),
      [3, 4],
    );
    assert.deepEqual(
      dashboardDiagnostics.filter((d) => d.code === 'similar-topic').map((d) => d.range.start.line),
      [3],
    );
  });

  it('names the code on each side of a live topic, and every subscription in code', async () => {
    const result = await client.connection.sendRequest(TopicSitesRequest, {
      topics: ['home/kitchen/temp', 'home/living_room/temp', 'office/printer', 'garden/rain'],
    });
    assert.ok(!('refused' in result));
    assert.equal(result.complete, true);
    assert.equal(result.files, 2);
    const summary = result.topics.map((t) => ({
      topic: t.topic,
      publishers: t.publishers.map((s) => `${s.uri.split('/').pop()}:${s.range.start.line}`),
      subscribers: t.subscribers.map((s) => `${s.uri.split('/').pop()}:${s.range.start.line}:${s.display}`),
    }));
    assert.deepEqual(summary, [
      { topic: 'home/kitchen/temp', publishers: ['sensor.py:2'], subscribers: ['dashboard.js:2:home/+/temp'] },
      { topic: 'home/living_room/temp', publishers: ['sensor.py:3'], subscribers: ['dashboard.js:2:home/+/temp'] },
      { topic: 'office/printer', publishers: [], subscribers: ['dashboard.js:4:office/#'] },
      // Flowing on a broker, but no code here publishes or receives it.
      { topic: 'garden/rain', publishers: [], subscribers: [] },
    ]);
    const subscriptions = await client.connection.sendRequest(CodeSubscriptionsRequest);
    assert.ok(!('refused' in subscriptions));
    assert.deepEqual(subscriptions.sites.map((s) => s.pattern).sort(), [
      'home/+/temp',
      'home/livingroom/#',
      'office/#',
    ]);
  });

  it('finds references across files, filter-aware in both directions', async () => {
    const fromFilter = await referencesAt('src/dashboard.js', 2, 16, true);
    assert.deepEqual(fromFilter.sort(), ['dashboard.js:2', 'sensor.py:2', 'sensor.py:3']);
    assert.deepEqual(await referencesAt('src/sensor.py', 2, 14, false), ['dashboard.js:2']);
  });

  it('lists topics as workspace symbols and links counterparts in hovers', async () => {
    const symbols = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, {
      query: 'living',
    })) as SymbolInformation[];
    assert.deepEqual(symbols.map((s) => s.name).sort(), ['home/living_room/temp', 'home/livingroom/#']);
    const hover = (await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: uri('src/dashboard.js') },
      position: { line: 2, character: 16 },
    })) as Hover;
    assert.match((hover.contents as { value: string }).value, /Fed in the workspace by:.*sensor\.py:3/);
  });

  it('follows edits: moved sites keep their checks at their new lines, and a topic typed to match clears both sides', async () => {
    const original = readFileSync(join(dir, 'src', 'dashboard.js'), 'utf8');
    const dashboard = uri('src/dashboard.js');
    const unmatched = (p: { diagnostics: Diagnostic[] }) =>
      p.diagnostics.filter((d) => d.code === 'unmatched-subscription').map((d) => d.range.start.line);
    // A line inserted above every site: the same topics, one line further down, in the sensor's messages too.
    const similarAt = (p: { diagnostics: Diagnostic[] }) =>
      p.diagnostics.find((d) => d.code === 'similar-topic')?.relatedInformation?.[0]?.location.range.start.line;
    const moved = client.nextDiagnostics(uri('src/sensor.py'), (p) => similarAt(p) === 4, 20_000);
    let published = client.nextDiagnostics(dashboard, (p) => p.version === 2);
    await client.edit(dashboard, 2, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '// moved\n');
    let diagnostics = (await published).diagnostics;
    assert.deepEqual(unmatched({ diagnostics }), [4, 5]);
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'similar-topic').map((d) => d.range.start.line),
      [4],
    );
    // The index hands out the moved sites: the sensor's topic is received on the dashboard's new line.
    assert.deepEqual(await referencesAt('src/sensor.py', 2, 14, false), ['dashboard.js:3']);
    const sensorMoved = (await moved).diagnostics.find((d) => d.code === 'similar-topic')!;
    assert.match(sensorMoved.relatedInformation?.[0]?.message ?? '', /livingroom/);
    // `home/livingroom/#` spelled as the sensor publishes: it is fed now, and the sensor's topic is received.
    const line = original.split('\n')[3]!;
    const at = line.indexOf('livingroom');
    const sensor = client.nextDiagnostics(
      uri('src/sensor.py'),
      (p) => !codesOf(p.diagnostics).includes('similar-topic'),
      20_000,
    );
    published = client.nextDiagnostics(dashboard, (p) => p.version === 3);
    await client.edit(
      dashboard,
      3,
      { start: { line: 4, character: at }, end: { line: 4, character: at + 'livingroom'.length } },
      'living_room',
    );
    diagnostics = (await published).diagnostics;
    assert.deepEqual(unmatched({ diagnostics }), [5]);
    assert.ok(!codesOf(diagnostics).includes('similar-topic'), JSON.stringify(diagnostics));
    assert.deepEqual(codesOf((await sensor).diagnostics).sort(), ['duplicate-client-id', 'qos-downgrade', 'qos2-cost']);
    // And back: the spelling differs again on both sides.
    const again = client.nextDiagnostics(
      uri('src/sensor.py'),
      (p) => codesOf(p.diagnostics).includes('similar-topic'),
      20_000,
    );
    published = client.nextDiagnostics(dashboard, (p) => p.version === 4);
    await client.change(dashboard, 4, original);
    assert.deepEqual(unmatched(await published), [3, 4]);
    await again;
  });
});

describe('URIs spelled by VS Code (real server)', function () {
  let dir: string;
  let client: LspClient;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-uri-'));
    mkdirSync(join(dir, 'a+b@c'));
    writeFileSync(
      join(dir, 'a+b@c', 'app.py'),
      'import paho.mqtt.client as mqtt\nc = mqtt.Client(client_id="solo")\nc.publish("plant/line1/state", 1)\nc.subscribe("plant/line1/cmd")\n',
    );
    writeFileSync(
      join(dir, 'ui.js'),
      "const mqtt = require('mqtt');\nconst c = mqtt.connect('mqtt://h');\nc.subscribe('plant/+/state');\nc.publish('plant/line1/cmd', 'go');\n",
    );
  });

  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes a file the editor opens under VS Code spelling once, not twice', async () => {
    // What VS Code sends for this path: `+` and `@` percent-encoded (vscode-uri), unlike Node's pathToFileURL.
    const vscodeUri = `${pathToFileURL(dir).toString()}/a%2Bb%40c/app.py`;
    assert.notEqual(vscodeUri, pathToFileURL(join(dir, 'a+b@c', 'app.py')).toString());
    client = new LspClient();
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(dir).toString(),
      workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }],
      capabilities: { workspace: { configuration: true } },
    });
    const indexed = client.loggedOrNext(/^Topic index: 2 of 2 source files/);
    await client.connection.sendNotification(InitializedNotification.type, {});
    await indexed;
    const published = client.nextDiagnostics(vscodeUri, () => true, 20_000);
    await client.open(vscodeUri, readFileSync(join(dir, 'a+b@c', 'app.py'), 'utf8'), 'python');
    const { diagnostics } = await published;
    assert.deepEqual(codesOf(diagnostics), [], 'no client id "also used" by its own file, no unmatched topic');
    const symbols = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, {
      query: 'plant/line1',
    })) as SymbolInformation[];
    assert.deepEqual(
      symbols.map((s) => `${s.name} ${s.location.uri}`).sort(),
      [
        `plant/line1/cmd ${pathToFileURL(join(dir, 'ui.js')).toString()}`,
        `plant/line1/cmd ${vscodeUri}`,
        `plant/line1/state ${vscodeUri}`,
      ].sort(),
    );
  });
});
