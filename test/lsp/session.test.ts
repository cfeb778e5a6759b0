/**
 * The workspace session over the real protocol: the index follows settings and folders without a
 * restart, and the user's call patterns hold on every path into it (open files, files changed on disk).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  type Location,
  ReferencesRequest,
  type SymbolInformation,
  WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';

const TELEMETRY =
  'function sendTelemetry(topic, value) { /* wraps mqtt.js */ }\nsendTelemetry("home/kitchen/temp", 21);\n';
const DASHBOARD =
  "const mqtt = require('mqtt');\nconst c = mqtt.connect('mqtt://127.0.0.1');\nc.subscribe('home/+/temp');\n";
const PATTERNS = { topics: { callPatterns: [{ function: 'sendTelemetry', argument: 0, role: 'publish' }] } };

describe('workspace session (real server)', function () {
  let dir: string;
  let other: string;
  let client: LspClient;
  const uri = (folder: string, name: string) => pathToFileURL(join(folder, name)).toString();
  const where = (locations: Location[]) =>
    locations.map((l) => `${l.uri.split('/').pop()}:${l.range.start.line}`).sort();
  const referencesFromDashboard = async () =>
    where(
      (await client.connection.sendRequest(ReferencesRequest.type, {
        textDocument: { uri: uri(dir, 'dashboard.js') },
        position: { line: 2, character: 15 },
        context: { includeDeclaration: true },
      })) as Location[],
    );

  /** A server on `dir` with these settings, its first index built and dashboard.js open. */
  async function start(settings: Record<string, unknown>): Promise<void> {
    client = new LspClient();
    client.settings = settings;
    client.folders = [{ uri: pathToFileURL(dir).toString(), name: 'main' }];
    const indexed = client.nextLog(/^Topic index:/);
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(dir).toString(),
      workspaceFolders: client.folders,
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    await indexed;
    await client.open(uri(dir, 'dashboard.js'), DASHBOARD, 'javascript');
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-session-'));
    other = mkdtempSync(join(tmpdir(), 'mqttwb-session-other-'));
    writeFileSync(join(dir, 'telemetry.js'), TELEMETRY);
    writeFileSync(join(dir, 'dashboard.js'), DASHBOARD);
    mkdirSync(join(other, 'src'));
    writeFileSync(
      join(other, 'src', 'garage.py'),
      'import paho.mqtt.client as mqtt\nc = mqtt.Client()\nc.publish("home/garage/temp", 1)\n',
    );
  });

  afterEach(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
  });

  it('rebuilds the index when the call patterns change, without a restart', async () => {
    await start({});
    assert.deepEqual(await referencesFromDashboard(), ['dashboard.js:2']);
    client.settings = PATTERNS;
    const rebuilt = client.nextLog(/^Topic index:/);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { mqttWorkbench: PATTERNS },
    });
    await rebuilt;
    assert.deepEqual(await referencesFromDashboard(), ['dashboard.js:2', 'telemetry.js:1']);
  });

  it('finds the site under the cursor with the user patterns', async () => {
    await start(PATTERNS);
    await client.open(uri(dir, 'telemetry.js'), TELEMETRY, 'javascript');
    const found = (await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: uri(dir, 'telemetry.js') },
      position: { line: 1, character: 20 },
      context: { includeDeclaration: false },
    })) as Location[];
    assert.deepEqual(where(found), ['dashboard.js:2']);
  });

  it('keeps the user patterns when a file changed on disk is indexed again', async () => {
    await start(PATTERNS);
    assert.deepEqual(await referencesFromDashboard(), ['dashboard.js:2', 'telemetry.js:1']);
    writeFileSync(join(dir, 'telemetry.js'), `// moved down a line\n${TELEMETRY}`);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uri(dir, 'telemetry.js'), type: FileChangeType.Changed }],
    });
    let seen: string[] = [];
    for (let attempt = 0; attempt < 100 && !seen.includes('telemetry.js:2'); attempt++) {
      await new Promise((r) => setTimeout(r, 20));
      seen = await referencesFromDashboard();
    }
    assert.deepEqual(seen, ['dashboard.js:2', 'telemetry.js:2']);
  });

  it('indexes a workspace folder added while running', async () => {
    await start({});
    const symbols = async () =>
      (
        (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'garage' })) as SymbolInformation[]
      ).map((s) => s.name);
    assert.deepEqual(await symbols(), []);
    const added = { uri: pathToFileURL(other).toString(), name: 'other' };
    client.folders = [...client.folders, added];
    const rebuilt = client.nextLog(/^Topic index:/);
    await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: [added], removed: [] },
    });
    await rebuilt;
    assert.deepEqual(await symbols(), ['home/garage/temp']);
  });
});
