import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CodeAction,
  CodeActionRequest,
  type CompletionItem,
  CompletionRequest,
  type Hover,
  HoverRequest,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { codesOf, LspClient } from '../helpers/lspClient';

const FLAWED = [
  'listener 1883 0.0.0.0',
  'allow_annonymous true',
  'allow_anonymous true',
  'password_file /etc/mosquitto/passwd # the users',
  '',
].join('\n');

describe('language server over stdio (real protocol, real process)', function () {
  let client: LspClient;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mqttwb-lsp-'));
    client = new LspClient();
    client.settings = { diagnostics: { checkReferencedFiles: false } };
    await client.initialize();
  });

  afterEach(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const uriOf = (name: string) => pathToFileURL(join(dir, name)).toString();

  it('announces its capabilities', async () => {
    const c2 = new LspClient();
    const result = (await c2.initialize()) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    assert.equal(result.serverInfo.name, 'mqtt-workbench');
    assert.ok(result.capabilities.hoverProvider);
    assert.ok(result.capabilities.completionProvider);
    assert.ok(result.capabilities.codeActionProvider);
    assert.equal(await c2.stop(), 0);
  });

  it('publishes diagnostics on open, updates them on change and clears them on close', async () => {
    const uri = uriOf('mosquitto.conf');
    const first = client.nextDiagnostics(uri);
    await client.open(uri, FLAWED);
    const opened = await first;
    const typo = opened.diagnostics.find((d) => d.code === 'unknown-option');
    assert.ok(typo, `got ${codesOf(opened.diagnostics).join(', ')}`);
    assert.deepEqual(typo.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 16 } });
    assert.ok(codesOf(opened.diagnostics).includes('anonymous-on-public-listener'));
    assert.ok(codesOf(opened.diagnostics).includes('inline-comment-in-value'));

    const fixed = client.nextDiagnostics(uri, (p) => p.version === 2);
    await client.change(uri, 2, FLAWED.replace('allow_annonymous true\n', ''));
    assert.ok(!codesOf((await fixed).diagnostics).includes('unknown-option'));

    const cleared = client.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
    await client.close(uri);
    await cleared;
  });

  it('uses the settings the client sends: severities and version', async () => {
    client.settings = {
      mosquitto: { version: '2.1' },
      diagnostics: { severity: { 'unknown-option': 'off' }, checkReferencedFiles: false },
    };
    const uri = uriOf('mosquitto.conf');
    const published = client.nextDiagnostics(uri);
    await client.open(uri, `${FLAWED}global_max_clients 10\n`);
    const codes = codesOf((await published).diagnostics);
    assert.ok(!codes.includes('unknown-option'));
    assert.ok(!codes.includes('unsupported-in-version'));
  });

  it('hovers document options and values', async () => {
    const uri = uriOf('mosquitto.conf');
    await client.open(uri, FLAWED);
    const onName = (await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 3 },
    })) as Hover;
    assert.match((onName.contents as MarkupContent).value, /allow_anonymous/);
    const onAddress = (await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 0, character: 16 },
    })) as Hover;
    assert.match((onAddress.contents as MarkupContent).value, /IPv4/);
    const onNothing = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 4, character: 0 },
    });
    assert.equal(onNothing, null);
  });

  it('completes option names by position and values after the name', async () => {
    const uri = uriOf('mosquitto.conf');
    const text = 'listener 1883 127.0.0.1\nconnection cloud\n\npersistence \n';
    await client.open(uri, text);
    const names = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 0 },
    })) as CompletionItem[];
    const labels = names.map((i) => i.label);
    assert.ok(labels.includes('persistence'));
    assert.ok(labels.includes('remote_username'), 'bridge options after a connection');
    const bridgeFirst = [...names].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))[0]!;
    assert.ok(
      ['address', 'addresses', 'topic', 'remote_username'].includes(bridgeFirst.label) ||
        bridgeFirst.label.startsWith('bridge_') ||
        bridgeFirst.sortText!.startsWith('0'),
    );
    const values = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 3, character: 12 },
    })) as CompletionItem[];
    assert.deepEqual(
      values.map((i) => i.label),
      ['true', 'false'],
    );

    await client.open(uriOf('other.conf'), '\n');
    const noBridge = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: uriOf('other.conf') },
      position: { line: 0, character: 0 },
    })) as CompletionItem[];
    assert.ok(!noBridge.map((i) => i.label).includes('remote_username'), 'no bridge options without a connection');
  });

  it('offers quick fixes that repair the file', async () => {
    const uri = uriOf('mosquitto.conf');
    const published = client.nextDiagnostics(uri);
    await client.open(uri, FLAWED);
    const { diagnostics } = await published;
    const typo = diagnostics.find((d) => d.code === 'unknown-option')!;
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: typo.range,
      context: { diagnostics: [typo] },
    })) as CodeAction[];
    assert.equal(actions[0]?.title, 'Change to `allow_anonymous`');
    const edit = actions[0].edit!.changes![uri]![0] as TextEdit;
    assert.deepEqual(edit, { range: typo.range, newText: 'allow_anonymous' });
  });

  it('survives bad input: binary, huge, a 1 MB line, invalid UTF-8, empty', async () => {
    const inputs: [string, string][] = [
      ['binary.conf', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1')],
      ['huge.conf', 'listener 1883 127.0.0.1\n'.repeat(420_000)],
      ['longline.conf', `pid_file /${'a'.repeat(1_000_000)}\n`],
      ['invalid.conf', 'pid_file /run/\uFFFD.pid\n'],
      ['empty.conf', ''],
    ];
    for (const [name, text] of inputs) {
      const uri = uriOf(name);
      const published = client.nextDiagnostics(uri, () => true, 30_000);
      await client.open(uri, text);
      const { diagnostics } = await published;
      assert.ok(diagnostics.length <= 201, `${name}: capped, got ${diagnostics.length}`);
      if (name === 'huge.conf')
        assert.ok(codesOf(diagnostics).includes('too-many-problems'), 'huge file reports what it left out');
      if (name === 'invalid.conf')
        assert.deepEqual(
          codesOf(diagnostics).filter((c) => c === 'malformed-utf8'),
          ['malformed-utf8'],
        );
      if (name === 'empty.conf') assert.ok(codesOf(diagnostics).includes('no-listener'));
    }
    // Still answering.
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: uriOf('huge.conf') },
      position: { line: 0, character: 2 },
    });
    assert.ok(hover);
  });

  it('reads referenced files relative to the config', async () => {
    client.settings = {};
    writeFileSync(join(dir, 'passwd'), 'alice:$7$abc\n');
    const uri = uriOf('mosquitto.conf');
    const published = client.nextDiagnostics(uri);
    await client.open(uri, 'listener 1883 127.0.0.1\npassword_file passwd\nacl_file missing.acl\n');
    const missing = (await published).diagnostics.filter((d) => d.code === 'missing-file');
    assert.deepEqual(
      missing.map((d) => d.range.start.line),
      [2],
    );
  });
});
