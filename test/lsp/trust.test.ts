/** An untrusted workspace: the server reads only the open documents and runs no program. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  InitializedNotification,
  InitializeRequest,
  type SymbolInformation,
  WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol';
import { TopicSitesRequest } from '../../common/src/protocol';
import { codesOf, LspClient } from '../helpers/lspClient';

const CONFIG = 'listener 1883 127.0.0.1\nallow_anonymous false\npassword_file passwd\nacl_file broker.acl\n';

describe('workspace trust (real server)', function () {
  let dir: string;
  let marker: string;
  let client: LspClient;

  async function start(trusted: boolean): Promise<void> {
    client = new LspClient();
    const ready = client.nextLog(/language server ready/);
    const indexed = client.nextLog(/^Topic index:/);
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(dir).toString(),
      workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'repo' }],
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { trusted },
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    await ready;
    await indexed;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-trust-'));
    marker = join(dir, '..', `${dir.split('/').pop() ?? 'x'}-fsmonitor-ran`);
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.js'), "const mqtt = require('mqtt');\nc.publish('home/kitchen/temp', '21');\n");
    writeFileSync(join(dir, 'mosquitto.conf'), CONFIG);
    writeFileSync(join(dir, 'passwd'), 'alice:plaintext-secret\n');
    writeFileSync(join(dir, 'broker.acl'), 'user alice\ntopic readwrite home/#\n');
    spawnSync('git', ['init', '-q'], { cwd: dir });
    // A repository's own config naming a program git runs on `git status`/`ls-files`.
    spawnSync('git', ['config', 'core.fsmonitor', `touch '${marker}'; false`], { cwd: dir });
  });

  afterEach(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(marker, { force: true });
  });

  it('untrusted: checks the open document only, builds no index and runs nothing', async () => {
    await start(false);
    const uri = pathToFileURL(join(dir, 'mosquitto.conf')).toString();
    const published = client.nextDiagnostics(uri);
    await client.open(uri, CONFIG);
    const codes = codesOf((await published).diagnostics);
    assert.ok(!codes.includes('plaintext-password-file'), 'read the password file');
    assert.ok(!codes.includes('missing-file'), 'claimed a file is missing without looking');
    const symbols = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, {
      query: '',
    })) as SymbolInformation[];
    assert.deepEqual(symbols, []);
    // The broker side's question about code is refused with the reason, not answered with "no code".
    const sites = await client.connection.sendRequest(TopicSitesRequest, { topics: ['home/kitchen/temp'] });
    assert.ok('refused' in sites && /Restricted Mode/.test(sites.refused));
    assert.ok(!existsSync(marker), 'a program from the repository ran');
  });

  it('trusted: the same workspace is indexed and the files the config names are read', async () => {
    await start(true);
    const uri = pathToFileURL(join(dir, 'mosquitto.conf')).toString();
    const published = client.nextDiagnostics(uri);
    await client.open(uri, CONFIG);
    assert.ok(codesOf((await published).diagnostics).includes('plaintext-password-file'));
    const symbols = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, {
      query: '',
    })) as SymbolInformation[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['home/kitchen/temp'],
    );
  });
});
